#include "runtime/errors/error_body.hpp"

#include "adapters/codecs/json_writer.hpp"
#include "runtime/logging/log.hpp"
#include "runtime/logging/time_format.hpp"

namespace wm {

std::string error_body_json(const failure& f, std::string_view request_id, int64_t timestamp_ms) {
  codecs::json_writer w;
  w.begin_object().key("error").begin_object();
  w.key("code").value(to_string(f.code));
  w.key("message").value(log::redact(f.message));
  if (!request_id.empty()) w.key("request_id").value(request_id);
  w.key("timestamp").value(iso8601_utc(timestamp_ms));
  w.end_object().end_object();
  return w.take();
}

std::string error_body_json(const failure& f, std::string_view request_id) {
  return error_body_json(f, request_id, now_ms());
}

}  // namespace wm
