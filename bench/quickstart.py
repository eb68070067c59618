"""The README's new-user path, timed: a fresh clone of this repository, a fresh virtual environment, the README's
install lines, then each of its quick-start commands that runs on this machine, one after the other.

    python bench/quickstart.py                    # writes results/quickstart.json (refuses to replace one)
    python bench/quickstart.py --out q.json       # anywhere else
    python bench/quickstart.py --list install     # print the README's install commands (what .ci/run executes)

The commands are read from README.md's `## Install` and `## Quick start` blocks, so what is timed is what a reader
types. Lines marked optional are skipped, and so are commands asking for a GPU on a machine without one (both are
recorded as skipped). The clone's `git clone ... && cd` line is replaced by a local clone of this checkout (no network).
"""
import argparse, json, os, platform, re, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def readme_commands(section:str, readme:Path=ROOT / 'README.md') -> list:
    "The commands of the first ```sh block under `## <section>` of the README (comments kept, blank lines dropped)."
    text = readme.read_text(encoding='utf-8')
    m = re.search(rf'^## {re.escape(section)}\s*$(.*?)^```sh\n(.*?)^```', text, re.S | re.M | re.I)
    if not m: raise SystemExit(f'quickstart: no ```sh block under "## {section}" in {readme}')
    return [l for l in m.group(2).splitlines() if l.strip()]

def _skip(cmd:str, gpu:bool) -> str|None:
    "Why `cmd` is not run here (None: it is)."
    if re.search(r'#.*\boptional\b', cmd): return 'optional'
    if '--device cuda' in cmd and not gpu: return 'needs a GPU'
    if cmd.lstrip().startswith('git clone'): return 'replaced by a local clone'
    return None

def run(out:Path, gpu:bool) -> dict:
    with tempfile.TemporaryDirectory(prefix='trmrl-quickstart-') as work:
        work = Path(work); clone, venv = work / 'trmrl', work / 'venv'
        subprocess.run(['git', 'clone', '-q', str(ROOT), str(clone)], check=True)
        commit = subprocess.run(['git', 'rev-parse', 'HEAD'], cwd=clone, capture_output=True, text=True).stdout.strip()   # what is timed
        subprocess.run([sys.executable, '-m', 'venv', str(venv)], check=True)
        env = dict(os.environ, PATH=f'{venv / "bin"}:{os.environ["PATH"]}', VIRTUAL_ENV=str(venv), PYTHONUNBUFFERED='1')
        env.pop('PYTHONPATH', None)
        rows = []
        for section in ('Install', 'Quick start'):
            for cmd in readme_commands(section):
                why = _skip(cmd, gpu)
                row = dict(section=section, command=cmd.split('#')[0].strip(), comment=cmd.partition('#')[2].strip())
                if why: rows.append(dict(row, skipped=why)); print(f'-- skipped ({why}): {row["command"]}', flush=True); continue
                print(f'-- {row["command"]}', flush=True)
                t0 = time.perf_counter()
                p = subprocess.run(row['command'], shell=True, cwd=clone, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                row.update(seconds=round(time.perf_counter() - t0, 1), returncode=p.returncode, output_tail=p.stdout.splitlines()[-12:])
                print('\n'.join(row['output_tail']) + f'\n   ({row["seconds"]:.0f} s, exit {p.returncode})', flush=True)
                rows.append(row)
                if p.returncode: break
    import torch   # the machine's facts, from this (the caller's) environment
    res = dict(commit=commit, date=time.strftime('%Y-%m-%d'), cpus=os.cpu_count(), python=platform.python_version(), gpu=gpu,
               torch=torch.__version__, commands=rows)
    with open(out, 'x') as f: json.dump(res, f, indent=1)
    print(f'saved {out}')
    return res

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--out', default=str(ROOT / 'results' / 'quickstart.json'))
    p.add_argument('--list', metavar='SECTION', help="print the runnable commands of a README section ('install' or 'quick start') and exit")
    a = p.parse_args()
    if a.list:
        for c in readme_commands(a.list):
            if not _skip(c, gpu=True): print(c.split('#')[0].strip())
        sys.exit()
    out = Path(a.out)
    if out.exists(): sys.exit(print(f'quickstart: {out} exists; pass --out elsewhere (results are never overwritten)', file=sys.stderr) or 2)
    if not out.parent.is_dir(): sys.exit(print(f'quickstart: no directory {out.parent}', file=sys.stderr) or 2)
    try: import torch; gpu = torch.cuda.is_available()
    except ImportError: gpu = False
    res = run(out, gpu)
    sys.exit(1 if any(r.get('returncode') for r in res['commands']) else 0)
