#include "bench/http_client/stream_hold_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <vector>

namespace wm::bench {
namespace {

struct connection {
  std::string request;
  bool streaming = false;
  int sent = 0;
};

bool send_all(int fd, const std::string& data) {
  return ::send(fd, data.data(), data.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(data.size());
}

std::string chunk(const std::string& data) {
  char len[24];
  std::snprintf(len, sizeof len, "%zx\r\n", data.size());
  return len + data + "\r\n";
}

}  // namespace

std::string plain_token_event(int index, int) {
  return "data: {\"token\":" + std::to_string(index) + "}\n\n";
}

stream_hold_server::stream_hold_server(int tokens, std::chrono::milliseconds interval,
                                       sse_framing framing)
    : tokens_(tokens), interval_(interval), framing_(std::move(framing)) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  const int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  listen(listen_fd_, 65535);
  socklen_t len = sizeof addr;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  epoll_fd_ = epoll_create1(0);
  stop_fd_ = eventfd(0, EFD_NONBLOCK);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = listen_fd_;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev);
  ev.data.fd = stop_fd_;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, stop_fd_, &ev);
  thread_ = std::thread([this] { run(); });
}

stream_hold_server::~stream_hold_server() {
  const uint64_t one = 1;
  (void)!write(stop_fd_, &one, sizeof one);
  thread_.join();
  close(stop_fd_);
  close(epoll_fd_);
  close(listen_fd_);
}

void stream_hold_server::run() {
  std::unordered_map<int, connection> conns;
  size_t streaming = 0;
  auto drop = [&](int fd) {
    auto it = conns.find(fd);
    if (it != conns.end() && it->second.streaming) --streaming;
    conns.erase(fd);
    epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
    close(fd);
  };
  auto next_tick = std::chrono::steady_clock::now() + interval_;
  epoll_event events[256];
  for (;;) {
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
        next_tick - std::chrono::steady_clock::now());
    const int n =
        epoll_wait(epoll_fd_, events, 256, std::max<int>(0, static_cast<int>(wait.count())));
    for (int i = 0; i < n; ++i) {
      const int fd = events[i].data.fd;
      if (fd == stop_fd_) {
        for (auto& [cfd, c] : conns) close(cfd);
        return;
      }
      if (fd == listen_fd_) {
        for (;;) {
          const int c = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK);
          if (c < 0) break;
          const int one = 1;
          setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          epoll_event ev{};
          ev.events = EPOLLIN;
          ev.data.fd = c;
          epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, c, &ev);
          conns.emplace(c, connection{});
        }
        continue;
      }
      auto it = conns.find(fd);
      if (it == conns.end()) continue;
      char buf[4096];
      const ssize_t got = recv(fd, buf, sizeof buf, 0);
      if (got <= 0) {
        drop(fd);
        continue;
      }
      connection& c = it->second;
      if (c.streaming) continue;  // nothing more is expected from a GET client
      c.request.append(buf, static_cast<size_t>(got));
      if (c.request.find("\r\n\r\n") == std::string::npos) continue;
      c.streaming = true;
      c.sent = 0;
      ++streaming;
      if (streaming > peak_.load()) peak_.store(streaming);
      const std::string head =
          "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
          "Connection: close\r\n\r\n";
      if (!send_all(fd, head)) {
        failed_.fetch_add(1);
        drop(fd);
      }
    }
    if (std::chrono::steady_clock::now() < next_tick) continue;
    next_tick += interval_;
    // One token to every held stream per tick; the last one ends the stream.
    std::vector<int> ended;
    for (auto& [fd, c] : conns) {
      if (!c.streaming) continue;
      std::string frame = chunk(framing_(c.sent, tokens_));
      if (++c.sent >= tokens_) frame += "0\r\n\r\n";
      if (!send_all(fd, frame)) {
        failed_.fetch_add(1);
        ended.push_back(fd);
      } else if (c.sent >= tokens_) {
        finished_.fetch_add(1);
        ended.push_back(fd);
      }
    }
    for (int fd : ended) drop(fd);
  }
}

}  // namespace wm::bench
