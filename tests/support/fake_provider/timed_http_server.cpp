#include "tests/support/fake_provider/timed_http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <queue>
#include <unordered_map>
#include <vector>

#include "adapters/codecs/json_writer.hpp"

namespace wm::fake {
namespace {

using clock_type = std::chrono::steady_clock;

struct connection {
  uint64_t serial = 0;  // tells a reused descriptor's timers from this connection's
  int remote_port = 0;
  std::string in;                // received, not yet taken by a request
  std::string out;               // to send when the socket takes it
  bool writable_wanted = false;  // EPOLLOUT registered
  bool sent_continue = false;    // "100 Continue" sent for the request being read
  bool close_when_sent = false;  // the last response ends the connection
  bool peer_finished = false;    // the client sent FIN: answer what it asked, then close
  bool stream_unsent = false;    // a stream's bytes are not all sent yet
  // The response in progress.
  std::optional<response_plan> plan;
  uint64_t plan_serial = 0;
  size_t next_step = 0;
  clock_type::time_point next_due;
  bool keep_alive = true;
  // Idle expiry: at most one idle timer is queued per connection; it re-arms itself while
  // the deadline moves forward.
  clock_type::time_point idle_deadline;
  bool idle_timer_queued = false;
};

struct timer {
  clock_type::time_point due;
  int fd;
  uint64_t serial;  // the connection's serial (idle) or the plan's serial (next step)
  bool idle;
  bool operator>(const timer& other) const { return due > other.due; }
};

}  // namespace

class timed_http_server::loop {
 public:
  explicit loop(timed_http_server& server) : server_(server) {}

  void run() {
    epoll_event events[256];
    for (;;) {
      const int n = epoll_wait(server_.epoll_fd_, events, 256, wait_ms());
      for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        if (fd == server_.stop_fd_) return close_all();
        if (fd == server_.listen_fd_) {
          accept_all();
          continue;
        }
        if ((events[i].events & EPOLLOUT) != 0 && !flush(fd)) continue;
        if ((events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0) on_readable(fd);
      }
      fire_timers();
    }
  }

 private:
  int wait_ms() const {
    if (timers_.empty()) return -1;
    const auto left = timers_.top().due - clock_type::now();
    if (left <= clock_type::duration::zero()) return 0;
    return static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(left).count());
  }

  void accept_all() {
    for (;;) {
      sockaddr_in peer{};
      socklen_t len = sizeof peer;
      const int fd = accept4(server_.listen_fd_, reinterpret_cast<sockaddr*>(&peer), &len,
                             SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;
      const int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.fd = fd;
      epoll_ctl(server_.epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
      connection& c = conns_[fd];
      c = connection{};
      c.serial = ++serials_;
      c.remote_port = ntohs(peer.sin_port);
      arm_idle(fd, c);
    }
  }

  void on_readable(int fd) {
    auto it = conns_.find(fd);
    if (it == conns_.end()) return;
    connection& c = it->second;
    char buf[16384];
    for (;;) {
      const ssize_t got = recv(fd, buf, sizeof buf, 0);
      if (got > 0) {
        c.in.append(buf, static_cast<size_t>(got));
        if (static_cast<size_t>(got) < sizeof buf) break;
        continue;
      }
      if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      if (got < 0 && errno == EINTR) continue;
      // FIN (or an error). A client that cancels a stream closes its socket; one that only
      // half-closes after a request still gets the answer, then the connection ends.
      if (got < 0 || c.peer_finished || (c.plan && c.plan->stream))
        return drop(fd, /*client_gone=*/true);
      c.peer_finished = true;
      c.close_when_sent = !c.plan && read_request(c.in, server_.options_.limits).status !=
                                         request_framing::state::complete;
      if (c.close_when_sent) return drop(fd, false);
      set_interest(fd, c);
      break;
    }
    if (!c.plan) take_requests(fd, c);
  }

  // Starts the response to the request at the front of `c.in`, if it is complete.
  void take_requests(int fd, connection& c) {
    while (!c.plan && !c.close_when_sent && !c.in.empty()) {
      request_framing f = read_request(c.in, server_.options_.limits);
      if (f.status == request_framing::state::incomplete) {
        if (c.peer_finished) return drop(fd, false);  // the rest can never arrive
        if (f.expects_continue && !c.sent_continue) {
          c.sent_continue = true;
          c.out += "HTTP/1.1 100 Continue\r\n\r\n";
          if (!flush(fd)) return;
        }
        return arm_idle(fd, c);  // a slow upload keeps the connection while it moves
      }
      if (f.status == request_framing::state::invalid) {
        std::string body = R"({"error":)";
        codecs::append_json_string(body, f.error_message);
        body += "}";
        c.out += response_head(f.error_status, "application/json", body.size(),
                               "Connection: close\r\n") +
                 body;
        c.close_when_sent = true;
        c.in.clear();
        flush(fd);
        return;
      }
      c.in.erase(0, f.consumed);
      c.sent_continue = false;
      c.keep_alive = f.keep_alive;
      c.plan = server_.on_request_(std::move(f.request), c.remote_port);
      mark_stream_unsent(c, c.plan->stream);
      c.plan_serial = ++serials_;
      c.next_step = 0;
      c.next_due = clock_type::now() +
                   (c.plan->steps.empty() ? clock_type::duration::zero() : c.plan->steps[0].wait);
      if (!run_due_steps(fd, c)) return;
    }
  }

  // Writes every step that is due; false when the connection is gone.
  bool run_due_steps(int fd, connection& c) {
    const auto now = clock_type::now();
    while (c.next_step < c.plan->steps.size() && c.next_due <= now) {
      c.out += c.plan->steps[c.next_step].bytes;
      if (++c.next_step < c.plan->steps.size()) c.next_due += c.plan->steps[c.next_step].wait;
    }
    if (c.next_step < c.plan->steps.size()) {
      timers_.push({c.next_due, fd, c.plan_serial, false});
      return flush(fd);
    }
    const response_end end = c.plan->end;
    c.plan.reset();
    if (end == response_end::reset) {
      linger hard{1, 0};  // close() sends RST
      setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
      drop(fd, false);
      return false;
    }
    // After the client's FIN, requests it sent before still get answers; then it ends.
    c.close_when_sent = end == response_end::close || !c.keep_alive ||
                        (c.peer_finished && read_request(c.in, server_.options_.limits).status !=
                                                request_framing::state::complete);
    if (!flush(fd)) return false;
    arm_idle(fd, c);
    return true;
  }

  // Sends what the socket takes now; false when the connection is gone (failed, or closed
  // after its last response).
  bool flush(int fd) {
    auto it = conns_.find(fd);
    if (it == conns_.end()) return false;
    connection& c = it->second;
    while (!c.out.empty()) {
      const ssize_t sent = ::send(fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
      if (sent > 0) {
        c.out.erase(0, static_cast<size_t>(sent));
        continue;
      }
      if (sent < 0 && errno == EINTR) continue;
      if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        want_writable(fd, c, true);
        return true;
      }
      drop(fd, /*client_gone=*/true);
      return false;
    }
    want_writable(fd, c, false);
    if (!c.plan) mark_stream_unsent(c, false);
    if (c.close_when_sent && !c.plan) {
      shutdown(fd, SHUT_WR);  // FIN after the last byte
      drop(fd, false);
      return false;
    }
    return true;
  }

  // Counts the streams in progress (and their peak) as their first byte is due and their
  // last byte leaves, or their connection goes.
  void mark_stream_unsent(connection& c, bool unsent) {
    if (c.stream_unsent == unsent) return;
    c.stream_unsent = unsent;
    if (!unsent) {
      server_.streams_open_.fetch_sub(1, std::memory_order_relaxed);
      return;
    }
    const size_t open = server_.streams_open_.fetch_add(1, std::memory_order_relaxed) + 1;
    size_t peak = server_.peak_streams_.load(std::memory_order_relaxed);
    while (open > peak && !server_.peak_streams_.compare_exchange_weak(peak, open)) {
    }
  }

  void want_writable(int fd, connection& c, bool wanted) {
    if (c.writable_wanted == wanted) return;
    c.writable_wanted = wanted;
    set_interest(fd, c);
  }

  // Readable until the client's FIN (level-triggered: a read FIN would wake the loop forever).
  void set_interest(int fd, const connection& c) {
    epoll_event ev{};
    ev.events = (c.peer_finished ? 0u : EPOLLIN) | (c.writable_wanted ? EPOLLOUT : 0u);
    ev.data.fd = fd;
    epoll_ctl(server_.epoll_fd_, EPOLL_CTL_MOD, fd, &ev);
  }

  void arm_idle(int fd, connection& c) {
    c.idle_deadline = clock_type::now() + server_.options_.keep_alive;
    if (c.idle_timer_queued) return;
    c.idle_timer_queued = true;
    timers_.push({c.idle_deadline, fd, c.serial, true});
  }

  void fire_timers() {
    const auto now = clock_type::now();
    while (!timers_.empty() && timers_.top().due <= now) {
      const timer t = timers_.top();
      timers_.pop();
      auto it = conns_.find(t.fd);
      if (it == conns_.end()) continue;
      connection& c = it->second;
      if (!t.idle) {
        if (c.plan && c.plan_serial == t.serial && run_due_steps(t.fd, c)) take_requests(t.fd, c);
        continue;
      }
      if (c.serial != t.serial) continue;
      c.idle_timer_queued = false;
      if (c.plan) continue;  // re-armed when the response ends
      if (now < c.idle_deadline) {
        c.idle_timer_queued = true;
        timers_.push({c.idle_deadline, t.fd, c.serial, true});
        continue;
      }
      drop(t.fd, false);  // idle past the keep-alive timeout
    }
  }

  // Closes the connection; a stream cut short counts as aborted when its client went away.
  void drop(int fd, bool client_gone) {
    auto it = conns_.find(fd);
    if (it == conns_.end()) return;
    if (client_gone && it->second.stream_unsent) server_.on_stream_aborted_();
    mark_stream_unsent(it->second, false);
    conns_.erase(it);
    epoll_ctl(server_.epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
    close(fd);
  }

  void close_all() {
    for (auto& [fd, c] : conns_) close(fd);
    conns_.clear();
  }

  timed_http_server& server_;
  std::unordered_map<int, connection> conns_;
  std::priority_queue<timer, std::vector<timer>, std::greater<>> timers_;
  uint64_t serials_ = 0;
};

timed_http_server::timed_http_server(timed_http_server_options options, handler on_request,
                                     abort_listener on_stream_aborted)
    : options_(std::move(options)),
      on_request_(std::move(on_request)),
      on_stream_aborted_(std::move(on_stream_aborted)) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  const int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(options_.port));
  socklen_t len = sizeof addr;
  if (listen_fd_ < 0 || bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(listen_fd_, 4096) != 0 ||
      getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    error_ =
        "cannot listen on 127.0.0.1:" + std::to_string(options_.port) + ": " + std::strerror(errno);
    return;
  }
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  stop_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = listen_fd_;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev);
  ev.data.fd = stop_fd_;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, stop_fd_, &ev);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "fake-provider");  // tells it apart in perf and top
    loop(*this).run();
  });
}

timed_http_server::~timed_http_server() {
  stop();
  if (stop_fd_ >= 0) close(stop_fd_);
  if (epoll_fd_ >= 0) close(epoll_fd_);
  if (listen_fd_ >= 0) close(listen_fd_);
}

void timed_http_server::stop() {
  if (stopped_.exchange(true) || !thread_.joinable()) return;
  const uint64_t one = 1;
  (void)!write(stop_fd_, &one, sizeof one);
  thread_.join();
}

}  // namespace wm::fake
