#pragma once
// A test's view of one transfer: records what the handlers saw and lets the test wait for
// the completion with a generous bound instead of timing anything.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "adapters/http_client/http_client.hpp"

namespace wm::test {

class transfer_probe {
 public:
  http_handlers handlers() {
    http_handlers h;
    h.on_headers = [this](int status, const http_headers& headers) {
      std::lock_guard<std::mutex> lock(mu_);
      ++header_calls_;
      status_ = status;
      headers_ = headers;
    };
    h.on_body_chunk = [this](std::string_view chunk) {
      std::lock_guard<std::mutex> lock(mu_);
      if (completions_ > 0) chunk_after_complete_ = true;
      chunks_.emplace_back(chunk);
      body_ += chunk;
      cv_.notify_all();
    };
    h.on_complete = [this](result<http_completion> r) {
      std::lock_guard<std::mutex> lock(mu_);
      ++completions_;
      chunks_at_completion_ = chunks_.size();
      outcome_.emplace(std::move(r));
      cv_.notify_all();
    };
    return h;
  }

  bool wait_done(std::chrono::seconds bound = std::chrono::seconds(30)) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, bound, [this] { return completions_ > 0; });
  }

  bool wait_chunks(size_t n, std::chrono::seconds bound = std::chrono::seconds(30)) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, bound, [&] { return chunks_.size() >= n || completions_ > 0; }) &&
           chunks_.size() >= n;
  }

  int completions() const {
    std::lock_guard<std::mutex> l(mu_);
    return completions_;
  }
  int header_calls() const {
    std::lock_guard<std::mutex> l(mu_);
    return header_calls_;
  }
  int status() const {
    std::lock_guard<std::mutex> l(mu_);
    return status_;
  }
  http_headers headers() const {
    std::lock_guard<std::mutex> l(mu_);
    return headers_;
  }
  std::string body() const {
    std::lock_guard<std::mutex> l(mu_);
    return body_;
  }
  size_t chunk_count() const {
    std::lock_guard<std::mutex> l(mu_);
    return chunks_.size();
  }
  size_t chunks_at_completion() const {
    std::lock_guard<std::mutex> l(mu_);
    return chunks_at_completion_;
  }
  bool chunk_after_complete() const {
    std::lock_guard<std::mutex> l(mu_);
    return chunk_after_complete_;
  }
  std::optional<result<http_completion>> outcome() const {
    std::lock_guard<std::mutex> l(mu_);
    return outcome_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int header_calls_ = 0;
  int status_ = 0;
  http_headers headers_;
  std::vector<std::string> chunks_;
  std::string body_;
  int completions_ = 0;
  size_t chunks_at_completion_ = 0;
  bool chunk_after_complete_ = false;
  std::optional<result<http_completion>> outcome_;
};

}  // namespace wm::test
