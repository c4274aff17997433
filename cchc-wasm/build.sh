#!/usr/bin/env bash
# Builds the WebAssembly package of cchc into cchc-wasm/pkg/<target>/.
#
#   cchc-wasm/build.sh [--locked] [TARGET...]
#
# TARGET is one of the package's four builds, each in its own folder that package.json's
# "exports" points at (default: all four):
#   nodejs    pkg/nodejs/    CommonJS for Node (`require("cchc")`), the full module
#   node-esm  pkg/node-esm/  ES module for Node (`import … from "cchc"`), the full module,
#                            wasm-bindgen's experimental-nodejs-module target
#   web       pkg/web/       ES module for browsers (`cchc`, `cchc/web`): the lean module, built
#                            without the cargo feature `full` (no rounds, record, results,
#                            analyses); also copied to www/pkg/ for the calculator
#   web-full  pkg/web-full/  ES module for browsers with the full module (`cchc/full`): the same
#                            .wasm as the Node builds, through `wasm-bindgen --target web`
# Any other wasm-bindgen --target (bundler, deno, …) goes to pkg/<target>/, with the full module.
# One cargo build per module asked for: the full one (default features) for every target but
# `web`, the lean one (`--no-default-features`) for `web`. Needs the wasm32-unknown-unknown target
# and the wasm-bindgen CLI of exactly the version in Cargo.lock (.ci/run installs both).
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
[[ ${#targets[@]} -gt 0 ]] || targets=(nodejs node-esm web-full web)

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

target_dir="${CARGO_TARGET_DIR:-$root/target}"
wasm="$target_dir/wasm32-unknown-unknown/wasm-release/cchc_wasm.wasm"

# Builds one module: `full` (default features) or `lean` (the browser's, without them). Never the
# whole workspace: pyo3 cannot target wasm32.
build_module() {
    local features=()
    [[ "$1" == lean ]] && features=(--no-default-features)
    (cd "$root" && cargo build -p cchc-wasm --target wasm32-unknown-unknown --profile wasm-release \
        ${features[@]+"${features[@]}"} ${cargo_flags[@]+"${cargo_flags[@]}"})
}

# Runs wasm-bindgen on the module just built for one target and prints its sizes.
bind() {
    local target="$1" module="$2"
    local out="$here/pkg/$target" bindgen_target="$target"
    [[ "$target" == node-esm ]] && bindgen_target=experimental-nodejs-module
    [[ "$target" == web-full ]] && bindgen_target=web
    rm -rf "$out"
    wasm-bindgen --target "$bindgen_target" --out-dir "$out" --remove-name-section "$wasm"
    local bg="$out/cchc_wasm_bg.wasm"
    echo "cchc-wasm: $target ($module module) -> ${out#"$root"/} ($(wc -c <"$bg") bytes raw, $(gzip -9c "$bg" | wc -c) bytes gzip -9)"
    # The browser builds are ES modules: say so to Node-based tools (TypeScript, bundlers).
    [[ "$bindgen_target" == web ]] && printf '{\n  "type": "module"\n}\n' >"$out/package.json"
    if [[ "$target" == web ]]; then
        # The calculator page is static files only: give it its own copy of the ES module.
        rm -rf "$here/www/pkg"
        mkdir -p "$here/www"
        cp -R "$out" "$here/www/pkg"
    fi
}

full=()
lean=()
for target in "${targets[@]}"; do
    if [[ "$target" == web ]]; then lean+=("$target"); else full+=("$target"); fi
done
if [[ ${#full[@]} -gt 0 ]]; then
    build_module full
    for target in "${full[@]}"; do bind "$target" full; done
fi
if [[ ${#lean[@]} -gt 0 ]]; then
    build_module lean
    for target in "${lean[@]}"; do bind "$target" lean; done
fi
