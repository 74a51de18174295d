#!/usr/bin/env bash
# Every folder feature of a generated crate builds on its own, without warnings (issue 19).
#
# - Each crate in generated/: `cargo check` with no default features, then with each folder
#   feature alone, each also with `examples` (the example calls follow the split); then
#   `cargo clippy -D warnings` with a sampled pair of features and `examples`.
# - The largest corpus crates (stripe-api, zoom-api-v2), generated into target/check-time:
#   no default features, and three folder features alone (the first, middle and last of the
#   crate's list), each with `examples`; clippy with the first feature. Skipped, with a message,
#   when the corpus is not there (set POSTGEN_CORPUS).
#
#   crates/postgen/benches/features_check.sh              # corpus in ../shared/corpus
#   POSTGEN_CORPUS=/path/to/corpus crates/postgen/benches/features_check.sh
#
# A warning fails the run like an error: cargo's output is searched for `warning`, so that the
# dependencies' compilation is shared with every other build (no RUSTFLAGS). The corpus crates
# are those of check_time.sh, with its dependency cache (support/corpus_crates.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
# shellcheck source=support/corpus_crates.sh
source "$root/crates/postgen/benches/support/corpus_crates.sh"
failed=0
runs=0

# `run <label> <cargo args...>`: runs cargo quietly; a failure or any warning is reported.
run() {
    local label=$1
    shift
    local out
    runs=$((runs + 1))
    if ! out=$(cargo "$1" --quiet --color never "${@:2}" 2>&1); then
        echo "FAIL  $label"
        echo "$out" | head -n 40
        failed=$((failed + 1))
    elif grep -q '^warning' <<<"$out"; then
        echo "WARN  $label"
        echo "$out" | head -n 40
        failed=$((failed + 1))
    fi
}

package_of() {
    sed -n 's/^name = "\(.*\)"$/\1/p' "$1/Cargo.toml" | head -n 1
}

# `check_crate <dir> <manifest-args...> -- <features...>`
check_crate() {
    local dir=$1
    shift
    local args=()
    while [ "$1" != "--" ]; do
        args+=("$1")
        shift
    done
    shift
    local name
    name=$(basename "$dir")
    run "$name: no default features" check "${args[@]}" --no-default-features
    run "$name: examples only" check "${args[@]}" --no-default-features --features examples
    for f in "$@"; do
        run "$name: $f" check "${args[@]}" --no-default-features --features "$f"
        run "$name: $f + examples" check "${args[@]}" --no-default-features --features "$f,examples"
    done
}

echo "generated/ crates: each folder feature alone"
for dir in generated/*/; do
    dir=${dir%/}
    package=$(package_of "$dir")
    mapfile -t features < <(features_of "$dir")
    check_crate "$dir" -p "$package" -- "${features[@]}"
    # Clippy with a sample: the first and the last folder (one if there is one).
    if [ "${#features[@]}" -gt 0 ]; then
        sample="${features[0]},examples"
        [ "${#features[@]}" = 1 ] || sample="${features[0]},${features[${#features[@]} - 1]},examples"
        run "$(basename "$dir"): clippy $sample" clippy -p "$package" --all-targets \
            --no-default-features --features "$sample" -- -D warnings
    fi
    echo "  $(basename "$dir"): ${#features[@]} folder features"
done

crates=(stripe-api zoom-api-v2)
status=0
corpus_crates "${crates[@]}" 2>/dev/null || status=$?
if [ "$status" = 1 ]; then
    echo "FAIL  generating the corpus crates"
    exit 1
elif [ "$status" = 2 ]; then
    echo "corpus crates skipped: no stripe-api or zoom-api-v2 collection in $corpus (set POSTGEN_CORPUS)"
else
    echo "corpus crates: three folder features alone"
    for c in "${crates[@]}"; do
        mapfile -t all < <(features_of "$work/$c")
        n=${#all[@]}
        sample=("${all[0]}" "${all[$((n / 2))]}" "${all[$((n - 1))]}")
        check_crate "$work/$c" --manifest-path "$work/$c/Cargo.toml" -- "${sample[@]}"
        run "$c: clippy ${all[0]},examples" clippy --manifest-path "$work/$c/Cargo.toml" \
            --no-default-features --features "${all[0]},examples" -- -D warnings
        echo "  $c: ${sample[*]} (of $n folder features)"
    done
fi

echo "$runs builds, $failed failed or warned"
[ "$failed" = 0 ]
