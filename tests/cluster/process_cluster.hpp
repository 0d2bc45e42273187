#pragma once
// Helpers for the cluster process test: a `writemagic node` cluster member as a child
// process (its own data dir, HTTP port and CAF port, kept across restarts), a keep-alive
// HTTP session per client thread, and the membership as one node's /metrics shows it.
#include <curl/curl.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/http_api/http_client_util.hpp"
#include "tests/http_api/node_process.hpp"

namespace wm::testing {

struct cluster_member {
  std::filesystem::path dir;  // logs; data/ below it
  int http_port = 0;
  int caf_port = 0;
  std::unique_ptr<child_process> proc;
  int run = 0;

  std::string name() const { return "127.0.0.1:" + std::to_string(caf_port); }  // on the ring
  std::string base() const { return "http://127.0.0.1:" + std::to_string(http_port); }
  std::filesystem::path data_dir() const { return dir / "data"; }
  std::string log() const;  // stderr of the current run
};

// Picks a temp dir and free ports for `count` members (ports are distinct).
std::vector<cluster_member> plan_members(size_t count);

// "127.0.0.1:P1,127.0.0.1:P2,..." of every member's CAF port.
std::string seed_list(const std::vector<cluster_member>& members);

// Launches (or relaunches, same dir and ports) one member with the given seeds and waits
// for its /healthz. False (and the log in `why`) when it exits or never answers.
bool start_member(const std::string& binary, cluster_member& m, const std::string& seeds,
                  std::string& why);

// A keep-alive HTTP/1.1 connection reused across requests (one per client thread).
class http_session {
 public:
  http_session();
  ~http_session();
  http_session(const http_session&) = delete;
  http_session& operator=(const http_session&) = delete;

  http_reply get(const std::string& url, long timeout_ms = 30'000);
  http_reply post_json(const std::string& url, const std::string& body, long timeout_ms = 30'000);

 private:
  http_reply perform(const std::string& url, const std::string* body, long timeout_ms);
  CURL* curl_;
  curl_slist* json_headers_;
};

// One sample of a scrape of `base`/metrics, e.g. ("writemagic_cluster_member_up",
// {{"member","127.0.0.1:P"}}); NaN when the scrape failed or the sample is missing.
double scrape_value(const std::string& base, const std::string& name,
                    const std::map<std::string, std::string>& labels);

}  // namespace wm::testing
