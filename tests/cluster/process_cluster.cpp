#include "tests/cluster/process_cluster.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <set>

#include "tests/support/eventually.hpp"
#include "tests/support/prometheus_text.hpp"

namespace wm::testing {

std::string cluster_member::log() const {
  return read_text(dir / ("node" + std::to_string(run) + ".err"));
}

std::vector<cluster_member> plan_members(size_t count) {
  std::vector<cluster_member> out(count);
  std::set<int> taken;
  auto fresh_port = [&taken] {
    for (;;) {
      int p = free_port();
      if (p > 0 && taken.insert(p).second) return p;
    }
  };
  const auto root = make_temp_dir("wm_cluster_process_");
  for (size_t i = 0; i < count; ++i) {
    out[i].dir = root / ("node" + std::to_string(i + 1));
    std::filesystem::create_directories(out[i].dir);
    out[i].http_port = fresh_port();
    out[i].caf_port = fresh_port();
  }
  return out;
}

std::string seed_list(const std::vector<cluster_member>& members) {
  std::string out;
  for (const auto& m : members) out += (out.empty() ? "" : ",") + m.name();
  return out;
}

bool start_member(const std::string& binary, cluster_member& m, const std::string& seeds,
                  std::string& why) {
  ++m.run;
  std::vector<std::string> argv{binary,       "node",
                                "--data-dir", m.data_dir().string(),
                                "--http",     "127.0.0.1:" + std::to_string(m.http_port),
                                "--port",     std::to_string(m.caf_port),
                                "--set",      "cluster.seeds=" + seeds,
                                "--set",      "log.level=debug"};
  m.proc = std::make_unique<child_process>(argv, std::map<std::string, std::string>{},
                                           m.dir / ("node" + std::to_string(m.run) + ".out"),
                                           m.dir / ("node" + std::to_string(m.run) + ".err"));
  const bool up = eventually(
      [&] { return !m.proc->running() || http_get(m.base() + "/healthz").status == 200; },
      std::chrono::seconds(60));
  if (up && m.proc->running()) return true;
  why = "member " + m.name() + " did not come up; log:\n" + m.log();
  return false;
}

namespace {

size_t on_body(char* data, size_t size, size_t n, void* user) {
  static_cast<http_reply*>(user)->body.append(data, size * n);
  return size * n;
}

}  // namespace

http_session::http_session() : curl_(curl_easy_init()), json_headers_(nullptr) {
  json_headers_ = curl_slist_append(json_headers_, "Content-Type: application/json");
  json_headers_ = curl_slist_append(json_headers_, "Expect:");
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &on_body);
}

http_session::~http_session() {
  curl_slist_free_all(json_headers_);
  curl_easy_cleanup(curl_);
}

http_reply http_session::get(const std::string& url, long timeout_ms) {
  return perform(url, nullptr, timeout_ms);
}

http_reply http_session::post_json(const std::string& url, const std::string& body,
                                   long timeout_ms) {
  return perform(url, &body, timeout_ms);
}

http_reply http_session::perform(const std::string& url, const std::string* body, long timeout_ms) {
  http_reply reply;
  curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &reply);
  if (body) {
    curl_easy_setopt(curl_, CURLOPT_POST, 1L);
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body->data());
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, json_headers_);
  } else {
    curl_easy_setopt(curl_, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, nullptr);
  }
  const CURLcode rc = curl_easy_perform(curl_);
  if (rc == CURLE_OK)
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &reply.status);
  else
    reply.error = curl_easy_strerror(rc);
  return reply;
}

double scrape_value(const std::string& base, const std::string& name,
                    const std::map<std::string, std::string>& labels) {
  auto r = http_get(base + "/metrics");
  if (r.status != 200) return std::nan("");
  return parse_prometheus_text(r.body).value(name, labels);
}

}  // namespace wm::testing
