#pragma once
// wm::errc as a CAF error category, so our codes travel inside caf::error across
// actors and nodes, with the human message as the error's context.
#include <caf/atom.hpp>
#include <caf/error.hpp>

#include <string>

#include "messages/errc.hpp"
#include "messages/result.hpp"

namespace wm {

inline constexpr caf::atom_value errc_category = caf::atom("wm");

// Found by CAF through ADL: `caf::error err = errc::not_found;` works.
caf::error make_error(errc code);
caf::error make_error(errc code, std::string message);
caf::error make_error(const failure& f);

// Any caf::error as a wm failure: our category keeps its code and message; CAF's own
// system errors map onto the nearest code (a request timeout is errc::timeout, a dead
// receiver is errc::unavailable, ...).
failure to_failure(const caf::error& err);

// Renders an error of our category for actor_system_config::add_error_category.
std::string render_errc(uint8_t code, caf::atom_value category, const caf::message& context);

}  // namespace wm
