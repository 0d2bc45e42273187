#!/usr/bin/env bash
# Installs every Debian package that the build, the tests and the benchmarks need.
# Idempotent: apt-get skips what is already there. Runs as root (CI) or through sudo.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config clang clang-tidy clang-format
  libcaf-dev                       # CAF 0.17.6 core + io
  libcurl4-openssl-dev             # HTTP client (curl multi)
  libssl-dev                       # libcrypto: SHA-256 content hashes
  libsimdjson-dev                  # JSON codecs
  libspdlog-dev libfmt-dev         # logging
  libgoogle-perftools-dev          # tcmalloc
  prometheus-cpp-dev libcivetweb-dev  # metrics registry + embedded HTTP server
  libsqlite3-dev sqlite3           # document store
  libgtest-dev libgmock-dev googletest librapidcheck-dev   # tests
  libbenchmark-dev                 # benchmarks
  libedit-dev                      # shell line editing
  libutf8proc-dev                  # grapheme segmentation
  wrk tmux curl python3            # load test, interactive shell tests, fake-server helpers
  default-jdk-headless             # JNI headers + javac/java for the Android bridge test
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}"
