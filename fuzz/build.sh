#!/usr/bin/env bash
# Builds the fuzz targets on the stable toolchain, without cargo-fuzz: the libFuzzer binaries that
# `cargo fuzz build -O -s none` makes (SanitizerCoverage instrumentation, `--cfg fuzzing`, debug
# assertions and overflow checks on, no sanitizer), with the codegen units cargo picks (cargo-fuzz
# forces one, which makes a cold build about twice as long on 2 cores).
#
#   fuzz/build.sh [--target-dir DIR] [other cargo build arguments]
#
# The binaries (record_log, commands, edition_toml, coded_table: one per fuzz_targets/*.rs) land in
# <target-dir>/x86_64-unknown-linux-gnu/release/ (the default target dir is fuzz/target). Run one
# with a corpus folder and libFuzzer's flags:
#   fuzz/target/x86_64-unknown-linux-gnu/release/commands /tmp/corpus -max_total_time=60
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

flags=(
    -Cpasses=sancov-module
    -Cllvm-args=-sanitizer-coverage-level=4
    -Cllvm-args=-sanitizer-coverage-inline-8bit-counters
    -Cllvm-args=-sanitizer-coverage-pc-table
    -Cllvm-args=-sanitizer-coverage-trace-compares
    -Cllvm-args=-sanitizer-coverage-stack-depth
    -Cllvm-args=-simplifycfg-branch-fold-threshold=0
    --cfg fuzzing
    -Cdebug-assertions
    -Coverflow-checks
)
# --target keeps these flags off build scripts and proc macros, as cargo-fuzz does.
RUSTFLAGS="${flags[*]} ${RUSTFLAGS:-}" exec cargo build --release --locked \
    --target x86_64-unknown-linux-gnu --bins "$@"
