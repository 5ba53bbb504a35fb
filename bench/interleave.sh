#!/usr/bin/env bash
# Compares doomsday builds (or runtime settings) on one tree, interleaved: each variant runs once per
# round, so background noise hits all of them alike; prints the median wall time, CPU (user + system)
# and peak RSS per variant, from GNU time.
#
#   bench/interleave.sh ROUNDS "LABEL|ENV=VALUE ...|/path/to/doomsday" ...
#   TREE=/tmp/doomsday-bench/tree-100000 bench/interleave.sh 5 "before|X=1|/tmp/a/doomsday" "after|X=1|/tmp/b/doomsday"
#
# Each run is `doomsday scan $TREE --output $OUTPUT > /dev/null` (OUTPUT: json by default, or prometheus;
# the scan-tree bench generates the tree).
set -euo pipefail
rounds=$1; shift
tree=${TREE:-${TMPDIR:-/tmp}/doomsday-bench/tree-100000}
output=${OUTPUT:-json}
[ -d "$tree" ] || { echo "no tree at $tree: run 'dotnet run -c Release --project bench/Doomsday.Bench -- scan-tree' first, or set TREE" >&2; exit 2; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
declare -A wall cpu rss
for _ in $(seq "$rounds"); do
  for spec in "$@"; do
    IFS='|' read -r label envs exe <<< "$spec"
    # shellcheck disable=SC2086 # ENV=VALUE words are meant to split
    env $envs /usr/bin/time -f "%e %U %S %M" -o "$out" "$exe" scan "$tree" --output "$output" > /dev/null 2>&1 || true
    read -r w u s m < <(tail -1 "$out")
    wall[$label]+="$w "; cpu[$label]+="$(echo "$u + $s" | bc) "; rss[$label]+="$m "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
for spec in "$@"; do
  IFS='|' read -r label _ _ <<< "$spec"
  printf '%-20s wall %s s  cpu %s s  peak RSS %s KiB   (walls: %s; cpus: %s)\n' "$label" \
    "$(echo "${wall[$label]}" | median)" "$(echo "${cpu[$label]}" | median)" "$(echo "${rss[$label]}" | median)" "${wall[$label]}" "${cpu[$label]}"
done
