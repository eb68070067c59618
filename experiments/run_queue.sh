#!/usr/bin/env bash
# Run the `trmrl` commands listed in FILE (one per line, '#' comments), N at a time; each run's output goes to
# OUT.log beside its --out directory. Finished runs (OUT.log says "done in") are skipped; runs whose directory
# holds a checkpoint are resumed, not restarted (their earlier log is kept as OUT.log.N).
set -euo pipefail
file=${1:?usage: run_queue.sh FILE [N]}; n=${2:-2}
grep -vE '^\s*(#|$)' "$file" | while read -r line; do echo "$line"; done | \
  xargs -P "$n" -I{} bash -c 'args="{}"; out=$(sed -E "s/.*--out ([^ ]+).*/\1/" <<<"$args"); mkdir -p "$(dirname "$out")";
    if grep -q "^done in" "$out.log" 2>/dev/null; then echo "[$(date +%T)] finished already: $out"; exit 0; fi
    if [ -f "$out/checkpoint.pt" ]; then args="$args --resume"; n=1; while [ -e "$out.log.$n" ]; do n=$((n+1)); done; mv "$out.log" "$out.log.$n"; fi
    echo "[$(date +%T)] start: trmrl $args"; if trmrl $args > "$out.log" 2>&1; then echo "[$(date +%T)] done: $out"; else echo "[$(date +%T)] FAILED: $out (see $out.log)"; fi'
