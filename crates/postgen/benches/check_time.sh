#!/usr/bin/env bash
# Compile time of generated code (issue 19): `cargo check` and debug `cargo build` of the crates
# generated from the Stripe and Zoom collections, from a warm dependency cache (only the crate
# itself is compiled), in CPU seconds and as a ratio to the same command on a crate with the same
# dependencies and no code, in the same run. Each crate is measured with all its features (the
# default) and with a single folder feature (`--no-default-features --features <f>`, the folder
# with the most generated code); `one/all` is the single folder's time as a share of the whole
# crate's. Each figure is the median of RUNS runs (default 3), each after touching `lib.rs`,
# without incremental compilation (as cargo compiles a dependency: what users of an SDK crate
# pay; an incremental rebuild after a touch would reuse nearly everything).
#
#   crates/postgen/benches/check_time.sh              # corpus in ../shared/corpus
#   POSTGEN_CORPUS=/path/to/corpus RUNS=5 crates/postgen/benches/check_time.sh
#   POSTGEN_BIN=/path/to/older/postgen crates/postgen/benches/check_time.sh   # before/after
#
# The generated crates and their target directory stay in target/check-time (the first run
# builds the dependencies; later runs reuse them; see support/corpus_crates.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
runs=${RUNS:-3}
crates=(stripe-api zoom-api-v2)
# shellcheck source=support/corpus_crates.sh
source "$root/crates/postgen/benches/support/corpus_crates.sh"
corpus_crates "${crates[@]}"
export CARGO_INCREMENTAL=0
echo "warming the dependency cache…"
(cd "$work" && cargo check --quiet --workspace && cargo build --quiet --workspace)

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# `measure <check|build> <crate> [cargo args...]`: the median CPU time (user + system, of cargo
# and the compilers it runs) in seconds: on a shared machine wall-clock time measures the
# neighbours as much as the crate.
measure() {
    local cmd=$1 crate=$2
    shift 2
    for _ in $(seq "$runs"); do
        touch "$work/$crate/src/lib.rs"
        local t
        t=$( { TIMEFORMAT='%U %S'; time cargo "$cmd" --quiet --manifest-path "$work/$crate/Cargo.toml" "$@" >&2; } 2>&1 | tail -n 1)
        awk -v t="$t" 'BEGIN { split(t, p, " "); print p[1] + p[2] }'
    done | median
}
ratio() { awk -v t="$1" -v b="$2" 'BEGIN { printf "%.1fx", t / b }'; }
share() { awk -v t="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * t / b }'; }
# Lines of Rust a feature compiles, roughly: its module's files (the example calls aside).
lines_of() {
    local dir=$1 ident=${2//-/_}
    if [ -z "$2" ]; then
        find "$dir/src" -name '*.rs' -not -name examples.rs | xargs cat | wc -l
    else
        local files=("$dir/src/$ident.rs")
        [ -d "$dir/src/$ident" ] && files+=("$dir/src/$ident")
        find "${files[@]}" -name '*.rs' | xargs cat | wc -l
    fi
}

base_check=$(measure check no-code)
base_build=$(measure build no-code)
row='%-28s %7.2fs %7s %7s %7.2fs %7s %7s %8d\n'
printf '%-28s %8s %7s %7s %8s %7s %7s %8s\n' crate check ratio one/all build ratio one/all lines
printf "$row" no-code "$base_check" 1.0x - "$base_build" 1.0x - 0
for c in "${crates[@]}"; do
    # The folder with the most code.
    one="" most=0
    while read -r f; do
        n=$(lines_of "$work/$c" "$f")
        if [ "$n" -gt "$most" ]; then
            one=$f most=$n
        fi
    done < <(features_of "$work/$c")
    all_check=$(measure check "$c")
    all_build=$(measure build "$c")
    printf "$row" "$c (all features)" \
        "$all_check" "$(ratio "$all_check" "$base_check")" 100% \
        "$all_build" "$(ratio "$all_build" "$base_build")" 100% "$(lines_of "$work/$c" "")"
    if [ -n "$one" ]; then
        one_check=$(measure check "$c" --no-default-features --features "$one")
        one_build=$(measure build "$c" --no-default-features --features "$one")
        printf "$row" "$c ($one)" \
            "$one_check" "$(ratio "$one_check" "$base_check")" "$(share "$one_check" "$all_check")" \
            "$one_build" "$(ratio "$one_build" "$base_build")" "$(share "$one_build" "$all_build")" \
            "$most"
    fi
done
