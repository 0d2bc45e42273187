#pragma once
// Method + path pattern routing with named path parameters ("/v1/documents/{id}"). Pure:
// no server in here, so the OpenAPI check and unit tests use it directly.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "messages/result.hpp"

namespace wm::http {

using path_params = std::vector<std::pair<std::string, std::string>>;

struct route_def {
  std::string method;   // GET, POST, PUT, PATCH, DELETE
  std::string pattern;  // "/v1/documents/{id}"
};

enum class match_outcome { found, not_found, method_not_allowed };

struct route_match {
  match_outcome outcome = match_outcome::not_found;
  size_t index = 0;     // into routes(), when found
  path_params params;   // percent-decoded
  std::string allowed;  // "GET, PUT" for method_not_allowed
};

class route_table {
 public:
  // Fails on a malformed pattern (must start with '/', parameters are whole segments
  // "{name}") or a duplicate method + pattern. Returns the route's index.
  result<size_t> add(std::string_view method, std::string_view pattern);

  // Literal segments win over parameters, so "/v1/documents/search" can sit next to
  // "/v1/documents/{id}". A parameter never matches an empty segment.
  route_match match(std::string_view method, std::string_view path) const;

  const std::vector<route_def>& routes() const noexcept { return routes_; }

 private:
  struct segment {
    std::string text;
    bool is_param = false;
  };
  struct entry {
    std::vector<segment> segments;
    size_t literal_count = 0;
  };
  std::vector<route_def> routes_;
  std::vector<entry> entries_;
};

// Splits "/a/b/c" into {"a","b","c"}; empty segments (from "//" or a trailing '/') are kept
// so they do not match a parameter.
std::vector<std::string_view> split_path(std::string_view path);

// %XX decoding; false on a malformed escape or a NUL byte, escaped or raw. '+' stays '+'
// (paths).
bool percent_decode(std::string_view in, std::string& out, bool plus_is_space = false);

}  // namespace wm::http
