#pragma once
// application/x-www-form-urlencoded query strings ("q=a+b&limit=10").
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "messages/result.hpp"

namespace wm::http {

using query_params = std::vector<std::pair<std::string, std::string>>;

// Fails (invalid_input naming the parameter) on a malformed %-escape.
result<query_params> parse_query(std::string_view query);

// The first value of `name`, if present.
std::optional<std::string> query_value(const query_params& params, std::string_view name);

}  // namespace wm::http
