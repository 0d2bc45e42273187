#pragma once
// One HTTP request as the async client takes it. Plain data: the caller fills it in,
// http_client::submit() copies it onto the I/O thread.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace wm {

enum class http_method : uint8_t { get, post, put, patch, del, head };

// What many requests to one service share, prepared once by http_client::make_profile:
// the request headers they all send and the response headers their caller reads.
class http_profile;

struct http_request {
  // Caller-chosen id, unique among this client's in-flight requests; cancel(id) names it.
  uint64_t id = 0;
  http_method method = http_method::get;
  std::string url;
  // Sent in order, as given ("Name", "value"), after the profile's. The client adds
  // nothing but an empty "Expect:" so large bodies are not held back waiting for
  // 100-continue.
  std::vector<std::pair<std::string, std::string>> headers;
  // Optional; shared by many requests (a provider's auth and content type): its header
  // list is built once, not per request.
  std::shared_ptr<const http_profile> profile;
  std::string body;
  // Zero means libcurl's default (300 s) for connect and no limit for total.
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{120'000};
  // TLS peer and host verification; only a test against a self-signed server turns it off.
  bool verify_tls = true;
};

// Response header names are lower-cased; repeated headers are joined with ", ". With a
// profile that names the headers its caller reads, only those are kept.
using http_headers = std::map<std::string, std::string>;

}  // namespace wm
