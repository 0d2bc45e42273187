// wm_fake_provider_server: the fake OpenAI + Anthropic server as a process, for tests written
// in other languages. `--port 0 --print-port` prints the chosen port on stdout; it serves
// until SIGTERM or SIGINT. Script it with POST /_script (see fake_behaviour.hpp).
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "tests/support/fake_provider/fake_provider.hpp"

int main(int argc, char** argv) {
  wm::fake::fake_provider_options options;
  bool print_port = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
      options.port = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--print-port") == 0) {
      print_port = true;
    } else {
      std::fprintf(stderr, "usage: %s [--port N] [--print-port]\n", argv[0]);
      return 2;
    }
  }
  // Block the stop signals before the server starts its thread, then wait for one here.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  wm::fake::fake_provider server(options);
  if (!server.running()) {
    std::fprintf(stderr, "wm_fake_provider_server: %s\n", server.error().c_str());
    return 1;
  }
  if (print_port) {
    std::printf("%d\n", server.port());
    std::fflush(stdout);
  }
  int sig = 0;
  sigwait(&stop_signals, &sig);
  server.stop();
  return 0;
}
