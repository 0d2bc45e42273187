#pragma once
// Which simdjson kernel the codecs' On-Demand code was compiled for ("haswell", "westmere",
// "fallback", ...). simdjson::builtin_implementation() cannot answer this: it is compiled into
// the shared libsimdjson (Debian builds it for baseline x86-64, so it says "fallback").
#include <string_view>

namespace wm::codecs {

std::string_view json_kernel_name() noexcept;

// The kernel simdjson picked at run time for stage 1 (the structural scan).
std::string_view json_runtime_kernel_name() noexcept;

}  // namespace wm::codecs
