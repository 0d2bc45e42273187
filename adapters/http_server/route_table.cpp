#include "adapters/http_server/route_table.hpp"

namespace wm::http {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path.front() != '/') return out;
  path.remove_prefix(1);
  for (;;) {
    auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool valid_param_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace

bool percent_decode(std::string_view in, std::string& out, bool plus_is_space) {
  out.clear();
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = hex_value(in[i + 1]);
      int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return false;  // never a NUL into C strings or the store
    out.push_back(c);
  }
  return true;
}

result<size_t> route_table::add(std::string_view method, std::string_view pattern) {
  if (method.empty()) return failure{errc::invalid_input, "route: empty method"};
  if (pattern.empty() || pattern.front() != '/')
    return failure{errc::invalid_input,
                   "route: pattern must start with '/': " + std::string{pattern}};
  entry e;
  for (auto part : split_path(pattern)) {
    segment s;
    if (!part.empty() && part.front() == '{') {
      if (part.back() != '}' || !valid_param_name(part.substr(1, part.size() - 2)))
        return failure{errc::invalid_input,
                       "route: bad parameter segment in " + std::string{pattern}};
      s.text = std::string{part.substr(1, part.size() - 2)};
      s.is_param = true;
    } else {
      if (part.find_first_of("{}") != std::string_view::npos)
        return failure{errc::invalid_input, "route: bad segment in " + std::string{pattern}};
      s.text = std::string{part};
      ++e.literal_count;
    }
    e.segments.push_back(std::move(s));
  }
  for (const auto& r : routes_)
    if (r.method == method && r.pattern == pattern)
      return failure{errc::invalid_input,
                     "route: duplicate " + std::string{method} + " " + std::string{pattern}};
  routes_.push_back({std::string{method}, std::string{pattern}});
  entries_.push_back(std::move(e));
  return routes_.size() - 1;
}

route_match route_table::match(std::string_view method, std::string_view path) const {
  route_match out;
  auto parts = split_path(path);
  if (parts.empty()) return out;
  // Best = most literal segments among the routes whose shape matches.
  long best_same_method = -1;
  size_t best_literals = 0;
  std::string allowed;
  for (size_t i = 0; i < entries_.size(); ++i) {
    const auto& e = entries_[i];
    if (e.segments.size() != parts.size()) continue;
    bool ok = true;
    for (size_t k = 0; k < parts.size() && ok; ++k) {
      const auto& seg = e.segments[k];
      ok = seg.is_param ? !parts[k].empty() : seg.text == parts[k];
    }
    if (!ok) continue;
    if (routes_[i].method == method) {
      if (best_same_method < 0 || e.literal_count > best_literals) {
        best_same_method = static_cast<long>(i);
        best_literals = e.literal_count;
      }
    } else if (allowed.find(routes_[i].method) == std::string::npos) {
      if (!allowed.empty()) allowed += ", ";
      allowed += routes_[i].method;
    }
  }
  if (best_same_method < 0) {
    if (!allowed.empty()) {
      out.outcome = match_outcome::method_not_allowed;
      out.allowed = std::move(allowed);
    }
    return out;
  }
  const auto idx = static_cast<size_t>(best_same_method);
  const auto& e = entries_[idx];
  for (size_t k = 0; k < parts.size(); ++k) {
    if (!e.segments[k].is_param) continue;
    std::string value;
    if (!percent_decode(parts[k], value)) return route_match{};  // undecodable: not found
    out.params.emplace_back(e.segments[k].text, std::move(value));
  }
  out.outcome = match_outcome::found;
  out.index = idx;
  return out;
}

}  // namespace wm::http
