#pragma once
// Writes flat "section.key" = value pairs back as INI text that parse_ini reads back to the
// same pairs. Used by dump(config) and by the fuzz target's round-trip check.
#include <string>
#include <string_view>
#include <vector>

#include "runtime/config/ini_parser.hpp"

namespace wm::config_ini {

// A value as INI text: bare when that reads back unchanged, otherwise "quoted" with escapes.
// force_quotes always quotes (used for string-typed settings, so they read as strings).
std::string format_ini_value(std::string_view value, bool force_quotes = false);

// True if `value` survives being written bare (no quotes needed).
bool can_write_bare(std::string_view value) noexcept;

// Writes entries in order; the section is everything before the key's last '.', a new
// [section] header starts whenever it changes. Keys without a '.' are skipped (parse_ini
// never produces them). Values keep their `quoted` flag.
std::string write_ini(const std::vector<ini_entry>& entries);

}  // namespace wm::config_ini
