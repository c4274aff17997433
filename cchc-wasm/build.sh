#!/usr/bin/env bash
# Builds the WebAssembly package of cchc into cchc-wasm/pkg/<target>/.
#
#   cchc-wasm/build.sh [--locked] [TARGET...]
#
# TARGET is one of the package's three builds, each in its own folder that package.json's
# "exports" points at (default: all three):
#   nodejs    pkg/nodejs/    CommonJS for Node (`require("cchc")`)
#   node-esm  pkg/node-esm/  ES module for Node (`import … from "cchc"`), wasm-bindgen's
#                            experimental-nodejs-module target
#   web       pkg/web/       ES module for browsers; also copied to www/pkg/ for the calculator
# Any other wasm-bindgen --target (bundler, deno, …) goes to pkg/<target>/. Needs the
# wasm32-unknown-unknown target and the wasm-bindgen CLI of exactly the version in Cargo.lock
# (.ci/run installs both).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

cargo_flags=()
targets=()
for arg in "$@"; do
    case "$arg" in
        --locked) cargo_flags+=(--locked) ;;
        -*) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
        *) targets+=("$arg") ;;
    esac
done
[[ ${#targets[@]} -gt 0 ]] || targets=(nodejs node-esm web)

# The CLI must match the wasm-bindgen crate exactly, or the generated glue is refused.
want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")"
have="$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)"
if [[ -z "$want" ]]; then
    echo "build.sh: no wasm-bindgen in $root/Cargo.lock" >&2
    exit 1
fi
if [[ "$have" != "$want" ]]; then
    echo "build.sh: wasm-bindgen CLI ${have:-not found}, Cargo.lock wants $want:" >&2
    echo "  cargo install wasm-bindgen-cli --version $want" >&2
    exit 1
fi

# Never the whole workspace: pyo3 cannot target wasm32.
(cd "$root" && cargo build -p cchc-wasm --target wasm32-unknown-unknown --profile wasm-release "${cargo_flags[@]}")

target_dir="${CARGO_TARGET_DIR:-$root/target}"
wasm="$target_dir/wasm32-unknown-unknown/wasm-release/cchc_wasm.wasm"

for target in "${targets[@]}"; do
    out="$here/pkg/$target"
    bindgen_target="$target"
    [[ "$target" == node-esm ]] && bindgen_target=experimental-nodejs-module
    rm -rf "$out"
    wasm-bindgen --target "$bindgen_target" --out-dir "$out" --remove-name-section "$wasm"
    bg="$out/cchc_wasm_bg.wasm"
    echo "cchc-wasm: $target -> ${out#"$root"/} ($(wc -c <"$bg") bytes raw, $(gzip -9c "$bg" | wc -c) bytes gzip -9)"
    # The browser build is an ES module: say so to Node-based tools (TypeScript, bundlers).
    [[ "$target" == web ]] && printf '{\n  "type": "module"\n}\n' >"$out/package.json"
    if [[ "$target" == web ]]; then
        # The calculator page is static files only: give it its own copy of the ES module.
        rm -rf "$here/www/pkg"
        mkdir -p "$here/www"
        cp -R "$out" "$here/www/pkg"
    fi
done
