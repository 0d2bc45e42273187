#pragma once
// The raw libcurl multi baseline both HTTP benchmarks compare against: a window of easy
// handles driven on the calling thread, each re-added as soon as its response is complete.
#include <curl/curl.h>

#include <string>
#include <vector>

namespace wm::bench {

class raw_curl_multi {
 public:
  // POSTs `body` (JSON) to `url` with `window` requests in flight.
  raw_curl_multi(const std::string& url, int window, std::string body);
  ~raw_curl_multi();
  raw_curl_multi(const raw_curl_multi&) = delete;
  raw_curl_multi& operator=(const raw_curl_multi&) = delete;

  // Runs `total` requests; returns how many failed (transport error or status other than 200).
  int run(int total);

 private:
  std::string body_;
  CURLM* multi_ = nullptr;
  curl_slist* headers_ = nullptr;
  std::vector<CURL*> easies_;
};

}  // namespace wm::bench
