// Child process of the documents crash test: starts a node with the document services on
// the given data directory (synchronous=FULL) and creates documents through the documents
// actor, 32 in flight, printing each acknowledged id on its own line (flushed at once),
// until killed or `count` are written.
//   wm_store_crash_writer <data_dir> <count> <tag>
#include <caf/all.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "actors/documents/document_services.hpp"
#include "runtime/node/node.hpp"

int main(int argc, char** argv) {
  using namespace wm;
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s <data_dir> <count> <tag>\n", argv[0]);
    return 2;
  }
  std::string dir = argv[1];
  long count = std::strtol(argv[2], nullptr, 10);
  std::string tag = argv[3];
  document_services_options opts;
  opts.db_path = dir + "/writemagic.db";
  opts.store.synchronous = "FULL";
  node_config cfg;
  cfg.max_threads = 2;
  cfg.logging.level = spdlog::level::warn;
  cfg.metrics = std::make_shared<metrics_registry>();
  cfg.services = make_document_services(opts, cfg.metrics);
  auto started = node::start(std::move(cfg));
  if (!started) {
    std::fprintf(stderr, "node start: %s\n", started.error().message.c_str());
    return 3;
  }
  auto& n = *started.value();
  auto docs = n.service<documents_actor>(services::documents);
  caf::scoped_actor self{n.system()};
  constexpr long window = 32;
  for (long base = 0; base < count; base += window) {
    using handle_t = decltype(self->request(docs, std::chrono::seconds(60), create_atom::value,
                                            create_document_cmd{}));
    std::vector<handle_t> pending;
    for (long i = base; i < base + window && i < count; ++i) {
      create_document_cmd c;
      c.title = tag + " " + std::to_string(i);
      c.content = "crash writer document " + std::to_string(i) + " " + std::string(i % 300, 'x');
      pending.push_back(
          self->request(docs, std::chrono::seconds(60), create_atom::value, std::move(c)));
    }
    for (auto& h : pending) {
      bool failed = false;
      h.receive(
          [&](document& d) {
            std::fputs((d.id + "\n").c_str(), stdout);
            std::fflush(stdout);
          },
          [&](caf::error& err) {
            std::fprintf(stderr, "create failed: %s\n", to_failure(err).message.c_str());
            failed = true;
          });
      if (failed) return 4;
    }
  }
  n.stop();
  return 0;
}
