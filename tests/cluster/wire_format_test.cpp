// Pins the bytes CAF writes for every type that crosses nodes in a cluster (the
// handshake and every documents request and answer a forward carries). A change to one
// of their inspect() functions changes these bytes: then bump cluster_wire_version in
// messages/cluster.hpp and record the new bytes (run this test with
// WM_UPDATE_WIRE_GOLDEN=1 to write tests/cluster/wire_v<version>.golden).
#include <gtest/gtest.h>
#include <caf/binary_serializer.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "messages/cluster.hpp"
#include "messages/document.hpp"
#include "messages/documents.hpp"
#include "messages/text_stats.hpp"

namespace wm {
namespace {

template <class T>
std::string hex_of(T value) {
  std::vector<char> buf;
  caf::binary_serializer sink{nullptr, buf};
  if (auto err = sink(value)) return "error";
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (char c : buf) {
    auto b = static_cast<unsigned char>(c);
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0xf]);
  }
  return out;
}

// Values with distinct fields, so reordering two fields of one type changes the bytes.
std::map<std::string, std::string> current_wire_bytes() {
  std::map<std::string, std::string> out;
  out["cluster_hello"] = hex_of(cluster_hello{cluster_wire_version, "127.0.0.1:7001", {"a:1"}});
  out["member_info"] = hex_of(member_info{"b:2", member_state::connecting, 3, true});
  create_document_cmd create{"id", "proj", "title", "body", "plain", "me"};
  out["create_document_cmd"] = hex_of(create);
  out["update_document_cmd"] = hex_of(update_document_cmd{});
  out["patch_document_cmd"] = hex_of(patch_document_cmd{});
  out["text_edit"] = hex_of(text_edit{});
  out["rename_document_cmd"] = hex_of(rename_document_cmd{});
  out["move_document_cmd"] = hex_of(move_document_cmd{});
  out["delete_document_cmd"] = hex_of(delete_document_cmd{});
  out["history_query"] = hex_of(history_query{"id", 1, 2});
  out["restore_cmd"] = hex_of(restore_cmd{});
  out["find_replace_cmd"] = hex_of(find_replace_cmd{});
  out["find_replace_result"] = hex_of(find_replace_result{});
  out["create_project_cmd"] = hex_of(create_project_cmd{});
  out["export_report"] = hex_of(export_report{{"x.md"}, true, true});
  out["file_progress"] = hex_of(file_progress{3, 10, "a.md"});
  out["document"] = hex_of(document{});
  out["document_summary"] = hex_of(document_summary{"i", "p", "t", "c", 1, 2, 3, 4, 5, false});
  out["revision"] = hex_of(revision{});
  out["project"] = hex_of(project{"p", "n", "d", {"x"}, 1, 2, 3});
  out["list_query"] = hex_of(list_query{"p", 1, 2, document_sort::title_asc, true, "after"});
  out["document_page"] = hex_of(document_page{});
  out["search_hit"] = hex_of(search_hit{"i", "t", "s", 1.5});
  out["text_stats"] = hex_of(text_stats{});
  return out;
}

std::string golden_path() {
  return std::string{WM_SOURCE_DIR} + "/tests/cluster/wire_v" +
         std::to_string(cluster_wire_version) + ".golden";
}

TEST(ClusterWireFormat, MatchesTheBytesPinnedForThisWireVersion) {
  const auto current = current_wire_bytes();
  if (std::getenv("WM_UPDATE_WIRE_GOLDEN")) {
    std::ofstream out{golden_path()};
    for (const auto& [name, hex] : current) out << name << ' ' << hex << '\n';
    GTEST_SKIP() << "wrote " << golden_path();
  }
  std::ifstream in{golden_path()};
  ASSERT_TRUE(in) << "no " << golden_path() << ": a new cluster_wire_version needs its bytes "
                  << "recorded (WM_UPDATE_WIRE_GOLDEN=1)";
  std::map<std::string, std::string> pinned;
  std::string name, hex;
  while (in >> name >> hex) pinned[name] = hex;
  for (const auto& [type, bytes] : current) {
    ASSERT_TRUE(pinned.count(type)) << type << " is not pinned in " << golden_path();
    EXPECT_EQ(bytes, pinned[type])
        << type << " serializes differently from wire version " << cluster_wire_version
        << ": bump cluster_wire_version in messages/cluster.hpp and record the new bytes";
  }
}

}  // namespace
}  // namespace wm
