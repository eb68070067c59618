"""`trmrl sweep --executor slurm` against a real single-node Slurm with accounting (`.ci/slurm.sh start`).

Each case is one a user meets on a cluster: submit and wait, skip finished runs, cancel a running job and resume it,
cancel a pending job while a sweep waits on it, a time-limit requeue and its restart, requests the cluster cannot meet
and a cluster that cannot be reached. The runs are tiny bandit runs (seconds of training); the Slurm node is this
machine. Without a reachable Slurm the module is skipped, unless TRMRL_REQUIRE_SLURM=1 (as `.ci/run` sets), which
turns that into a failure.

    bash .ci/slurm.sh start && TRMRL_REQUIRE_SLURM=1 .venv/bin/python -m pytest .ci/test_slurm.py -q; bash .ci/slurm.sh stop
"""
import json, os, re, shutil, subprocess, sys, tempfile, time
from pathlib import Path
import pytest

TRMRL = [sys.executable, '-m', 'trmrl.cli']
UP = shutil.which('sinfo') is not None and subprocess.run(['sinfo', '-h'], capture_output=True).returncode == 0
if not UP:
    if os.environ.get('TRMRL_REQUIRE_SLURM') == '1': raise RuntimeError('TRMRL_REQUIRE_SLURM=1 but no Slurm answers here (bash .ci/slurm.sh start)')
    pytest.skip('no Slurm cluster answers here (bash .ci/slurm.sh start)', allow_module_level=True)

TINY = """root = "{root}"
env = "bandit"
preset = "bandit"
seeds = {seeds}
steps = {steps}
name = "{name}"
[overrides]
n_envs = 4
epochs = 1
log_every = 0
agent_kwargs = {{ d_model = 16, n_heads = 2, d_ff = 32, n_layers = 1 }}
"""


@pytest.fixture
def tmp():
    d = Path(tempfile.mkdtemp(prefix='trmrl-slurm-'))
    yield d
    subprocess.run(['scancel', '-u', os.environ.get('USER', 'root')], capture_output=True)
    until(lambda: not queue(), 60, 'the queue to empty')
    shutil.rmtree(d, ignore_errors=True)


def spec(tmp, name, seeds=(1,), steps=2_000_000):
    p = tmp / f'{name}.toml'
    p.write_text(TINY.format(root=tmp / 'results', seeds=list(seeds), steps=steps, name=name))
    return p


def sweep(spec_path, *opts, env=None):
    p = subprocess.run([*TRMRL, 'sweep', str(spec_path), *opts], capture_output=True, text=True, env=env, timeout=600)
    return p.returncode, p.stdout, p.stderr


def status(spec_path) -> list:
    rc, out, err = sweep(spec_path, '--status')
    assert rc == 0 and err == '', err          # nothing on stderr: no warnings of sacct's or submitit's
    return [l.split('  ')[-1] for l in out.splitlines()[1:]]


def queue() -> dict:
    out = subprocess.run(['squeue', '-h', '-r', '-o', '%i|%T'], capture_output=True, text=True).stdout
    return dict(l.split('|') for l in out.split())


def until(cond, timeout, what, every=0.5):
    t_end = time.time() + timeout
    while time.time() < t_end:
        v = cond()
        if v: return v
        time.sleep(every)
    raise AssertionError(f'waited {timeout}s for {what}')


def job_of(tmp, name, seed=1) -> str:
    return json.loads((tmp / 'results' / '.sweep' / name / 'jobs' / f'{str(tmp).strip("/").replace("/", "--")}--results--bandit--trmrl-{name}-s{seed}.json').read_text())['job_id']


def steps_of(tmp, name, seed=1) -> int:
    ck = tmp / 'results' / 'bandit' / f'trmrl-{name}-s{seed}' / 'progress.csv'
    rows = ck.read_text().splitlines()[1:] if ck.exists() else []
    return int(rows[-1].split(',')[1]) if rows else 0


def test_submit_wait_and_skip_finished(tmp):
    s = spec(tmp, 'tiny', seeds=(1, 2), steps=800)
    rc, out, err = sweep(s, '--executor', 'slurm', '--wait', '--poll', '1')
    assert rc == 0, out + err
    assert out.count('submitted: ') == 2 and out.count('] done: ') == 2 and 'sacct: COMPLETED' in out, out
    assert status(s) == ['done', 'done']
    rc, out, _ = sweep(s, '--executor', 'slurm')
    assert rc == 0 and out.count('finished already') == 2 and 'submitted' not in out


def test_cancel_running_then_resume(tmp):
    s = spec(tmp, 'long')
    rc, out, err = sweep(s, '--executor', 'slurm')
    assert rc == 0, err
    job = job_of(tmp, 'long')
    until(lambda: queue().get(job) == 'RUNNING' and steps_of(tmp, 'long') > 0, 90, 'the job to train')
    st = status(s)
    assert st[0].startswith(f'running (job {job}, slurm; squeue: RUNNING;'), st
    rc, out, _ = sweep(s, '--executor', 'slurm')          # a running job is never submitted twice
    assert rc == 0 and 'running already' in out and 'left alone' in out and 'submitted:' not in out, out
    subprocess.run(['scancel', job], check=True)
    until(lambda: job not in queue(), 60, 'the cancelled job to leave the queue')
    assert status(s) == ['stopped (resumable; sacct: CANCELLED)']
    log = (tmp / 'results' / 'bandit' / 'trmrl-long-s1.log').read_text()
    assert 'trmrl: error: interrupted; resume with --resume' in log, log[-2000:]
    stopped_at = steps_of(tmp, 'long')
    rc, out, _ = sweep(s, '--executor', 'slurm')
    assert rc == 0 and re.search(r'submitted: .*trmrl-long-s1 \(slurm job \S+; resuming at', out), out
    job2 = job_of(tmp, 'long')
    until(lambda: steps_of(tmp, 'long') > stopped_at, 90, 'the resumed job to train on')
    assert job2 != job and f'resuming trmrl on bandit from iteration' in (tmp / 'results' / 'bandit' / 'trmrl-long-s1.log').read_text()


def test_cancel_pending_while_waiting(tmp):
    blocker = subprocess.run(['sbatch', '--parsable', '-c', str(os.cpu_count()), '--wrap', 'sleep 300', '-o', '/dev/null'],
                             capture_output=True, text=True, check=True).stdout.strip().split(';')[0]
    until(lambda: queue().get(blocker) == 'RUNNING', 30, 'the blocking job to run')
    s = spec(tmp, 'pend', seeds=(1, 2), steps=800)
    waiting = subprocess.Popen([*TRMRL, 'sweep', str(s), '--executor', 'slurm', '--wait', '--poll', '1'],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    until(lambda: (tmp / 'results' / '.sweep' / 'pend' / 'jobs').exists() and len(list((tmp / 'results' / '.sweep' / 'pend' / 'jobs').iterdir())) == 2,
          60, 'the jobs to be submitted')
    jobs = [job_of(tmp, 'pend', i) for i in (1, 2)]
    until(lambda: all(queue().get(j) == 'PENDING' for j in jobs), 30, 'the jobs to pend')
    assert all(l.startswith('pending (job ') and 'squeue: PENDING' in l for l in status(s))
    subprocess.run(['scancel', *jobs], check=True)
    out = waiting.communicate(timeout=60)[0]            # --wait returns: squeue no longer lists them
    assert waiting.returncode == 1, out
    assert all(l.startswith('stopped (resumable; ') for l in status(s)), status(s)   # sacct: CANCELLED, or no record of a pending task
    subprocess.run(['scancel', blocker])


def test_time_limit_requeue_and_restart(tmp):
    s = spec(tmp, 'limit')
    # submitit asks Slurm for USR2 90 s before the time limit, and Slurm may send it up to 60 s earlier than asked (the
    # resolution of its event handling, `sbatch --signal`): 30 to 90 s into this 3-minute job, so that the run has
    # checkpointed before the requeue stops it (with --time 2 the signal came as early as 10 s in, before the first
    # checkpoint, and the run restarted afresh instead of resuming)
    rc, out, err = sweep(s, '--executor', 'slurm', '--time', '3')
    assert rc == 0, err
    job = job_of(tmp, 'limit')
    log = tmp / 'results' / 'bandit' / 'trmrl-limit-s1.log'
    until(lambda: log.exists() and 'interrupted; resume with --resume' in log.read_text(), 210, 'the requeue to stop the run')
    until(lambda: queue().get(job) == 'PENDING', 60, 'the requeued job to wait')
    assert status(s)[0].startswith(f'pending (job {job}, slurm; squeue: PENDING;')
    rc, out, _ = sweep(s, '--executor', 'slurm')          # a requeued job is not submitted again
    assert rc == 0 and 'pending already' in out and 'submitted:' not in out, out
    first = steps_of(tmp, 'limit')
    # Slurm holds a requeued job for about 2 minutes (its BeginTime: ~120 s after the requeue), then starts it at its next
    # scheduling pass (every 10 s here, .ci/slurm.sh); the resumed run then imports, loads its checkpoint and trains
    until(lambda: steps_of(tmp, 'limit') > first, 420, 'the requeued job to restart and train on', every=2)
    assert 'resuming trmrl on bandit from iteration' in log.read_text()


def test_requests_the_cluster_cannot_meet(tmp):
    s = spec(tmp, 'bad', steps=800)
    for opts, contains in ((('--partition', 'nosuch'), '--partition nosuch: no such partition'),
                           (('--cpus-per-job', str(os.cpu_count() + 1)), f'--cpus-per-job {os.cpu_count() + 1}: the nodes of partition'),
                           (('--gpus-per-job', '1'), '--gpus-per-job 1: the nodes of partition')):
        rc, out, err = sweep(s, '--executor', 'slurm', *opts)
        assert rc == 2 and err.count('\n') == 1 and contains in err, err
    down = tmp / 'down.conf'                               # a controller nobody runs: unreachable
    down.write_text('ClusterName=local\nSlurmctldHost=localhost\nSlurmctldPort=1\nMessageTimeout=2\n')
    rc, out, err = sweep(s, '--executor', 'slurm', env=dict(os.environ, SLURM_CONF=str(down)))
    assert rc == 1 and err.count('\n') == 1 and 'cannot reach the Slurm cluster' in err, err
    assert not (tmp / 'results' / 'bandit').exists() or not any((tmp / 'results' / 'bandit').iterdir())
