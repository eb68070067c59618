"""Write README.md from nbs/index.ipynb (nbdev_readme needs Quarto, which cannot be installed here).

`python .ci/readme.py` writes it; `--check` exits 1 if README.md differs from what it would write.
Markdown cells are copied; code cells become ```python blocks followed by their text outputs;
cells flagged `#| hide` are left out, as nbdev does.
"""
import json, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def render(nb_path=ROOT / 'nbs' / 'index.ipynb') -> str:
    nb = json.loads(nb_path.read_text(encoding='utf-8'))
    out = []
    for cell in nb['cells']:
        src = ''.join(cell['source']).strip('\n')
        lines = src.splitlines()
        if any(l.replace(' ', '').startswith(('#|hide', '#|exporti', '#|export')) for l in lines[:5]): continue
        if cell['cell_type'] == 'markdown': out.append(src)
        elif cell['cell_type'] == 'code':
            body = '\n'.join(l for l in lines if not l.replace(' ', '').startswith('#|'))
            if body.strip(): out.append(f'```python\n{body}\n```')
            for o in cell.get('outputs', []):
                text = o.get('text') or o.get('data', {}).get('text/plain')
                if text: out.append('```\n' + ''.join(text).rstrip('\n') + '\n```')
    return '<!-- generated from nbs/index.ipynb by .ci/readme.py: edit the notebook, not this file -->\n\n' + '\n\n'.join(out) + '\n'

if __name__ == '__main__':
    text, readme = render(), ROOT / 'README.md'
    if '--check' in sys.argv:
        if not readme.exists() or readme.read_text(encoding='utf-8') != text:
            sys.exit('README.md is not what nbs/index.ipynb renders to: run `python .ci/readme.py` and commit.')
        print('README.md matches nbs/index.ipynb')
    else: readme.write_text(text, encoding='utf-8'); print('wrote README.md')
