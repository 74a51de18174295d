#!/usr/bin/env bash
# Peak memory of `postgen generate` on each large collection of the corpus (300 KB and more),
# as the maximum resident set size of the release binary (GNU time's %M; the median of three
# runs) and as a multiple of the collection's size. Target (issue 7): at most 10x.
#
#   crates/postgen/benches/peak_memory.sh            # corpus in ../shared/corpus
#   POSTGEN_CORPUS=/path/to/corpus crates/postgen/benches/peak_memory.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
corpus=${POSTGEN_CORPUS:-$root/../shared/corpus}
if [ ! -d "$corpus" ]; then
    echo "no corpus at $corpus: set POSTGEN_CORPUS" >&2
    exit 2
fi
if [ ! -x /usr/bin/time ]; then
    echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2
    exit 2
fi
cargo build --release --quiet -p postgen-cli
bin=${CARGO_TARGET_DIR:-$root/target}/release/postgen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '%-48s %10s %10s %8s\n' collection "input KB" "peak KB" ratio
# First the seed, a few KB: what the process takes whatever its input (binary, allocator,
# threads), for reading the ratios of the smaller collections.
for f in "$root/collections/zoom-live-stream.postman_collection.json" "$corpus"/*.postman_collection.json; do
    size=$(stat -c %s "$f")
    [ "$size" -ge $((300 * 1024)) ] || [[ $f == "$root"/collections/* ]] || continue
    peaks=()
    for _ in 1 2 3; do
        rm -rf "$work/out"
        /usr/bin/time -f %M -o "$work/rss" "$bin" generate "$f" --out "$work/out" --quiet >/dev/null
        peaks+=("$(tail -1 "$work/rss")")
    done
    peak=$(printf '%s\n' "${peaks[@]}" | sort -n | sed -n 2p)
    awk -v n="$(basename "$f")" -v s="$size" -v p="$peak" \
        'BEGIN { printf "%-48s %10d %10d %7.1fx\n", n, s / 1024, p, p * 1024 / s }'
done
