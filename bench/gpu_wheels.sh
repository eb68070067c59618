#!/usr/bin/env bash
# Download, into .whl/ (gitignored), the wheels that bench/gpu_check.sh installs on a bare GPU box that has no network:
# CPython 3.12, manylinux x86_64, no dependencies resolved by pip (the set below is the closure, checked against each
# wheel's METADATA at the end). numpy and torch are on the box and are not carried.
#   bash bench/gpu_wheels.sh            # then carry .whl with the repo (see results/gpu/README.md)
# Pins: the versions this project is developed and tested with (.venv, settings.ini's requirements).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
DEST=.whl
PYVER=${WHEEL_PYTHON_VERSION:-3.12}
# what trmrl imports for training on MuJoCo (gymnasium[mujoco], fastcore, fastprogress; submitit for trmrl.sweep) and their
# requirements, pinned
PINS="gymnasium==1.4.0 cloudpickle==3.1.3 farama-notifications==0.0.6 typing_extensions==4.16.0 imageio==2.38.1 packaging==26.4
      mujoco==4.0.0 mujoco-core==4.0.0 glfw==2.11.0 pyopengl==3.1.10 fastcore==1.14.5 fastprogress==1.0.5 submitit==1.5.4"
# Not carried (the working tree and .whl travel together under 64 MiB, and the tracked files take ~35 of it):
#  numpy, torch: the box's. pillow (imageio's requirement, 7 MiB; loaded only to read or write images): the box's too.
#  mujoco-studio (13 MiB with websockets): MuJoCo's viewer and Filament renderer; `import mujoco` and simulation do not load it.
#  matplotlib and its requirements (23 MiB): only `python -m trmrl.cli` imports it (trmrl.evaluation), for the 2-rank check;
#  the GPU image lists matplotlib and pillow among its packages; gpu_check.json records their versions or that they are missing.
ON_BOX="numpy torch pillow"   # the box's
NOT_NEEDED="mujoco_studio"   # a requirement no import of ours reaches
PLATS=""
for p in manylinux_2_28_x86_64 manylinux_2_27_x86_64 manylinux_2_26_x86_64 manylinux_2_24_x86_64 manylinux_2_17_x86_64 \
         manylinux2014_x86_64 manylinux_2_12_x86_64 manylinux2010_x86_64 manylinux_2_5_x86_64 manylinux1_x86_64; do
  PLATS="$PLATS --platform $p"
done
mkdir -p "$DEST"
# is NAME (normalised: lower case, runs of -_. as _) at VERSION among the wheels? (a wheel's name is NAME-VERSION-...)
have() { ls "$DEST" | awk -F- '/\.whl$/ {n = tolower($1); gsub(/[-_.]+/, "_", n); print n "-" $2}' | grep -qxF "$1-$2"; }
for spec in $PINS; do
  name=${spec%%==*}; ver=${spec##*==}
  norm=$(echo "$name" | tr 'A-Z' 'a-z' | sed -E 's/[-_.]+/_/g')
  if have "$norm" "$ver"; then continue; fi   # already there
  "$PY" -m pip download -q --no-deps --only-binary=:all: --python-version "$PYVER" --implementation cp $PLATS \
        --disable-pip-version-check -d "$DEST" "$spec" 2>&1 | { grep -v "^WARNING: Location" || true; }
  have "$norm" "$ver" || { echo "gpu_wheels: no cp$PYVER manylinux x86_64 wheel of $spec"; exit 1; }
done
# one version of each, and nothing else: drop wheels of another version (an older pin) or of an unpinned package
"$PY" - "$DEST" $PINS <<'EOF'
import re, sys, pathlib
dest, pins = pathlib.Path(sys.argv[1]), sys.argv[2:]
norm = lambda s: re.sub(r'[-_.]+', '_', s).lower()
want = {norm(p.split('==')[0]): p.split('==')[1] for p in pins}
for w in sorted(dest.glob('*.whl')):
    name, ver = w.name.split('-')[:2]
    if norm(name) not in want: print(f'removing {w.name}: not in the pinned set'); w.unlink()
    elif ver != want[norm(name)]: print(f'removing {w.name}: pinned {want[norm(name)]}'); w.unlink()
EOF
# the set must be closed: every unconditional requirement of every wheel is carried or is on the box (numpy)
"$PY" - "$DEST" "$PYVER" "$ON_BOX" "$NOT_NEEDED" <<'EOF'
import re, sys, zipfile, pathlib
dest, pyver = pathlib.Path(sys.argv[1]), sys.argv[2]
norm = lambda s: re.sub(r'[-_.]+', '_', s).lower()
have = {norm(w.name.split('-')[0]): w for w in dest.glob('*.whl')}
on_box, not_needed = set(sys.argv[3].split()), set(sys.argv[4].split())
missing, total = [], 0
for key, w in sorted(have.items()):
    total += w.stat().st_size
    with zipfile.ZipFile(w) as z:
        meta = next(n for n in z.namelist() if n.endswith('.dist-info/METADATA'))
        reqs = [l.split(':', 1)[1].strip() for l in z.read(meta).decode().splitlines() if l.startswith('Requires-Dist:')]
    for r in reqs:
        spec, _, marker = r.partition(';')
        if 'extra' in marker: continue
        m = re.search(r'python_version\s*([<>=!]=?)\s*"([\d.]+)"', marker)   # e.g. typing_extensions; python_version < "3.11"
        if m:
            v = tuple(map(int, pyver.split('.'))); b = tuple(map(int, m.group(2).split('.')))
            if not {'<': v < b, '<=': v <= b, '>': v > b, '>=': v >= b, '==': v == b, '!=': v != b}[m.group(1)]: continue
        dep = norm(re.match(r'[A-Za-z0-9_.\-]+', spec.strip()).group(0))
        if dep not in have and dep not in on_box | not_needed: missing.append(f'{w.name} needs {r}')
print(f'{len(have)} wheels, {total / 2**20:.1f} MiB in {dest}/')
if missing: print('missing requirements:', *missing, sep='\n  '); sys.exit(1)
print(f'requirements closed: the box has {", ".join(sorted(on_box))}; not carried: {", ".join(sorted(not_needed))}')
EOF
