#pragma once
// A strict INI parser for WriteMagic configuration files. Strict because a typo in a
// config file should stop the node with a line number, not be silently ignored.
//
// Grammar (one construct per line; lines end with \n, an optional \r before it is dropped):
//   blank line
//   # comment            ; comment          (first non-blank character is # or ;)
//   [section]            [section.sub]      (names: [A-Za-z0-9_-]+ joined by '.'; may be
//                                            followed by whitespace and a comment)
//   key = value                             (key: [A-Za-z0-9_-]+, dots allowed as in names)
// Values are either
//   "quoted"  with escapes \" \\ \n \t, optionally followed by whitespace and a comment, or
//   bare      running to the end of the line or to a # / ; that follows whitespace,
//             surrounding whitespace trimmed (an empty bare value is the empty string).
// Control characters other than tab are rejected anywhere. A UTF-8 byte order mark at the
// very start is skipped. Every key must be inside a section; a key may appear only once
// (after joining section and key). A section may have no keys: parse_ini_document reports
// it (an empty [provider.<name>] declares a provider with every field at its default).
#include <string>
#include <string_view>
#include <vector>

#include "messages/result.hpp"

namespace wm::config_ini {

struct ini_entry {
  std::string key;      // "section.key", e.g. "provider.openai.model"
  std::string value;    // unquoted, escapes resolved
  int line = 0;         // 1-based line of the key in the source
  bool quoted = false;  // the value was written as a "quoted string"
};

// A [section] under which no key appears anywhere in the text.
struct ini_section {
  std::string name;  // "provider.openai"
  int line = 0;      // 1-based line of its first header
};

struct ini_document {
  std::vector<ini_entry> entries;
  std::vector<ini_section> empty_sections;  // in order of first appearance
};

// Parses `text`. Errors are errc::invalid_input with a message of the form
// "<source_name>:<line>: <what is wrong>".
result<ini_document> parse_ini_document(std::string_view text, std::string_view source_name);

// parse_ini_document's entries only.
result<std::vector<ini_entry>> parse_ini(std::string_view text, std::string_view source_name);

// True for a valid section or key name: one or more [A-Za-z0-9_-]+ segments joined by '.'.
bool is_valid_ini_name(std::string_view name) noexcept;

}  // namespace wm::config_ini
