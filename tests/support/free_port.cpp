#include "tests/support/free_port.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <random>

namespace wm::testing {

namespace {

// The port bound on 127.0.0.1 (0: the kernel picks), or -1.
int bind_and_release(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  socklen_t len = sizeof a;
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0;
  close(fd);
  return ok ? ntohs(a.sin_port) : -1;
}

}  // namespace

int free_port() {
  // Random, so parallel test processes rarely try the same one.
  static thread_local std::mt19937 pick{std::random_device{}() ^ static_cast<unsigned>(getpid())};
  std::uniform_int_distribution<int> below_ephemeral{20000, 32000};
  for (int attempt = 0; attempt < 64; ++attempt)
    if (int port = bind_and_release(below_ephemeral(pick)); port > 0) return port;
  return bind_and_release(0);
}

}  // namespace wm::testing
