#!/usr/bin/env bash
# The prepared GPU check (see results/gpu/README.md): streaming = forward equality, 3 iterations of each paper MuJoCo preset
# with their throughput, and a 2-rank run where there are 2 GPUs; JSON into OUT/gpu_check.json.
#   bash bench/gpu_check.sh OUT [--device cuda|cpu] [--quick] [--budget-s S] ...   (other options: python bench/gpu_check.py -h)
# On a bare GPU box the repo arrives with the wheels of bench/gpu_wheels.sh in .whl/: they are installed into /tmp/site first
# when trmrl's requirements are missing. The python is $PYTHON (default python3), e.g. PYTHON=.venv/bin/python here.
# CI runs the CPU path: bash bench/gpu_check.sh DIR --device cpu --quick
set -uo pipefail
export GPU_CHECK_T0=$(date +%s)   # the check's time budget counts from here, the wheel install included
if [ $# -lt 1 ] || [[ "$1" == -* ]]; then
  echo "usage: bash bench/gpu_check.sh OUT [--device cuda|cpu] [--quick] [--budget-s S] [--iterations N] [--threads N] [--presets P,...]" >&2
  exit 2
fi
OUT=$1; shift
case "$OUT" in /*) ;; *) OUT=$PWD/$OUT ;; esac   # relative to where it was called from
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
need="import gymnasium.envs.mujoco, mujoco, fastcore.basics, fastprogress"
if ! "$PY" -c "$need" 2>/dev/null; then
  if compgen -G ".whl/*.whl" >/dev/null; then
    echo "installing the carried wheels (.whl/, $(ls .whl/*.whl | wc -l) files) into /tmp/site"
    "$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --disable-pip-version-check \
         --target /tmp/site .whl/*.whl || { echo "gpu_check: installing .whl/ into /tmp/site failed" >&2; exit 1; }
    export PYTHONPATH=/tmp/site${PYTHONPATH:+:$PYTHONPATH}
  fi
  "$PY" -c "$need" || { echo "gpu_check: trmrl's requirements do not import with $PY (carry .whl/ from bench/gpu_wheels.sh)" >&2; exit 1; }
fi
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH}   # this checkout's trmrl, installed or not
export PYTHONUNBUFFERED=1 PYTHONWARNINGS=${PYTHONWARNINGS:-ignore::DeprecationWarning}
exec "$PY" bench/gpu_check.py "$OUT" "$@"
