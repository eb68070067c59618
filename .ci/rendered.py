"""Keep the computed prose of the experiment notebooks (nbs/1*.ipynb) in step with results/.

Their sentences that report measured numbers are `#| echo: false` cells that read results/ and
`display(Markdown(...))`. Jupyter and the docs show what such a cell displayed when it was last run, so a
change under results/ would leave the shown text stale. This script runs each notebook as nbdev's test runner
does (cells flagged slow, gpu, notest or `eval: false` skipped), from nbs/, and compares the Markdown every
cell displays now with the Markdown stored in the notebook. `python .ci/rendered.py` writes the fresh outputs;
`--check` exits 1, naming the cells, if any stored output is stale.
"""
import json, os, sys
from pathlib import Path
from execnb.shell import CaptureShell
sys.path.insert(0, str(Path(__file__).parent))
from readme import directives  # noqa: E402 (the sibling script)

ROOT = Path(__file__).resolve().parent.parent
SKIP = {'slow', 'gpu', 'notest'}

def markdown_of(outputs:list) -> list:
    "The Markdown texts among a cell's outputs."
    return [''.join(o['data']['text/markdown']) for o in outputs if 'text/markdown' in o.get('data', {})]

def stale_cells(path:Path, write:bool=False) -> list:
    "Ids of the cells whose displayed Markdown differs from the stored one (and rewrite them when `write`)."
    nb = json.loads(path.read_text(encoding='utf-8'))
    sh, cwd, stale = CaptureShell(), os.getcwd(), []
    os.chdir(path.parent)
    try:
        for cell in nb['cells']:
            src = ''.join(cell['source'])
            flags = directives(src)
            if cell['cell_type'] != 'code' or SKIP & flags.keys() or flags.get('eval') == 'false': continue
            out = sh.run(src)
            if sh.exc: raise SystemExit(f'{path.name}: a cell failed ({type(sh.exc).__name__}: {sh.exc}):\n{src[:200]}')
            old = markdown_of(cell.get('outputs', []))
            if markdown_of(out) != old:
                stale.append(cell['id'])
                if write: cell['outputs'] = [o for o in out if 'text/markdown' in o.get('data', {})] + \
                                            [o for o in cell.get('outputs', []) if 'text/markdown' not in o.get('data', {})]
    finally: os.chdir(cwd)
    if write and stale: path.write_text(json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + '\n', encoding='utf-8')
    return stale

if __name__ == '__main__':
    check, bad = '--check' in sys.argv, []
    for path in sorted((ROOT / 'nbs').glob('1*.ipynb')):
        stale = stale_cells(path, write=not check)
        if stale: bad.append(f'{path.name} cells {stale}')
    if check and bad: sys.exit('computed prose is stale in ' + '; '.join(bad) + ': run `python .ci/rendered.py` and commit.')
    print('computed prose of nbs/1*.ipynb matches results/' if check else (f'rewrote {"; ".join(bad)}' if bad else 'nothing to rewrite'))
