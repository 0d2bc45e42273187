# Project-wide compile rules and the helpers every folder uses to declare its targets.

# Warnings as errors apply to our code only (CAF and other system headers are -isystem).
add_library(wm_warnings INTERFACE)
target_compile_options(wm_warnings INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Werror -Wno-unused-parameter>
  $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra -Werror>)
# GCC 12 at -O2/-O3 reports false positives inside libstdc++ string code as instantiated by
# CAF's headers (-Wrestrict, -Wmaybe-uninitialized, ...); they are not actionable here.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(wm_warnings INTERFACE
    $<$<AND:$<COMPILE_LANGUAGE:CXX>,$<NOT:$<CONFIG:Debug>>>:-Wno-restrict -Wno-maybe-uninitialized -Wno-array-bounds -Wno-stringop-overflow>)
endif()

# Debug info is written zlib-compressed (objects and linked binaries) and the compiler pipes
# instead of writing its assembly to /tmp: with CAF's templates a debug build is ~3 GB of
# mostly .debug_str / .debug_info otherwise, and CI hosts have run out of disk mid-build.
# gdb, addr2line and llvm-symbolizer (sanitizer reports) read compressed sections.
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  add_compile_options(-pipe $<$<CONFIG:Debug,RelWithDebInfo>:-gz>)
  add_link_options($<$<CONFIG:Debug,RelWithDebInfo>:-gz>)
endif()

# simdjson's On-Demand kernel is picked at compile time: give it AVX2 on x86-64. Applied
# to every target (not only the codecs) so inline simdjson functions compiled twice cannot
# differ between translation units; x86-64 builds therefore require AVX2 (x86-64-v3).
option(WM_X86_64_V3 "Compile for x86-64-v3 (AVX2, BMI, LZCNT) on x86-64" ON)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64" AND WM_X86_64_V3)
  set(WM_SIMD_FLAGS -mavx2 -mbmi -mbmi2 -mpclmul -mlzcnt -mpopcnt)
  add_compile_options(${WM_SIMD_FLAGS})
else()
  set(WM_SIMD_FLAGS "")
endif()

if(WM_LIBFUZZER)
  # Coverage and sanitizers in the libraries too, not only in each target's own file:
  # libFuzzer can only steer by the edges it sees, and the parsers live in the libraries.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

if(WM_SANITIZE)
  add_compile_options(-fsanitize=${WM_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${WM_SANITIZE})
  # ASan's instrumented globals give each binary ~75 MB of relative relocations; packed
  # (DT_RELR) they take ~1.3 MB: ~30 % off each binary, 3.8 -> 3.2 GB for the tree. Sanitizer builds
  # only: a binary with DT_RELR needs glibc >= 2.36 to load, too new for what we ship.
  include(CheckLinkerFlag)
  check_linker_flag(CXX "-Wl,-z,pack-relative-relocs" WM_LINKER_PACKS_RELATIVE_RELOCS)
  if(WM_LINKER_PACKS_RELATIVE_RELOCS)
    add_link_options(-Wl,-z,pack-relative-relocs)
  endif()
  if(WM_SANITIZE MATCHES "undefined")
    # Two checks trip over CAF 0.17.6's own header code instantiated in our objects, and
    # GCC's UBSan cannot suppress them at run time: `null` (spawning an argument-less
    # function actor binds a reference to a null shared_ptr<std::tuple<>>, never read) and
    # `vptr` (the mailbox queue downcasts its sentinel node to mailbox_element). ASan still
    # catches every real null access.
    add_compile_options(-fno-sanitize=null,vptr)
  endif()
endif()

# wm_library(name SOURCES ... DEPS ...): a static library rooted at the repo top,
# so includes read as "messages/errc.hpp", "actors/supervision/supervisor.hpp".
function(wm_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE wm_warnings)
endfunction()

# wm_executable(name SOURCES ... DEPS ...): links tcmalloc unless turned off.
function(wm_executable name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} wm_warnings)
  if(WM_TCMALLOC AND NOT WM_SANITIZE)
    target_link_libraries(${name} PRIVATE PkgConfig::TCMALLOC)
    target_compile_definitions(${name} PRIVATE WM_HAVE_TCMALLOC=1)
  endif()
endfunction()

# wm_test(name SOURCES ... DEPS ... [LABELS ...]): one GoogleTest executable, its cases
# discovered at test time so ctest lists each one.
function(wm_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main wm_warnings)
  target_compile_definitions(${name} PRIVATE
    WM_SOURCE_DIR="${PROJECT_SOURCE_DIR}" WM_BINARY_DIR="${PROJECT_BINARY_DIR}")
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT 300)
endfunction()

# wm_fuzz_target(name SOURCES ... DEPS ... CORPUS dir): a libFuzzer entry point.
# With clang and WM_LIBFUZZER it is a real libFuzzer binary; otherwise it links a small
# driver that replays the seed corpus plus bounded pseudo-random mutations, and ctest runs it.
function(wm_fuzz_target name)
  cmake_parse_arguments(ARG "" "CORPUS" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} wm_warnings)
  if(WM_LIBFUZZER)
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  else()
    target_sources(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/fuzz/replay_driver.cpp)
    add_test(NAME fuzz.${name} COMMAND ${name} ${ARG_CORPUS})
    set_tests_properties(fuzz.${name} PROPERTIES LABELS fuzz TIMEOUT 300)
  endif()
endfunction()

# WM_SKIP_DIRS: folders (paths from the repo top) to leave out (a developer's escape hatch while a
# component is half-written; empty in every preset).
set(WM_SKIP_DIRS "" CACHE STRING "Child folder names that wm_add_subdirectories skips")

# Adds every direct child folder that has a CMakeLists.txt, so a new component is
# picked up without editing its parent.
function(wm_add_subdirectories)
  file(GLOB _children LIST_DIRECTORIES true "${CMAKE_CURRENT_SOURCE_DIR}/*")
  list(SORT _children)
  foreach(_child IN LISTS _children)
    file(RELATIVE_PATH _rel "${PROJECT_SOURCE_DIR}" "${_child}")
    if(_rel IN_LIST WM_SKIP_DIRS)
      continue()
    endif()
    if(IS_DIRECTORY "${_child}" AND EXISTS "${_child}/CMakeLists.txt")
      add_subdirectory("${_child}")
    endif()
  endforeach()
endfunction()
