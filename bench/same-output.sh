#!/usr/bin/env bash
# Compares what two builds of doomsday write, byte for byte, on the same inputs at the same (frozen) clock:
# the scan JSON of the 100,000-file tree and of the corpus, the doctor JSON of the corpus's kubeadm trees,
# the scan's Prometheus text, and /metrics of a `watch` run over the corpus. For a change that must not change
# behaviour (a move, a rename, a refactoring).
#
#   bench/same-output.sh BEFORE AFTER [TREE]
#
# BEFORE, AFTER: commits (anything `git rev-parse` takes). TREE: the generated tree to scan
# (default /tmp/doomsday-bench/tree-100000, which `dotnet run -c Release --project bench/Doomsday.Bench --
# scan-tree` makes). Prints one line per output (same / DIFFERENT) and exits 1 when any differs; the
# outputs stay in the work directory it names for a closer look.
#
# The clock is frozen with libfaketime (Debian package `faketime`) so that "days left", residual times and
# timestamps are the same in both runs; the monotonic clock is left alone (timeouts keep working). The build-info
# lines (they carry the commit) are left out of the comparison: VOLATILE below.
set -euo pipefail

before=${1:?usage: bench/same-output.sh BEFORE AFTER [TREE]}
after=${2:?usage: bench/same-output.sh BEFORE AFTER [TREE]}
tree=${3:-/tmp/doomsday-bench/tree-100000}
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
work=$(mktemp -d /tmp/doomsday-same-output.XXXXXX)
frozen="2026-12-06 12:00:00"
libfaketime=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -1)
[ -n "$libfaketime" ] || { echo "libfaketime not found: apt-get install faketime" >&2; exit 2; }
[ -d "$tree" ] || { echo "no tree at $tree: run 'dotnet run -c Release --project bench/Doomsday.Bench -- scan-tree' once" >&2; exit 2; }
corpus="$repo/tests/testdata/corpus"

# The lines of Prometheus text that name the build itself (its commit): the only lines that differ between
# two builds of one source at a frozen clock. Anything else that differs is a change of behaviour.
VOLATILE='^(x509_exporter_build_info|doomsday_build_info)[{ ]'

build() { # REV DIR
    git -C "$repo" worktree add --detach --force "$2/src" "$1" >/dev/null 2>&1
    dotnet build "$2/src/src/Doomsday.Cli" -c Release -o "$2/bin" -v quiet -nologo >"$2/build.log" 2>&1 \
        || { echo "build of $1 failed: $2/build.log" >&2; exit 2; }
    git -C "$repo" worktree remove --force "$2/src"
}

frozen_run() { # BIN ARGS... (stdout)
    FAKETIME="$frozen" FAKETIME_DONT_FAKE_MONOTONIC=1 LD_PRELOAD="$libfaketime" dotnet "$@"
}

outputs() { # DIR
    local dir=$1 bin="$1/bin/doomsday.dll"
    frozen_run "$bin" scan "$tree" -o json --fail-on never >"$dir/scan-tree.json" 2>/dev/null || true
    frozen_run "$bin" scan "$corpus" -o json --fail-on never >"$dir/scan-corpus.json" 2>/dev/null || true
    frozen_run "$bin" scan "$corpus" -o prometheus --fail-on never 2>/dev/null | grep -Ev "$VOLATILE" >"$dir/scan-corpus.prom" || true
    for node in "$corpus"/kubeadm/*/etc-kubernetes; do
        local name; name=$(basename "$(dirname "$node")")
        frozen_run "$bin" doctor --kubeadm "$node" -o json >"$dir/doctor-$name.json" 2>/dev/null || true
    done
    watch_metrics "$dir" "$bin"
}

watch_metrics() { # DIR BIN: one watch over the corpus, /metrics once its first scan is in
    local dir=$1 bin=$2 port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    cat >"$dir/watch.yaml" <<EOF
labels: {cluster: same-output}
certificates:
  paths: ["$corpus/kubeadm", "$corpus/kubeconfigs"]
  interval: 1h
server: {listen: "127.0.0.1:$port"}
store: {path: "$dir/watch.db"}
EOF
    # exec: $! is the daemon itself, so that the TERM below reaches it
    (FAKETIME="$frozen" FAKETIME_DONT_FAKE_MONOTONIC=1 LD_PRELOAD="$libfaketime" exec dotnet "$bin" watch --config "$dir/watch.yaml" >"$dir/watch.log" 2>&1) &
    local pid=$!
    for _ in $(seq 1 600); do # up to 60 s for the first scan (a condition, polled)
        if curl -fsS "http://127.0.0.1:$port/metrics" -o "$dir/metrics.raw" 2>/dev/null && grep -q '^x509_cert_not_after' "$dir/metrics.raw"; then break; fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
    grep -Ev "$VOLATILE" "$dir/metrics.raw" >"$dir/metrics.txt" 2>/dev/null || true
}

for side in before after; do
    rev=${!side}
    mkdir -p "$work/$side"
    echo "building $side ($(git -C "$repo" rev-parse --short "$rev"))" >&2
    build "$rev" "$work/$side"
    outputs "$work/$side"
done

status=0
for f in "$work"/after/*.json "$work"/after/*.prom "$work"/after/metrics.txt; do
    name=$(basename "$f")
    if [ ! -s "$f" ]; then echo "EMPTY      $name"; status=1
    elif cmp -s "$work/before/$name" "$f"; then echo "same       $name ($(wc -c <"$f") bytes)"
    else echo "DIFFERENT  $name"; status=1; fi
done
echo "outputs kept in $work"
exit $status
