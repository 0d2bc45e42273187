#include "adapters/http_server/query_string.hpp"

#include "adapters/http_server/route_table.hpp"

namespace wm::http {

result<query_params> parse_query(std::string_view query) {
  query_params out;
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string key, value;
    if (!percent_decode(pair.substr(0, eq), key, true))
      return failure{errc::invalid_input, "query: malformed escape in a parameter name"};
    if (eq != std::string_view::npos && !percent_decode(pair.substr(eq + 1), value, true))
      return failure{errc::invalid_input, "query parameter '" + key + "': malformed escape"};
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

std::optional<std::string> query_value(const query_params& params, std::string_view name) {
  for (const auto& [k, v] : params)
    if (k == name) return v;
  return std::nullopt;
}

}  // namespace wm::http
