// A member's cluster actor that crashes is restarted by its supervisor, and must stay
// reachable: the peers dial the member's CAF port again and say hello to whatever is
// published there. Two nodes in this process.
#include <gtest/gtest.h>

#include <caf/all.hpp>

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "actors/cluster/hash_ring.hpp"
#include "adapters/sqlite/uuid.hpp"
#include "messages/cluster.hpp"
#include "runtime/node/node.hpp"
#include "tests/cluster/in_process_member.hpp"
#include "tests/cluster/parked_nodes.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/free_port.hpp"

namespace wm::testing {
namespace {

constexpr auto kTimeout = std::chrono::seconds(10);

std::string member(int port) {
  return "127.0.0.1:" + std::to_string(port);
}

TEST(ClusterProcess, CrashedClusterActorIsRestartedAndRejoins) {
  const auto root =
      std::filesystem::temp_directory_path() / ("wm_cluster_restart_" + std::to_string(::getpid()));
  std::filesystem::create_directories(root);
  const int port_a = free_port();
  int port_b = free_port();
  while (port_b == port_a) port_b = free_port();
  const std::string a = member(port_a), b = member(port_b);
  auto started_a = start_in_process_member(root / "a", port_a, a + "," + b);
  ASSERT_TRUE(started_a) << started_a.error().message;
  auto started_b = start_in_process_member(root / "b", port_b, a + "," + b);
  ASSERT_TRUE(started_b) << started_b.error().message;
  auto node_a = std::move(started_a).value();
  auto node_b = std::move(started_b).value();
  ASSERT_TRUE(eventually([&] { return sees_up(*node_a, b) && sees_up(*node_b, a); }));

  // A document owned by A, created through B (forwarded).
  const cluster::hash_ring ring{{a, b}, 64};
  sqlite::uuid_generator gen;
  std::string id = gen.next();
  while (ring.owner(id) != a) id = gen.next();
  create_document_cmd c;
  c.id = id;
  c.title = "owned by A";
  c.content = "still here";
  auto via_b = node_b->service<documents_actor>(services::documents);
  ASSERT_TRUE(node_b->ask<document>(via_b, kTimeout, create_atom::value, c));

  // A's cluster actor crashes; its supervisor starts a new one.
  auto first = node_a->service<caf::actor>(services::cluster);
  caf::anon_send_exit(first, caf::exit_reason::kill);
  ASSERT_TRUE(eventually([&] {
    auto now = node_a->service<caf::actor>(services::cluster);
    return now && now != first;
  }));

  // Both sides see each other up again, and B reaches A's document through A's new actor.
  EXPECT_TRUE(eventually([&] {
    if (!sees_up(*node_a, b) || !sees_up(*node_b, a)) return false;
    auto got = node_b->ask<document>(node_b->service<documents_actor>(services::documents),
                                     kTimeout, get_atom::value, id);
    return got && got->content == "still here";
  })) << "A up at B: "
      << sees_up(*node_b, a) << ", B up at A: " << sees_up(*node_a, b);

  park(std::move(node_a));
  park(std::move(node_b));
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace wm::testing
