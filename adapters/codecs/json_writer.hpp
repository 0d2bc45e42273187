#pragma once
// A small streaming JSON writer for request bodies: commas and string escaping are handled
// here, once, so codecs cannot produce invalid JSON. Invalid UTF-8 in input strings is replaced
// by U+FFFD (JSON text must be UTF-8; providers reject it otherwise).
#include <cstdint>
#include <string>
#include <string_view>

namespace wm::codecs {

// Appends s as a quoted JSON string: escapes '"', '\\' and control characters (\n, \t, ...,
// others as \u00XX); passes valid UTF-8 through unchanged; replaces invalid bytes with U+FFFD.
void append_json_string(std::string& out, std::string_view s);

class json_writer {
 public:
  json_writer& begin_object();
  json_writer& end_object();
  json_writer& begin_array();
  json_writer& end_array();
  json_writer& key(std::string_view k);
  json_writer& value(std::string_view s);
  json_writer& value(const char* s) { return value(std::string_view{s}); }
  json_writer& value(bool b);
  json_writer& value(int64_t n);
  json_writer& value(uint64_t n);
  json_writer& value(int n) { return value(static_cast<int64_t>(n)); }
  json_writer& value(unsigned n) { return value(static_cast<uint64_t>(n)); }
  json_writer& value(double d);  // NaN and infinities become null (JSON has no spelling)
  json_writer& null();
  // Inserts already-serialized JSON as one value (the caller vouches for its validity).
  json_writer& raw(std::string_view json);

  const std::string& str() const noexcept { return out_; }
  std::string take() { return std::move(out_); }
  void reserve(std::size_t n) { out_.reserve(n); }

 private:
  void before_value();

  std::string out_;
  // Per open container, 1 while no element is written yet. A string: nesting up to 15 deep
  // needs no allocation (a request body nests 4 deep).
  std::string first_;
  bool after_key_ = false;
};

}  // namespace wm::codecs
