// Requests/s through wm::http_client vs raw libcurl multi driven on the benchmark thread,
// both against the same in-process fake provider; and N slow streams held by one I/O thread.
#include <benchmark/benchmark.h>
#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "adapters/http_client/http_client.hpp"
#include "bench/http_client/raw_curl_multi.hpp"
#include "tests/support/fake_provider/fake_provider.hpp"
#include "tests/support/open_files_limit.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr int kWindow = 32;  // requests in flight at once (and connections to the server)
constexpr int kBatch = 400;  // requests per measured batch
const char* const kBody =
    R"({"model":"bench","messages":[{"role":"user","content":"count these five words"}]})";

wm::fake::fake_provider& server() {
  static wm::fake::fake_provider instance([] {
    wm::fake::fake_provider_options o;
    o.keep_alive_timeout_ms = 5000;
    return o;
  }());
  return instance;
}

std::string chat_url() {
  return server().base_url() + "/v1/chat/completions";
}

// The same window through wm::http_client: each completion submits the next request.
class client_driver {
 public:
  explicit client_driver(std::string url) : url_(std::move(url)), client_(options()) {}

  int run(int total) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      total_ = total;
      started_ = done_ = failed_ = 0;
    }
    const int first = std::min(kWindow, total);
    for (int i = 0; i < first; ++i) submit_next();
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return done_ == total_; });
    return failed_;
  }

 private:
  static wm::http_client_options options() {
    wm::http_client_options o;
    o.max_host_connections = kWindow;
    return o;
  }

  void submit_next() {
    uint64_t id;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (started_ == total_) return;
      id = next_id_++;
      ++started_;
    }
    wm::http_request r;
    r.id = id;
    r.method = wm::http_method::post;
    r.url = url_;
    r.headers = {{"Content-Type", "application/json"}, {"Authorization", "Bearer sk-bench"}};
    r.body = kBody;
    r.total_timeout = 30s;
    wm::http_handlers h;
    h.on_complete = [this](wm::result<wm::http_completion> res) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (!res.ok() || res->status != 200) ++failed_;
        ++done_;
        if (done_ == total_) cv_.notify_all();
      }
      submit_next();
    };
    client_.submit(std::move(r), std::move(h));
  }

  std::string url_;
  wm::http_client client_;
  std::mutex mu_;
  std::condition_variable cv_;
  int total_ = 0, started_ = 0, done_ = 0, failed_ = 0;
  uint64_t next_id_ = 1;
};

void BM_RawCurlMulti(benchmark::State& state) {
  wm::bench::raw_curl_multi raw(chat_url(), kWindow, kBody);
  int failed = 0;
  for (auto _ : state) failed += raw.run(kBatch);
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.counters["failed"] = failed;
}
BENCHMARK(BM_RawCurlMulti)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_WmHttpClient(benchmark::State& state) {
  client_driver client(chat_url());
  int failed = 0;
  for (auto _ : state) failed += client.run(kBatch);
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.counters["failed"] = failed;
}
BENCHMARK(BM_WmHttpClient)->Unit(benchmark::kMillisecond)->UseRealTime();

// Both in one run, batches interleaved so drift in the machine's load hits both alike.
void BM_ClientVsRawRatio(benchmark::State& state) {
  wm::bench::raw_curl_multi raw(chat_url(), kWindow, kBody);
  client_driver client(chat_url());
  double raw_s = 0, client_s = 0;
  int failed = 0;
  for (auto _ : state) {
    auto t0 = clock_type::now();
    failed += raw.run(kBatch);
    auto t1 = clock_type::now();
    failed += client.run(kBatch);
    auto t2 = clock_type::now();
    raw_s += std::chrono::duration<double>(t1 - t0).count();
    client_s += std::chrono::duration<double>(t2 - t1).count();
  }
  const double n = static_cast<double>(state.iterations()) * kBatch;
  state.counters["raw_rps"] = n / raw_s;
  state.counters["client_rps"] = n / client_s;
  state.counters["ratio"] = raw_s / client_s;  // client rps / raw rps; >= 0.8 is the target
  state.counters["failed"] = failed;
}
BENCHMARK(BM_ClientVsRawRatio)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(10);

// N concurrent slow streams from the fake provider (25 tokens, one every 200 ms) held by one
// client I/O thread.
void BM_ConcurrentSlowStreams(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const size_t fd_limit = wm::testing::raise_open_files_limit();
  if (fd_limit < static_cast<size_t>(2 * n + 256)) {
    state.SkipWithError(("open-file limit too low: " + std::to_string(fd_limit)).c_str());
    return;
  }
  constexpr int kTokens = 25;  // 5 s per stream: longer than the connect ramp of 5000 sockets
  int ok = 0, failed = 0;
  size_t peak_held = 0;
  uint64_t peak_in_flight = 0;
  for (auto _ : state) {
    wm::fake::fake_provider streams;
    streams.set_default(wm::fake::slow_stream(kTokens, 200ms));
    wm::http_client client;
    std::mutex mu;
    std::condition_variable cv;
    int done = 0;
    for (int i = 0; i < n; ++i) {
      wm::http_request r;
      r.id = static_cast<uint64_t>(i);
      r.method = wm::http_method::post;
      r.url = streams.base_url() + "/v1/chat/completions";
      r.headers = {{"Content-Type", "application/json"}};
      r.body = R"({"stream":true,"messages":[{"role":"user","content":"hold"}]})";
      r.connect_timeout = 30s;
      r.total_timeout = 120s;
      wm::http_handlers h;
      h.on_complete = [&](wm::result<wm::http_completion> res) {
        std::lock_guard<std::mutex> lock(mu);
        if (res.ok() && res->status == 200)
          ++ok;
        else
          ++failed;
        if (++done == n) cv.notify_all();
      };
      client.submit(std::move(r), std::move(h));
    }
    std::unique_lock<std::mutex> lock(mu);
    while (!cv.wait_for(lock, 50ms, [&] { return done == n; })) {
      peak_in_flight = std::max(peak_in_flight, client.stats().in_flight);
    }
    peak_held = std::max(peak_held, streams.peak_streams());
  }
  state.counters["streams"] = n;
  state.counters["completed_ok"] = ok;
  state.counters["failed"] = failed;
  state.counters["peak_held_by_server"] = static_cast<double>(peak_held);
  state.counters["peak_in_flight"] = static_cast<double>(peak_in_flight);
}
BENCHMARK(BM_ConcurrentSlowStreams)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(5000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
