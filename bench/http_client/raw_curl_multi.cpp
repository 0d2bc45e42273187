#include "bench/http_client/raw_curl_multi.hpp"

namespace wm::bench {

namespace {

size_t discard(char*, size_t size, size_t count, void*) {
  return size * count;
}

}  // namespace

raw_curl_multi::raw_curl_multi(const std::string& url, int window, std::string body)
    : body_(std::move(body)) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  multi_ = curl_multi_init();
  curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(window));
  headers_ = curl_slist_append(nullptr, "Content-Type: application/json");
  headers_ = curl_slist_append(headers_, "Authorization: Bearer sk-bench");
  headers_ = curl_slist_append(headers_, "Expect:");
  for (int i = 0; i < window; ++i) {
    CURL* e = curl_easy_init();
    curl_easy_setopt(e, CURLOPT_URL, url.c_str());
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers_);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, body_.c_str());
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &discard);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 30000L);
    easies_.push_back(e);
  }
}

raw_curl_multi::~raw_curl_multi() {
  for (CURL* e : easies_) curl_easy_cleanup(e);
  curl_multi_cleanup(multi_);
  curl_slist_free_all(headers_);
}

int raw_curl_multi::run(int total) {
  int started = 0, done = 0, failed = 0;
  for (CURL* e : easies_) {
    if (started == total) break;
    curl_multi_add_handle(multi_, e);
    ++started;
  }
  while (done < total) {
    int running = 0;
    curl_multi_perform(multi_, &running);
    int left = 0;
    while (CURLMsg* m = curl_multi_info_read(multi_, &left)) {
      if (m->msg != CURLMSG_DONE) continue;
      CURL* e = m->easy_handle;
      long status = 0;
      curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
      if (m->data.result != CURLE_OK || status != 200) ++failed;
      ++done;
      curl_multi_remove_handle(multi_, e);
      if (started < total) {
        curl_multi_add_handle(multi_, e);
        ++started;
      }
    }
    if (done < total) curl_multi_poll(multi_, nullptr, 0, 100, nullptr);
  }
  return failed;
}

}  // namespace wm::bench
