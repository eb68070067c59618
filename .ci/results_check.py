"""Every saved run under results/ is what today's code trains for the command that made it.

Each run directory with a `config.json` must belong to a SPEC in experiments/ (the command that made it: `trmrl sweep
SPEC`), and its `config.json` must equal what that SPEC gives today (`trmrl sweep SPEC --check`: budget, seed and device
aside; settings added since, at what the code did before them, are named per run). A run that no SPEC makes, or one
that differs, fails the check, unless PENDING names its folder and why it is still there. Exit 1 if any run fails.
"""
import glob, os, sys
from pathlib import Path
from trmrl.sweep import plan_sweep, check_lines

ROOT = Path(__file__).resolve().parents[1]
# folders whose runs are known to be stale, each with the reason it is still there; the list only shrinks
PENDING = {}


def pending(run:str):
    "Why `run` is allowed to be stale, if PENDING says so."
    return next((why for f, why in PENDING.items() if run == f or run.startswith(f + '/')), None)


def main() -> int:
    os.chdir(ROOT)
    made, saved = set(), {Path(f).parent.as_posix() for f in glob.glob('results/**/config.json', recursive=True)}
    lines = {}   # run -> (rank, line): a run that two SPECs name (a later SPEC adding seeds) counts by its worst line
    for spec in sorted(glob.glob('experiments/*.toml') + glob.glob('experiments/*.json')):
        sweep = plan_sweep(spec)
        made |= {r.out.as_posix() for r in sweep.runs}
        for line in check_lines(sweep)[0]:
            run = line.split(': ', 1)[0]
            rank, text = ((0, f'ok       {line}') if 'STALE' not in line else
                          (1, f'pending  {line} [{pending(run)}]') if pending(run) else (2, f'FAILS    {line} ({spec})'))
            if rank >= lines.get(run, (-1, ''))[0]: lines[run] = (rank, text)
    ok, late, failed = ([t for r, t in lines.values() if r == k] for k in (0, 1, 2))
    for run in sorted(saved - made):
        what = f'{run}: no SPEC in experiments/ makes it'
        (late.append(f'pending  {what} [{pending(run)}]') if pending(run) else failed.append(f'FAILS    {what}'))
    for line in ok + late + failed: print(line)
    print(f'results check: {len(saved)} saved runs; {len(ok)} as their SPEC gives today, {len(late)} stale and '
          f'pending (PENDING says why), {len(failed)} failing')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
