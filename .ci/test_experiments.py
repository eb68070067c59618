"""Run All of each experiment notebook (nbs/1[0-9]_*.ipynb) must be cheap and leave the working tree alone.

Jupyter's Run All and `jupyter nbconvert --execute` know nothing of nbdev's `slow` / `gpu` flags, so this test
runs EVERY code cell, top to bottom, flags ignored, as they would: headless (Agg), from the notebook's own folder,
with the notebook's default settings (`RECOMPUTE = False`). It asserts that no cell raises, that no cell runs
longer than `CELL_TIMEOUT` seconds (a cell that starts training or a full evaluation fails here instead of
running for hours), and that `git status` of the repository, together with the content of every file it lists,
is the same before and after: a default Run All loads the saved results and writes nothing.

    .venv/bin/python -m pytest .ci/test_experiments.py -q
"""
import hashlib, json, os, subprocess, time, traceback
from pathlib import Path

os.environ.setdefault('MPLBACKEND', 'Agg')   # before anything imports matplotlib
import pytest
from execnb.shell import CaptureShell

ROOT = Path(__file__).resolve().parent.parent
NBS = sorted((ROOT / 'nbs').glob('1[0-9]_*.ipynb'))
CELL_TIMEOUT = int(os.environ.get('TRMRL_CELL_TIMEOUT', 120))


def tree_state() -> dict:
    "`git status --porcelain` of the repository, with a digest of each file it lists (so a rewrite of an already dirty file shows)."
    out = subprocess.run(['git', 'status', '--porcelain', '--untracked-files=all', '-z'], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    state, entries = {}, iter(out.split('\0'))
    for entry in entries:
        if not entry: continue
        code, path = entry[:2], entry[3:]
        if 'R' in code or 'C' in code: next(entries, None)    # a rename or copy: its source path follows
        p = ROOT / path
        digest = hashlib.sha1(p.read_bytes()).hexdigest()[:12] if p.is_file() else '-'
        state[path] = f'{code} {digest}'
    return state


def diff(before:dict, after:dict) -> str:
    lines = [f'  {p}: {before.get(p, "clean")} -> {after.get(p, "clean")}'
             for p in sorted(before.keys() | after.keys()) if before.get(p) != after.get(p)]
    return '\n'.join(lines)


@pytest.mark.parametrize('nb', NBS, ids=[p.name for p in NBS])
def test_run_all_is_cheap_and_clean(nb):
    cells = [c for c in json.loads(nb.read_text(encoding='utf-8'))['cells'] if c['cell_type'] == 'code']
    before, cwd, t0, failed, ran = tree_state(), os.getcwd(), time.time(), None, 0
    shell = CaptureShell(mpl_format='png', timeout=CELL_TIMEOUT)
    os.chdir(nb.parent)
    try:
        for i, cell in enumerate(cells):
            src, ts = ''.join(cell['source']), time.time()
            shell.run(src); ran += 1
            if shell.exc is not None:
                e = shell.exc
                what = f'ran past {CELL_TIMEOUT}s' if isinstance(e, TimeoutError) else f'raised after {time.time() - ts:.0f}s'
                failed = (f'{nb.name}: code cell {i} (id {cell.get("id")}) {what}:\n{src}\n{"-" * 40}\n'
                          + ''.join(traceback.format_exception(type(e), e, e.__traceback__))[-3000:])
                break
    finally:
        os.chdir(cwd)
        import matplotlib.pyplot as plt; plt.close('all')
    after = tree_state()
    print(f'{nb.name}: ran {ran} of {len(cells)} code cells in {time.time() - t0:.1f}s')
    changed = '' if before == after else \
        f'{nb.name}: Run All with the default settings changed the working tree (git status, before -> after):\n{diff(before, after)}'
    if failed or changed: pytest.fail('\n\n'.join(filter(None, (failed, changed))), pytrace=False)
