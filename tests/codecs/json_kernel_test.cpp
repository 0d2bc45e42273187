// The simdjson trap: On-Demand code runs the kernel chosen when *it* was compiled.
#include "adapters/codecs/json_kernel.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>

namespace {

TEST(JsonKernel, CodecsAreNotCompiledForTheFallbackKernel) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx2")) GTEST_SKIP() << "CPU lacks AVX2";
  // simdjson::builtin_implementation() lives in the shared libsimdjson and reports the flags
  // Debian built *that* with (baseline x86-64, so "fallback"); it says nothing about the
  // On-Demand code inlined into wm_codecs. Record it, and assert on what the codecs run.
  RecordProperty("libsimdjson_builtin", simdjson::builtin_implementation()->name());
  EXPECT_NE(wm::codecs::json_kernel_name(), "fallback");
  EXPECT_EQ(wm::codecs::json_kernel_name(), "haswell");  // what ${WM_SIMD_FLAGS} select
  EXPECT_NE(wm::codecs::json_runtime_kernel_name(), "fallback");
#else
  GTEST_SKIP() << "x86-64 only";
#endif
}

}  // namespace
