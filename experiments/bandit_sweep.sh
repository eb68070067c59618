#!/usr/bin/env bash
# The sweep behind the `bandit` preset (notebook 10): trials per PPO iteration (n_envs, minibatches scaled with it:
# 25 steps per trial, i.e. 4 minibatches per epoch as in the preset) x entropy bonus, 3M env steps, TrMRL, seed 1.
# One run at a time, one torch thread: `bash experiments/bandit_sweep.sh` (about 15 min per run on a 2-core machine).
# Runs land in results/bandit-sweep/NAME; a finished run (its progress.csv reaches 3M steps) is skipped.
set -euo pipefail
for cfg in experiments/bandit-sweep/*.json; do
  name=$(basename "$cfg" .json); out=results/bandit-sweep/$name
  if [ -f "$out/progress.csv" ] && [ "$(tail -1 "$out/progress.csv" | cut -d, -f2)" -ge 3000000 ] 2>/dev/null; then echo "done already: $out"; continue; fi
  mkdir -p results/bandit-sweep
  resume=""; [ -f "$out/checkpoint.pt" ] && resume="--resume"
  echo "[$(date +%T)] $name"
  trmrl train bandit --preset bandit --agent trmrl --seed 1 --steps 3000000 --config "$cfg" --out "$out" --no-eval $resume > "$out.log" 2>&1
done
