"""Write README.md from nbs/index.ipynb (nbdev_readme needs Quarto, which cannot be installed here).

`python .ci/readme.py` writes it; `--check` exits 1 if README.md differs from what it would write.
Markdown cells are copied; code cells become ```python blocks followed by their text outputs;
cells flagged `#| hide` are left out, as nbdev does.

Cells flagged `#| results` are computed, not copied: they are run in order, in one fresh namespace, from `nbs/`
(as a notebook runs), and the Markdown they `display` is what README.md shows (their code is not shown). They
read the files under results/, so the README's numbers are recomputed on every run. The same Markdown is stored
as the cells' outputs in nbs/index.ipynb, so that Jupyter and the docs show it too. `--check` also fails when
those stored outputs are stale, i.e. whenever a file under results/ changed since README.md was written.
"""
import json, os, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INDEX = ROOT / 'nbs' / 'index.ipynb'

def directives(src:str) -> dict:
    "The `#| name` or `#| name: value` flags of a cell's leading comment lines, as {name: value or ''}."
    out = {}
    for l in src.splitlines():
        l = l.replace(' ', '')
        if not l.startswith('#|'): break
        name, _, value = l[2:].partition(':'); out[name] = value
    return out

def results_markdown(nb:dict) -> dict:
    "{cell index: Markdown displayed} for the cells flagged `#| results`, run in order in one fresh namespace."
    import IPython.display as ipd
    shown, real_display, cwd = [], ipd.display, os.getcwd()
    def display(*objs, **kwargs):
        for o in objs:
            if not hasattr(o, '_repr_markdown_'): raise TypeError(f'a `results` cell may display only Markdown, got {type(o).__name__}')
            shown.append(o._repr_markdown_().strip('\n'))
    ns, out = {'__name__': '__main__'}, {}
    ipd.display = display                      # `from IPython.display import display` in a cell now picks this one
    os.chdir(INDEX.parent)
    try:
        for i, cell in enumerate(nb['cells']):
            src = ''.join(cell['source'])
            if cell['cell_type'] != 'code' or 'results' not in directives(src): continue
            shown.clear()
            exec(compile(src, f'{INDEX.name}, cell {i}', 'exec'), ns)
            out[i] = '\n\n'.join(shown)
    finally: ipd.display = real_display; os.chdir(cwd)
    return out

def as_output(md:str) -> list:
    "A cell's outputs as Jupyter stores a displayed `Markdown`."
    if not md: return []
    return [{'data': {'text/markdown': md.splitlines(keepends=True), 'text/plain': ['<IPython.core.display.Markdown object>']},
             'metadata': {}, 'output_type': 'display_data'}]

def render(nb:dict, results:dict) -> str:
    out = []
    for i, cell in enumerate(nb['cells']):
        src = ''.join(cell['source']).strip('\n')
        lines = src.splitlines()
        if any(l.replace(' ', '').startswith(('#|hide', '#|exporti', '#|export')) for l in lines[:5]): continue
        if i in results:
            if results[i]: out.append(results[i])
        elif cell['cell_type'] == 'markdown': out.append(src)
        elif cell['cell_type'] == 'code':
            body = '\n'.join(l for l in lines if not l.replace(' ', '').startswith('#|'))
            if body.strip(): out.append(f'```python\n{body}\n```')
            for o in cell.get('outputs', []):
                md = o.get('data', {}).get('text/markdown')
                if md: out.append(''.join(md).strip('\n')); continue
                text = o.get('text') or o.get('data', {}).get('text/plain')
                if text: out.append('```\n' + ''.join(text).rstrip('\n') + '\n```')
    return '<!-- generated from nbs/index.ipynb by .ci/readme.py: edit the notebook, not this file -->\n\n' + '\n\n'.join(out) + '\n'

def stale_outputs(nb:dict, results:dict) -> list:
    "Indices of the `results` cells whose stored outputs are not the Markdown they display now."
    return [i for i, md in results.items() if nb['cells'][i].get('outputs', []) != as_output(md)]

if __name__ == '__main__':
    nb = json.loads(INDEX.read_text(encoding='utf-8'))
    results = results_markdown(nb)
    text, readme, stale = render(nb, results), ROOT / 'README.md', stale_outputs(nb, results)
    if '--check' in sys.argv:
        bad = ([] if readme.exists() and readme.read_text(encoding='utf-8') == text else ['README.md']) + \
              ([f'the stored outputs of nbs/index.ipynb cells {stale}'] if stale else [])
        if bad: sys.exit(f'{" and ".join(bad)}: not what nbs/index.ipynb and results/ render to; run `python .ci/readme.py` and commit.')
        print('README.md and the results cells of nbs/index.ipynb match nbs/index.ipynb and results/')
    else:
        if stale:
            for i in stale: nb['cells'][i]['outputs'] = as_output(results[i])
            INDEX.write_text(json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + '\n', encoding='utf-8')   # as nbdev writes it
            print(f'wrote the outputs of nbs/index.ipynb cells {stale}')
        readme.write_text(text, encoding='utf-8'); print('wrote README.md')
