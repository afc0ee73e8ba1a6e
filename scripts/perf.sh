#!/usr/bin/env bash
# Regenerates every figure of docs/PERFORMANCE.md: writes the synthetic
# packs (up to 10,000 articles and 1,000 book-length ones, about 500 MB under
# target/perf/packs, never committed), runs the criterion benchmarks and the
# search-per-character measurement, then the end-to-end harness (release
# binary and `less` in a 200×60 pseudo-terminal, peak memory), and prints the
# table (also left in target/perf/report.md).
#
#   scripts/perf.sh            # everything, about half an hour on two cores
#   scripts/perf.sh --quick    # the end-to-end harness and table only
#
# LECTERN_E2E_RUNS / LECTERN_E2E_LARGE_RUNS: first-frame runs per case on
# the small packs (default 10) and on the two large ones (default 3);
# LECTERN_TYPING_REPS: runs per typed prefix (default 5);
# LECTERN_E2E_BEFORE: the binary of an earlier build, whose first frames are
# measured in the same run, interleaved, as the "before" column. The packs'
# indices are kept in target/perf/cache.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
if ! need less || [ ! -x /usr/bin/time ]; then
    echo "perf.sh: needs less and /usr/bin/time (Debian: apt-get install less time)" >&2
    exit 1
fi

echo "== machine"
echo "cores: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "memory: $(free -m | awk '/^Mem:/ {print $2 " MiB"}'); load average: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "${1:-}" != "--quick" ]; then
    echo "== criterion benchmarks (cargo bench --bench perf)"
    cargo bench --bench perf
fi
echo "== end-to-end harness and table (cargo bench --bench e2e)"
cargo bench --bench e2e
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
