#include "messages/caf_error.hpp"

#include <caf/exit_reason.hpp>
#include <caf/message.hpp>
#include <caf/sec.hpp>

namespace wm {

caf::error make_error(errc code) {
  return caf::error{static_cast<uint8_t>(code), errc_category};
}

caf::error make_error(errc code, std::string message) {
  return caf::error{static_cast<uint8_t>(code), errc_category,
                    caf::make_message(std::move(message))};
}

caf::error make_error(const failure& f) {
  return make_error(f.code, f.message);
}

namespace {

std::string context_text(const caf::error& err) {
  const auto& ctx = err.context();
  if (ctx.size() == 1 && ctx.match_element<std::string>(0)) return ctx.get_as<std::string>(0);
  return ctx.empty() ? std::string{} : to_string(ctx);
}

failure from_sec(caf::sec code, const caf::error& err) {
  switch (code) {
    case caf::sec::request_timeout:
      return {errc::timeout, "request timed out"};
    case caf::sec::request_receiver_down:
    case caf::sec::no_actor_published_at_port:
    case caf::sec::cannot_connect_to_node:
    case caf::sec::disconnect_during_handshake:
    case caf::sec::remote_linking_failed:
      return {errc::unavailable, "receiver unavailable: " + to_string(code)};
    case caf::sec::unexpected_message:
    case caf::sec::unexpected_response:
      return {errc::invalid_input, "message not understood by the receiver"};
    default:
      return {errc::internal, "runtime error: " + to_string(code) +
                                  (err.context().empty() ? "" : " " + context_text(err))};
  }
}

}  // namespace

failure to_failure(const caf::error& err) {
  if (!err) return {errc::internal, "no error"};
  if (err.category() == errc_category) {
    auto code = static_cast<errc>(err.code());
    auto text = context_text(err);
    if (text.empty()) text = std::string{to_string(code)};
    return {code, std::move(text)};
  }
  if (err.category() == caf::atom("system"))
    return from_sec(static_cast<caf::sec>(err.code()), err);
  if (err.category() == caf::atom("exit"))
    return {errc::unavailable,
            "actor exited: " + to_string(static_cast<caf::exit_reason>(err.code()))};
  return {errc::internal, "error in category " + to_string(err.category())};
}

std::string render_errc(uint8_t code, caf::atom_value, const caf::message& context) {
  std::string out{"wm::"};
  out += to_string(static_cast<errc>(code));
  if (context.size() == 1 && context.match_element<std::string>(0)) {
    out += ": ";
    out += context.get_as<std::string>(0);
  }
  return out;
}

}  // namespace wm
