"""GPU check: streaming = forward equality, a few iterations of each paper MuJoCo preset and their throughput, a 2-rank run.

Usage: python bench/gpu_check.py OUT [--device cuda|cpu] [--quick] [--budget-s 390] [--iterations N]
Normally run through bench/gpu_check.sh (installs carried wheels on a bare GPU box first); results/gpu/README.md says
what OUT/gpu_check.json holds. Every section is guarded: a failure is recorded and the rest still runs. Training runs
in child processes with timeouts drawn from one time budget, so the whole check ends in time even if one part hangs.
Exit status: 0 all checks passed (skips allowed), 1 some check failed, 2 bad arguments or OUT/gpu_check.json exists.
"""
from __future__ import annotations
import argparse, hashlib, json, math, os, platform, signal, statistics, subprocess, sys, tempfile, time, traceback
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRESETS = ('paper-halfcheetah-vel', 'paper-halfcheetah-dir', 'paper-ant-dir')
QUICK = dict(n_envs=2, steps_per_env=40, epochs=1)   # --quick: the same code path at CI size
RESERVE_2RANK_S = (150, 40)   # held back from the presets when the 2-rank run will happen (full, --quick)
T0 = float(os.environ.get('GPU_CHECK_T0') or time.time())   # gpu_check.sh's start, so its wheel install counts too

def elapsed(): return time.time() - T0

def tail(s:str, n:int=3000) -> str: return s[-n:] if s else ''

def err_text(e:BaseException) -> str: return f'{type(e).__name__}: {e}'.strip()[:2000]

# ---------------------------------------------------------------------------------------------------------------- machine
def machine(device:str) -> dict:
    import numpy, torch
    m = dict(date=datetime.now(timezone.utc).isoformat(timespec='seconds'), platform=platform.platform(),
             cpu_count=os.cpu_count(), cpus_usable=len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else None,
             memory_gib=round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30, 1),
             python=sys.version.split()[0], python_executable=sys.executable, torch=torch.__version__, torch_cuda=torch.version.cuda,
             numpy=numpy.__version__, device_asked=device)
    for mod in ('gymnasium', 'mujoco', 'fastcore', 'fastprogress', 'matplotlib', 'imageio', 'PIL'):
        try: m[mod] = __import__(mod).__version__
        except Exception as e: m[mod] = f'missing ({err_text(e)[:200]})'
    try:
        r = subprocess.run(['git', 'rev-parse', 'HEAD'], cwd=ROOT, capture_output=True, text=True, timeout=10)
        m['git_commit'] = r.stdout.strip() if r.returncode == 0 else None
        if m['git_commit']:
            d = subprocess.run(['git', 'status', '--porcelain', '--', 'trmrl'], cwd=ROOT, capture_output=True, text=True, timeout=10)
            m['git_trmrl_dirty'] = bool(d.stdout.strip())
    except Exception: m['git_commit'] = None
    h = hashlib.sha256()   # ties the run to the code also where the repo arrives without .git
    for f in sorted((ROOT / 'trmrl').glob('*.py')): h.update(f.name.encode()); h.update(f.read_bytes())
    m['trmrl_sha256'] = h.hexdigest()[:16]
    m['cuda_available'] = torch.cuda.is_available()
    m['gpu_count'] = torch.cuda.device_count() if torch.cuda.is_available() else 0
    m['gpus'] = []
    for i in range(m['gpu_count']):
        p = torch.cuda.get_device_properties(i)
        m['gpus'].append(dict(index=i, name=torch.cuda.get_device_name(i), memory_gib=round(p.total_memory / 2**30, 1),
                              capability=f'{p.major}.{p.minor}', multiprocessors=p.multi_processor_count))
    if m['gpu_count']:
        m['tf32'] = dict(matmul=torch.backends.cuda.matmul.allow_tf32, cudnn=torch.backends.cudnn.allow_tf32,
                         float32_matmul_precision=torch.get_float32_matmul_precision())
        try:
            r = subprocess.run(['nvidia-smi', '--query-gpu=driver_version', '--format=csv,noheader'], capture_output=True, text=True, timeout=20)
            m['driver'] = r.stdout.strip().splitlines()[0] if r.returncode == 0 and r.stdout.strip() else None
        except Exception: m['driver'] = None
    return m

# --------------------------------------------------------------------------------------------------------------- equality
def _cmp(name:str, out, ref, tol:float, **info) -> dict:
    "Max |out - ref| against `tol` times the reference's scale (max(1, max|ref|))."
    d = (out - ref).abs().max().item(); scale = max(1.0, ref.abs().max().item())
    return dict(check=name, **info, max_abs_diff=d, ref_max_abs=round(scale, 4), tol_abs=tol * scale,
                passed=bool(math.isfinite(d) and d <= tol * scale))

def check_equality(device:str, quick:bool) -> dict:
    "Streaming (`step`, KV cache) and per-step recompute against the full forward pass, for the paper's MuJoCo model, float32."
    import torch
    from trmrl.transformer import TrMRLTransformer, WindowRecompute, step_windows
    from trmrl.agents import make_agent
    from trmrl.config import PRESETS as CFG_PRESETS
    import gymnasium as gym, numpy as np
    dev = torch.device(device)
    if dev.type == 'cpu': torch.set_num_threads(1)   # small matrices: one thread is fastest, and steady on a busy machine
    tol_tr, tol_ag = (1e-5, 1e-4) if dev.type == 'cpu' else (1e-4, 1e-3)   # CUDA: other kernels (SDPA, cuBLAS), other sums
    B, T = (4, 48) if quick else (8, 120)       # T past L(W-1)=60 at W=16: the ring buffers wrap
    windows = (1, 5, 16)
    g = torch.Generator().manual_seed(0)
    def resets(B, T, ep):
        r = torch.rand(B, T, generator=g) < 0.03; r[:, 0] = True; r[:, ep::ep] = True   # episode starts and some others
        return r
    checks, t = [], time.time()
    # model level: TrMRLTransformer(d_model 128, 4 layers, 16 heads, d_ff 512), the paper's MuJoCo size
    for pos in ('sinusoidal', 'rope'):
        for W in windows:
            try:
                torch.manual_seed(0)
                mdl = TrMRLTransformer(128, 4, 16, 512, window=W, pos=pos).to(dev).eval()
                x = torch.randn(B, T, 128, generator=g).to(dev); r = resets(B, T, T // 2).to(dev)
                with torch.no_grad():
                    y, yw = mdl(x, r), mdl.forward_windows(x, r)
                    cache, ys = mdl.init_cache(B), []
                    for i in range(T): ys.append(mdl.step(x[:, i], cache, r[:, i])[0])
                    rc, rw = WindowRecompute(mdl, B, exact=True), WindowRecompute(mdl, B)
                    ye = torch.stack([rc.step(x[:, i], r[:, i]) for i in range(T)], 1)
                    yr = torch.stack([rw.step(x[:, i], r[:, i]) for i in range(T)], 1)
                info = dict(level='transformer', pos=pos, window=W)
                checks += [_cmp('step (KV cache) = forward', torch.stack(ys, 1), y, tol_tr, **info),
                           _cmp('WindowRecompute(exact) = forward', ye, y, tol_tr, **info),
                           _cmp('WindowRecompute = forward_windows', yr, yw, tol_tr, **info)]
            except Exception as e:
                checks.append(dict(check='transformer', level='transformer', pos=pos, window=W, passed=False, error=err_text(e),
                                   traceback=tail(traceback.format_exc())))
    # agent level: make_agent('trmrl', ...) with each paper preset's agent settings, act step by step vs evaluate on the sequence
    for preset, obs_dim, act_dim in (('paper-halfcheetah-vel', 28, 6), ('paper-ant-dir', 37, 8)):   # the presets' trial-env obs and action widths
        for inference in ('recompute', 'stream'):
            for W in windows if inference == 'recompute' else (5,):
                try:
                    akw = {**CFG_PRESETS[preset]['agent_kwargs'], 'window': W, 'inference': inference, 'value_dist': True}
                    torch.manual_seed(0)
                    ag = make_agent('trmrl', gym.spaces.Box(-np.inf, np.inf, (obs_dim,), np.float32), gym.spaces.Box(-1, 1, (act_dim,)),
                                    **akw).to(dev).eval()
                    o = torch.randn(B, T, obs_dim, generator=g).to(dev); r = resets(B, T, T // 2).to(dev)
                    with torch.no_grad():
                        state, acts, lps, vs = ag.initial_state(B), [], [], []
                        for i in range(T):
                            a, lp, v, state = ag.act(o[:, i], state, r[:, i]); acts.append(a); lps.append(lp); vs.append(v)
                        acts, lps, vs = torch.stack(acts, 1), torch.stack(lps, 1), torch.stack(vs, 1)
                        lp2, _, v2 = ag.evaluate(o, acts, r)
                    info = dict(level='agent', preset=preset, inference=inference, window=W, pos=akw.get('pos'))
                    checks += [_cmp('act logp = evaluate logp', lps, lp2, tol_ag, **info),
                               _cmp('act value = evaluate value', vs, v2, tol_ag, **info)]
                    if inference == 'recompute':   # the update's path with sampling='steps' (the paper presets'): one window per step
                        with torch.no_grad():
                            ow, rw = step_windows(o, r, W)
                            lp3, _, v3 = ag.evaluate_windows(ow.flatten(0, 1), rw.flatten(0, 1), acts.flatten(0, 1))
                        checks += [_cmp('evaluate_windows logp = act logp', lp3, lps.flatten(), tol_ag, **info),
                                   _cmp('evaluate_windows value = act value', v3, vs.flatten(), tol_ag, **info)]
                except Exception as e:
                    checks.append(dict(check='agent', level='agent', preset=preset, inference=inference, window=W, passed=False,
                                       error=err_text(e), traceback=tail(traceback.format_exc())))
    return dict(device=str(dev), dtype='float32', batch=B, steps=T, tol_transformer=tol_tr, tol_agent=tol_ag,
                tolerance_rule='max |a - b| <= tol * max(1, max |reference|)', seconds=round(time.time() - t, 2),
                passed=all(c['passed'] for c in checks), n_checks=len(checks), n_failed=sum(not c['passed'] for c in checks),
                max_abs_diff=max((c.get('max_abs_diff', float('nan')) for c in checks), default=None), checks=checks)

# --------------------------------------------------------------------------------------------------------------- training
def child_train(spec:dict):
    "In a child process: `trmrl.ppo.train` of one preset for a few iterations; writes its result JSON to spec['result']."
    import torch
    from trmrl.config import make_config
    from trmrl.ppo import train
    over = dict(device=spec['device'], vectorization='async', log_every=0, **(QUICK if spec['quick'] else {}))
    if spec.get('threads'): over['torch_threads'] = spec['threads']
    cfg = make_config(spec['preset'], **over)
    cuda = cfg.device.startswith('cuda')
    if cuda: torch.cuda.reset_peak_memory_stats()
    t = time.time()
    _, rows = train(cfg, out=spec['run_dir'], max_iterations=spec['iterations'])
    res = dict(seconds=round(time.time() - t, 2), rows=rows, torch_threads=torch.get_num_threads(),
               config={k: getattr(cfg, k) for k in ('env', 'n_envs', 'steps_per_env', 'episodes_per_trial', 'epochs', 'minibatch_size',
                                                    'sampling', 'value_loss', 'vectorization', 'device', 'torch_threads')},
               agent_kwargs=cfg.agent_kwargs)
    if cuda: res['peak_gpu_memory_gib'] = round(torch.cuda.max_memory_allocated() / 2**30, 3)
    Path(spec['result']).write_text(json.dumps(res, default=str))

def run_child(cmd:list, timeout:float, env=None) -> dict:
    "Run `cmd` in its own session; on timeout kill its whole process group (vector-env workers, torchrun's ranks)."
    t = time.time()
    p = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True, env=env)
    try: out, _ = p.communicate(timeout=max(timeout, 1)); timed_out = False
    except subprocess.TimeoutExpired:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try: os.killpg(p.pid, sig)
            except ProcessLookupError: break
            try: out, _ = p.communicate(timeout=10); break
            except subprocess.TimeoutExpired: out = ''
        timed_out = True
    return dict(rc=p.returncode, timed_out=timed_out, seconds=round(time.time() - t, 2), output=out or '')

def _median(xs, nd:int=1): return round(statistics.median(xs), nd) if xs else None

def throughput(rows:list) -> dict:
    "Per iteration: env steps / wall time, collect and update seconds; medians over the iterations after the first (warm-up)."
    its, prev_wall, prev_steps = [], 0.0, 0
    for r in rows:
        steps, wall = int(r['env_steps']) - prev_steps, float(r['wall_time']) - prev_wall
        its.append(dict(iteration=int(r['iteration']), env_steps=steps, wall_s=round(wall, 3), steps_per_s_wall=round(steps / wall, 1) if wall > 0 else None,
                        steps_per_s=float(r['steps_per_s']), collect_s=float(r['collect_s']), update_s=float(r['update_s']),
                        collect_steps_per_s=round(steps / float(r['collect_s']), 1) if float(r['collect_s']) > 0 else None))
        prev_wall, prev_steps = float(r['wall_time']), int(r['env_steps'])
    warm = its[1:]
    return dict(iterations=its,
                median_steps_per_s_excl_first=_median([i['steps_per_s_wall'] for i in warm if i['steps_per_s_wall']]),
                median_collect_s_excl_first=_median([i['collect_s'] for i in warm], 3),
                median_update_s_excl_first=_median([i['update_s'] for i in warm], 3),
                median_collect_steps_per_s_excl_first=_median([i['collect_steps_per_s'] for i in warm if i['collect_steps_per_s']]),
                first_iteration_steps_per_s=its[0]['steps_per_s_wall'] if its else None)

def _finite_stats(rows:list) -> bool:
    "Every logged loss/statistic finite (trial_return may be nan when no trial ended within the rollout)."
    skip = {'trial_return', 'episode_returns', 'n_trials'}
    return all(math.isfinite(float(v)) for r in rows for k, v in r.items() if k not in skip and isinstance(v, (int, float)))

def check_presets(a, deadline:float) -> list:
    from trmrl.runs import read_progress
    results = []
    for i, preset in enumerate(a.presets):
        share = (deadline - time.time()) / (len(a.presets) - i)
        res = dict(preset=preset, iterations_asked=a.iterations, quick=a.quick)
        if share < 20:
            res.update(status='skipped', passed=None, reason=f'time budget: {elapsed():.0f} s of {a.budget_s:.0f} s used')
            results.append(res); print(f'  {preset}: skipped (time budget)', flush=True); continue
        with tempfile.TemporaryDirectory(prefix='gpu-check-') as tmp:
            spec = dict(preset=preset, device=a.device, quick=a.quick, iterations=a.iterations, threads=a.threads,
                        run_dir=str(Path(tmp) / 'run'), result=str(Path(tmp) / 'result.json'))
            print(f'  {preset}: training {a.iterations} iteration(s), timeout {share:.0f} s ...', flush=True)
            r = run_child([sys.executable, __file__, '--child', json.dumps(spec)], timeout=share)
            res.update(rc=r['rc'], timed_out=r['timed_out'], child_seconds=r['seconds'], timeout_s=round(share, 1))
            got = Path(spec['result'])
            if got.exists():
                c = json.loads(got.read_text()); rows = c.pop('rows'); res.update(c)
            else:
                try: rows = read_progress(spec['run_dir'])   # what it logged before it was stopped
                except Exception: rows = []
            if rows:
                try:
                    res['throughput'] = throughput(rows); res['finite_stats'] = _finite_stats(rows)
                    res['last_row'] = {k: v for k, v in rows[-1].items() if k != 'episode_returns'}
                except Exception as e: res['throughput_error'] = err_text(e)
            res['iterations_done'] = len(rows)
            finite = res.get('finite_stats', False)
            if r['rc'] == 0 and not r['timed_out'] and len(rows) == a.iterations and finite: status = 'ok'
            elif r['timed_out'] and rows and finite: status = f'partial: stopped by the time budget after {len(rows)} iteration(s)'
            else: status = 'timeout' if r['timed_out'] else 'failed'
            res.update(status=status, passed=status == 'ok' or status.startswith('partial'))
            if status != 'ok': res['output_tail'] = tail(r['output'])
        results.append(res)
        tp = res.get('throughput') or {}
        print(f"  {preset}: {res['status']}, {res['iterations_done']} iteration(s) in {res['child_seconds']:.0f} s, "
              f"first {tp.get('first_iteration_steps_per_s')} env steps/s, median after it {tp.get('median_steps_per_s_excl_first')}", flush=True)
    return results

# ----------------------------------------------------------------------------------------------------------------- 2 ranks
def check_two_ranks(a, info:dict, deadline:float) -> dict:
    "`trmrl train ... --nproc 2`: torchrun, one rank per GPU (gloo on CPU); exit code and throughput from progress.csv."
    if a.device == 'cuda' and info.get('gpu_count', 0) < 2:
        return dict(status=f"skipped: {info.get('gpu_count', 0)} GPU", passed=None)
    if not info.get('has_nproc'):
        return dict(status='skipped: `trmrl train` has no --nproc option in this version', passed=None, help_error=info.get('help_error'))
    timeout = min(deadline - time.time(), 300)
    if timeout < 30: return dict(status=f'skipped: time budget ({elapsed():.0f} s used of {a.budget_s:.0f} s)', passed=None)
    from trmrl.runs import read_progress
    over = dict(vectorization='async') if not a.quick else dict(QUICK, vectorization='sync')
    steps = 16000 if not a.quick else 2 * QUICK['n_envs'] * QUICK['steps_per_env']   # 2 iterations of the preset's (or quick) batch
    with tempfile.TemporaryDirectory(prefix='gpu-check-2rank-') as tmp:
        cfg_file = Path(tmp) / 'config.json'; cfg_file.write_text(json.dumps(over))
        cmd = [sys.executable, '-m', 'trmrl.cli', 'train', 'halfcheetah-vel', '--preset', 'paper-halfcheetah-vel', '--nproc', '2',
               '--device', a.device, '--steps', str(steps), '--out', str(Path(tmp) / 'run'), '--no-eval', '--config', str(cfg_file)]
        print(f'  2 ranks: {" ".join(cmd[1:])} (timeout {timeout:.0f} s) ...', flush=True)
        r = run_child(cmd, timeout)
        res = dict(command=' '.join(['python'] + cmd[1:]).replace(tmp, '<tmp>'), config_overrides=over, steps=steps,
                   rc=r['rc'], timed_out=r['timed_out'], seconds=r['seconds'], timeout_s=round(timeout, 1))
        try: rows = read_progress(Path(tmp) / 'run')
        except Exception as e: rows = []; res['progress_error'] = err_text(e)
        if rows:
            try: res['throughput'] = throughput(rows)
            except Exception as e: res['throughput_error'] = err_text(e)
            res['last_row'] = {k: v for k, v in rows[-1].items() if k != 'episode_returns'}
        res['rows'] = len(rows)
        ok = r['rc'] == 0 and not r['timed_out'] and bool(rows)
        res.update(status='ok' if ok else ('timeout' if r['timed_out'] else 'failed'), passed=ok, output_tail=tail(r['output'], 2000 if ok else 4000))
    return res

def has_nproc() -> tuple:
    "Whether this version's `trmrl train` takes --nproc (the data-parallel launcher)."
    r = run_child([sys.executable, '-m', 'trmrl.cli', 'train', '--help'], timeout=120)
    if r['rc'] != 0: return False, tail(r['output'], 1500)
    return '--nproc' in r['output'], None

# -------------------------------------------------------------------------------------------------------------------- main
def clean(x):
    "NaN and infinities as null: strict JSON (trial_return is nan when no trial ended within a rollout)."
    if isinstance(x, float): return x if math.isfinite(x) else None
    if isinstance(x, dict): return {k: clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)): return [clean(v) for v in x]
    return x

def dumps(report:dict) -> str: return json.dumps(clean(report), indent=1, default=str, allow_nan=False)

def write_partial(out:Path, report:dict):
    (out / 'gpu_check.partial.json').write_text(dumps(report))

def summary(report:dict) -> str:
    m, lines = report['machine'], []
    gpus = ', '.join(g['name'] for g in m.get('gpus', [])) or 'no GPU'
    lines.append(f"gpu_check on {report['device']} ({gpus}; {m.get('cpu_count')} CPUs; torch {m.get('torch')}, mujoco {m.get('mujoco')}, "
                 f"gymnasium {m.get('gymnasium')}){' --quick' if report['quick'] else ''}")
    eq = report.get('equality', {})
    if 'checks' in eq:
        lines.append(f"  equality: {'PASS' if eq['passed'] else 'FAIL'} ({eq['n_checks'] - eq['n_failed']}/{eq['n_checks']}, "
                     f"max |diff| {eq['max_abs_diff']:.2e}, {eq['seconds']:.0f} s)")
        for c in eq['checks']:
            if not c['passed']: lines.append(f"    FAIL {c['check']} {({k: c.get(k) for k in ('level', 'preset', 'pos', 'inference', 'window') if c.get(k) is not None})} "
                                             f"diff {c.get('max_abs_diff')} tol {c.get('tol_abs')} {c.get('error', '')}")
    else: lines.append(f"  equality: FAIL ({eq.get('error')})")
    def rate(tp):
        if tp.get('median_steps_per_s_excl_first') is not None:
            return f"{tp['median_steps_per_s_excl_first']} env steps/s (median after the first; first {tp.get('first_iteration_steps_per_s')})"
        return f"{tp.get('first_iteration_steps_per_s')} env steps/s (one iteration, warm-up included)"
    for p in report.get('presets', []):
        tp = p.get('throughput') or {}
        its = tp.get('iterations') or [{}]
        split = (f"collect {tp['median_collect_s_excl_first']} s, update {tp['median_update_s_excl_first']} s" if tp.get('median_collect_s_excl_first') is not None
                 else f"collect {its[0].get('collect_s')} s, update {its[0].get('update_s')} s")
        if p.get('passed') is None: lines.append(f"  {p['preset']}: {p['status']} ({p.get('reason')})")
        else: lines.append(f"  {p['preset']}: {p['status'].upper() if p['status'] in ('ok', 'failed', 'timeout') else p['status']}, {p.get('iterations_done')}/{p['iterations_asked']} it, "
                           + (f"{rate(tp)}, {split}" if tp else p.get('error', '')))
    tr = report.get('two_ranks', {})
    tp = tr.get('throughput') or {}
    lines.append(f"  2 ranks: {tr.get('status')}" + (f", rc {tr.get('rc')}, {rate(tp)}" if tp else (f", rc {tr.get('rc')}" if 'rc' in tr else '')))
    lines.append(f"  {'PASSED' if report['passed'] else 'FAILED'} in {report['seconds']:.0f} s (budget {report['budget_s']:.0f} s)")
    return '\n'.join(lines)

def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('out', nargs='?', help='output folder (created); gpu_check.json goes there and is never overwritten')
    p.add_argument('--device', choices=('cuda', 'cpu'), default='cuda')
    p.add_argument('--quick', action='store_true', help=f'CI size: {QUICK}, 2 iterations per preset (same code path)')
    p.add_argument('--iterations', type=int, default=None, help='iterations per preset (default 3; 2 with --quick)')
    p.add_argument('--budget-s', type=float, default=390, help='time budget from gpu_check.sh\'s start (default 390 s = 6.5 min)')
    p.add_argument('--threads', type=int, default=None, help='torch CPU threads in training (default: trmrl\'s: 1 on CPU, torch\'s on CUDA)')
    p.add_argument('--presets', default=','.join(PRESETS), help='comma-separated paper presets')
    p.add_argument('--child', default=None, help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.child is not None: child_train(json.loads(a.child)); return 0
    if a.out is None: p.error('the output folder OUT is required')
    out = Path(a.out); dest = out / 'gpu_check.json'
    if dest.exists(): print(f'gpu_check: {dest} exists; choose another output folder (results are never overwritten)', file=sys.stderr); return 2
    a.iterations = a.iterations or (2 if a.quick else 3)
    a.presets = [s for s in a.presets.split(',') if s]
    bad = [s for s in a.presets if s not in PRESETS]
    if bad: print(f'gpu_check: unknown presets {bad}; known: {", ".join(PRESETS)}', file=sys.stderr); return 2
    try: out.mkdir(parents=True, exist_ok=True)
    except OSError as e: print(f'gpu_check: cannot create {out}: {e.strerror}', file=sys.stderr); return 2
    import torch
    if a.device == 'cuda' and not torch.cuda.is_available():
        print('gpu_check: --device cuda asked for, but CUDA is not available here (use --device cpu)', file=sys.stderr); return 2
    deadline = T0 + a.budget_s
    report = dict(tool='bench/gpu_check.py', device=a.device, quick=a.quick, iterations=a.iterations, budget_s=a.budget_s,
                  started=datetime.now(timezone.utc).isoformat(timespec='seconds'))
    try: report['machine'] = machine(a.device)
    except Exception as e: report['machine'] = dict(error=err_text(e))
    info = dict(gpu_count=report['machine'].get('gpu_count', 0))
    print(f"gpu_check: {a.device}, {info['gpu_count']} GPU(s), budget {a.budget_s:.0f} s, {elapsed():.0f} s used so far", flush=True)
    write_partial(out, report)

    print('equality (float32) ...', flush=True)
    try: report['equality'] = check_equality(a.device, a.quick)
    except Exception as e: report['equality'] = dict(passed=False, error=err_text(e), traceback=tail(traceback.format_exc()))
    write_partial(out, report)

    two = (a.device == 'cuda' and info['gpu_count'] > 1) or a.device == 'cpu'
    if two:
        try: info['has_nproc'], info['help_error'] = has_nproc()
        except Exception as e: info['has_nproc'], info['help_error'] = False, err_text(e)
    reserve = RESERVE_2RANK_S[a.quick] if two and info.get('has_nproc') else 0
    print(f'paper presets ({a.device}, async vector env, {"quick" if a.quick else "full"} size) ...', flush=True)
    try: report['presets'] = check_presets(a, deadline - reserve)
    except Exception as e: report['presets'] = [dict(preset='all', status='failed', passed=False, error=err_text(e), traceback=tail(traceback.format_exc()))]
    write_partial(out, report)

    print('2 ranks ...', flush=True)
    try: report['two_ranks'] = check_two_ranks(a, info, deadline)
    except Exception as e: report['two_ranks'] = dict(status='failed', passed=False, error=err_text(e), traceback=tail(traceback.format_exc()))

    parts = [report['equality'].get('passed')] + [p.get('passed') for p in report['presets']] + [report['two_ranks'].get('passed')]
    report['passed'] = all(x is not False for x in parts)
    report['seconds'] = round(elapsed(), 1)
    try:
        with open(dest, 'x') as f: f.write(dumps(report))
        (out / 'gpu_check.partial.json').unlink(missing_ok=True)
    except FileExistsError: print(f'gpu_check: {dest} appeared meanwhile; left as it was (see gpu_check.partial.json)', file=sys.stderr); write_partial(out, report)
    print(summary(report))
    print(f'wrote {dest}')
    return 0 if report['passed'] else 1

if __name__ == '__main__':
    sys.exit(main())
