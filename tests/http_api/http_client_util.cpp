#include "tests/http_api/http_client_util.hpp"

#include <simdjson.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

namespace wm::testing {

namespace {

struct ctx {
  const http_call* call;
  http_reply* reply;
};

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* c = static_cast<ctx*>(user);
  std::string piece(data, size * n);
  c->reply->body += piece;
  if (c->call->on_data && !c->call->on_data(piece)) return 0;  // abort the transfer
  return size * n;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* c = static_cast<ctx*>(user);
  std::string line(data, size * n);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ')) value.erase(value.begin());
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
      value.pop_back();
    c->reply->headers[name] = value;
  }
  return size * n;
}

}  // namespace

http_reply perform(const http_call& call) {
  http_reply reply;
  CURL* curl = curl_easy_init();
  ctx c{&call, &reply};
  curl_slist* hdrs = nullptr;
  for (const auto& h : call.headers) hdrs = curl_slist_append(hdrs, h.c_str());
  hdrs = curl_slist_append(hdrs, "Expect:");  // no 100-continue round trip
  curl_easy_setopt(curl, CURLOPT_URL, call.url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, call.method.c_str());
  if (!call.body.empty() || call.method == "POST" || call.method == "PUT" ||
      call.method == "PATCH") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, call.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
  }
  if (call.method == "GET") curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &c);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &c);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, call.timeout_ms);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  const CURLcode rc = curl_easy_perform(curl);
  if (rc == CURLE_OK || rc == CURLE_WRITE_ERROR)
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  if (rc != CURLE_OK) reply.error = curl_easy_strerror(rc);
  curl_slist_free_all(hdrs);
  curl_easy_cleanup(curl);
  return reply;
}

namespace {

// Connects a TCP socket to 127.0.0.1:port; the socket is returned either way (close it).
int connect_loopback(int port, bool* connected, const timeval* receive_timeout = nullptr) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (receive_timeout != nullptr)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, receive_timeout, sizeof *receive_timeout);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  *connected = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  return fd;
}

}  // namespace

bool tcp_connects(int port) {
  bool ok = false;
  close(connect_loopback(port, &ok));
  return ok;
}

std::string raw_exchange(int port, const std::string& bytes) {
  const timeval limit{5, 0};
  bool connected = false;
  const int fd = connect_loopback(port, &connected, &limit);
  std::string out;
  if (connected &&
      send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size())) {
    char buf[4096];
    for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;)
      out.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return out;
}

std::string json_string(const std::string& body, const char* key) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (p.parse(body).get(doc) != simdjson::SUCCESS) return "<bad json>";
  std::string_view v;
  if (doc[key].get_string().get(v) != simdjson::SUCCESS) return "<missing>";
  return std::string{v};
}

}  // namespace wm::testing
