"""Behaviour, bit for bit: record what a version of trmrl trains and evaluates, then compare two recordings.

A refactor that claims "no behaviour change" is checked with it, each version in its own processes:

    git worktree add --detach /tmp/before <commit>          # the version before, untouched
    python bench/bitwise.py record /tmp/bw/before --code /tmp/before
    python bench/bitwise.py record /tmp/bw/after --code .
    python bench/bitwise.py compare /tmp/bw/before /tmp/bw/after

`record` runs each case below through `python -m trmrl.cli` with the working directory and PYTHONPATH set to `--code`, so
that version's `trmrl` is the one imported. Each training case keeps its run directory; `compare` then asks for identical
final parameters and optimiser state (`checkpoint.pt`), identical `policy.pt`, identical logged rows of `progress.csv`
(the timing columns aside) and identical evaluation results (`trmrl eval --out`). Configs are equal when every setting
is; a setting that only one side has counts as equal when its value is today's default (a setting added later, at the
value that keeps the earlier behaviour), and the line says so. It prints one line per case and exits 1 when anything
differs. Cases: the CPU presets of TrMRL (bandit) and RL² (point-nav), the HalfCheetahVel CPU preset
(smaller: 4 sub-envs) with a target KL, the faithful `paper-halfcheetah-vel` with a small model for 2 iterations (and
RL² on it), two 2-rank runs, the config `make_config` gives for every preset and agent under a few overrides
(`presets`), and deterministic evaluation of saved runs under `results/`. About 3 minutes on 2 cores.
"""
import argparse, csv, json, os, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SMALL = dict(d_model=16, n_heads=2, d_ff=32)   # the paper preset's transformer, shrunk (its other settings kept)
HCV_SMALL = dict(n_envs=4, minibatch_size=400)  # the HalfCheetahVel CPU preset on 4 sub-envs: 1,600 steps per iteration
TRAIN = {  # name: (trmrl train arguments, --config overrides or None)
    'bandit-trmrl': (['bandit', '--agent', 'trmrl', '--steps', '76800', '--seed', '3'], None),
    'point-nav-rl2': (['point-nav', '--agent', 'rl2', '--steps', '5760', '--seed', '2'], None),
    'hcv-trmrl-target-kl': (['halfcheetah-vel', '--agent', 'trmrl', '--steps', '3200', '--seed', '4'],
                            dict(HCV_SMALL, target_kl=0.01)),
    'hcv-rl2': (['halfcheetah-vel', '--agent', 'rl2', '--steps', '3200', '--seed', '5'], HCV_SMALL),
    'paper-hcv-small': (['halfcheetah-vel', '--preset', 'paper-halfcheetah-vel', '--steps', '16000', '--seed', '6'],
                        dict(agent_kwargs=SMALL)),
    'paper-hcv-rl2': (['halfcheetah-vel', '--agent', 'rl2', '--preset', 'paper-halfcheetah-vel', '--steps', '1',
                       '--seed', '7'], dict(n_envs=4)),
    'bandit-trmrl-2ranks': (['bandit', '--agent', 'trmrl', '--steps', '51200', '--seed', '8', '--nproc', '2'], None),
    'hcv-trmrl-2ranks': (['halfcheetah-vel', '--agent', 'trmrl', '--steps', '3200', '--seed', '9', '--nproc', '2'],
                         dict(HCV_SMALL, minibatch_size=800, target_kl=0.02)),
    'paper-hcv-small-2ranks': (['halfcheetah-vel', '--preset', 'paper-halfcheetah-vel', '--steps', '1', '--seed', '10',
                                '--nproc', '2'], dict(n_envs=8, agent_kwargs=SMALL)),
}
EVAL = {  # name: (saved run under results/, trmrl eval arguments)
    'eval-point-nav-rl2': ('results/point-nav/rl2-s1', ['--trials', '10', '--episodes', '2']),
    'eval-bandit-trmrl': ('results/tuning/bandit/trmrl-lr1e-3-lam0.9-s1', ['--trials', '20']),
    'eval-hcv-trmrl': ('results/tuning/halfcheetah-vel/trmrl-base-s1', ['--trials', '2', '--episodes', '2']),
    'eval-hcv-rl2-stochastic': ('results/tuning/halfcheetah-vel/rl2-base-s1', ['--trials', '2', '--episodes', '2',
                                                                              '--stochastic', '--split', 'ood']),
}
TIMING = ('wall_time', 'steps_per_s', 'collect_s', 'update_s')
# every preset (and none) for each agent, under these overrides: the config `make_config` gives (case 'presets')
PRESET_OVERRIDES = {'plain': {}, 'budget': dict(total_steps=50_000, seed=3), 'heads': dict(agent_kwargs=dict(init_std=0.3)),
                    'minibatch': dict(minibatch_size=64), 'episodes': dict(episodes_per_trial=3),
                    'window': dict(agent_kwargs=dict(window=7)), 'horizon': dict(env_kwargs=dict(horizon=500))}
_CONFIGS = """import json, sys
from trmrl.config import PRESETS, make_config
out = {}
for p in [None, *PRESETS]:
    for a in ('trmrl', 'rl2'):
        for k, over in json.loads(sys.argv[1]).items():
            try: out[f'{p}|{a}|{k}'] = make_config(p, agent=a, **over).to_dict()
            except Exception as e: out[f'{p}|{a}|{k}'] = f'{type(e).__name__}: {e}'
print(json.dumps(out))"""


def _trmrl(args:list, code:Path, log:Path):
    "Run `python -m trmrl.cli ARGS` on the trmrl in `code`; its output goes to `log`."
    env = dict(os.environ, PYTHONPATH=str(code), OMP_NUM_THREADS='1')
    with open(log, 'w') as f:
        rc = subprocess.run([sys.executable, '-m', 'trmrl.cli', *args], cwd=code, env=env, stdout=f,
                            stderr=subprocess.STDOUT).returncode
    if rc: sys.exit(f'bitwise: `trmrl {" ".join(args)}` failed (exit {rc}); see {log}')


def record(dest:Path, code:Path):
    "Train and evaluate every case with the trmrl in `code`, into the new directory `dest`."
    if dest.exists(): sys.exit(f'bitwise: {dest} exists; record into a new directory')
    dest.mkdir(parents=True)
    for name, (args, over) in TRAIN.items():
        t0, run = time.time(), dest / name
        extra = []
        if over is not None:
            (dest / f'{name}.json').write_text(json.dumps(over))
            extra = ['--config', str(dest / f'{name}.json')]
        _trmrl(['train', *args, *extra, '--out', str(run), '--no-eval'], code, dest / f'{name}.log')
        print(f'{name}: trained in {time.time() - t0:.0f}s', flush=True)
    env = dict(os.environ, PYTHONPATH=str(code))
    r = subprocess.run([sys.executable, '-c', _CONFIGS, json.dumps(PRESET_OVERRIDES)], cwd=code, env=env,
                       capture_output=True, text=True)
    if r.returncode: sys.exit(f'bitwise: the preset configs failed: {r.stderr[-500:]}')
    (dest / 'presets.json').write_text(r.stdout)
    print(f'presets: {len(json.loads(r.stdout))} configs', flush=True)
    for name, (saved, args) in EVAL.items():
        t0 = time.time()
        _trmrl(['eval', str(ROOT / saved), *args, '--out', str(dest / f'{name}.json')], code, dest / f'{name}.log')
        print(f'{name}: evaluated in {time.time() - t0:.0f}s', flush=True)


def _tensors_equal(a, b) -> bool:
    "Nested dicts/lists of tensors and plain values, equal exactly (tensors: same dtype, shape and bits)."
    import torch
    if torch.is_tensor(a) or torch.is_tensor(b):
        return torch.is_tensor(a) and torch.is_tensor(b) and a.dtype == b.dtype and a.shape == b.shape and torch.equal(a, b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_tensors_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_tensors_equal(x, y) for x, y in zip(a, b))
    return a == b


def _rows(path:Path) -> list:
    "The logged rows of a `progress.csv`, timing columns aside."
    with open(path) as f: return [{k: v for k, v in r.items() if k not in TIMING} for r in csv.DictReader(f)]


def _config_diff(ca:dict, cb:dict, added:set) -> bool:
    """Whether two saved configs differ; a setting on one side only is equal when it holds today's default (it is put in
    `added`)."""
    import dataclasses
    from trmrl.config import PPOConfig
    defaults = {f.name: f.default for f in dataclasses.fields(PPOConfig)}
    for k in ca.keys() | cb.keys():
        if k in ca and k in cb:
            if ca[k] != cb[k]: return True
        elif k in defaults and (ca[k] if k in ca else cb[k]) == defaults[k]: added.add(f'{k}={defaults[k]!r}')
        else: return True
    return False


def _differences(a:Path, b:Path, name:str, added:set) -> list:
    "What differs between the two recordings of case `name` (empty: identical); settings added later go in `added`."
    import torch
    if name == 'presets':
        pa, pb = (json.loads((d / 'presets.json').read_text()) for d in (a, b))
        if pa.keys() != pb.keys(): return ['the cases']
        return [k for k in pa if (_config_diff(pa[k], pb[k], added) if isinstance(pa[k], dict) and isinstance(pb[k], dict)
                                  else pa[k] != pb[k])]
    if name in EVAL:
        ra, rb = (json.loads((d / f'{name}.json').read_text()) for d in (a, b))
        ra.pop('run'), rb.pop('run')
        return [] if ra == rb else ['evaluation results']
    out = []
    for f in ('checkpoint.pt', 'policy.pt'):
        ca, cb = (torch.load(d / name / f, map_location='cpu', weights_only=False) for d in (a, b))
        for k in ('model', 'optimizer', 'iteration', 'env_steps', 'config', 'extra'):
            va, vb = ca.get(k), cb.get(k)
            if k == 'extra': va, vb = ({x: v for x, v in d.items() if x != 'wall_time'} for d in (va or {}, vb or {}))
            if k == 'config' and _config_diff(va, vb, added) or k != 'config' and not _tensors_equal(va, vb):
                out.append(f'{f}: {k}')
    if _rows(a / name / 'progress.csv') != _rows(b / name / 'progress.csv'): out.append('progress.csv rows')
    if _config_diff(*(json.loads((d / name / 'config.json').read_text()) for d in (a, b)), added):
        out.append('config.json')
    return out


def compare(a:Path, b:Path) -> int:
    "One line per case; 0 when every case is identical in both recordings."
    bad = 0
    for name in [*TRAIN, 'presets', *EVAL]:
        added = set()
        diff = _differences(a, b, name, added)
        bad += bool(diff)
        same = 'identical' + (f" (settings on one side only, at today's default: {', '.join(sorted(added))})" if added else '')
        print(f'{name}: ' + (same if not diff else 'DIFFERS in ' + ', '.join(diff)))
    n = len(TRAIN) + 1 + len(EVAL)
    print(f'{n - bad} of {n} cases identical')
    return 1 if bad else 0


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest='cmd', required=True)
    r = sub.add_parser('record', help='train and evaluate every case with one version of trmrl')
    r.add_argument('dest', type=Path)
    r.add_argument('--code', type=Path, default=ROOT, help='the repository whose trmrl runs (default: this one)')
    c = sub.add_parser('compare', help='compare two recordings')
    c.add_argument('a', type=Path)
    c.add_argument('b', type=Path)
    a = p.parse_args()
    if a.cmd == 'record': record(a.dest.resolve(), a.code.resolve())
    else: sys.exit(compare(a.a, a.b))
