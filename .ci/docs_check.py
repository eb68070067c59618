"""What the documentation site shows, checked on nbdev's processed notebooks (`_proc/`, written by `.ci/docs.py`):

- no API entry reads "Call self as a function." (a callable without its own docstring);
- no parameter is shown as `NoneType` (a `None` default without an annotation);
- no link in the index page points at `nbs/...ipynb` or `results/...` relatively: such files are no pages of the site
  (link the rendered page, or the repository file by its full URL);
- the sidebar (nbs/sidebar.yml, kept by hand: settings.ini custom_sidebar) lists every notebook exactly once.
Exits 1 naming every offence."""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROC, NBS = ROOT / '_proc', ROOT / 'nbs'
if not PROC.is_dir(): sys.exit(f'{PROC} is missing: run .ci/docs.py first')


def _texts(nb:Path):
    "Every markdown source and every text output of a processed notebook, with the cell's index."
    for i, c in enumerate(json.loads(nb.read_text())['cells']):
        if c['cell_type'] == 'markdown': yield i, ''.join(c['source'])
        for o in c.get('outputs', []):
            for v in (o.get('data') or {}).values():
                if isinstance(v, (str, list)): yield i, ''.join(v)
            if 'text' in o: yield i, ''.join(o['text'])


bad = []
for nb in sorted(PROC.glob('*.ipynb')):
    for i, t in _texts(nb):
        if 'Call self as a function' in t: bad.append(f'{nb.name} cell {i}: an API entry reads "Call self as a function."')
        for m in re.finditer(r'(\w+)\s*:\s*NoneType\b|\|\s*(?:\*\*)?(\w+)(?:\*\*)?\s*\|\s*NoneType\s*\|', t):
            bad.append(f'{nb.name} cell {i}: parameter {m.group(1) or m.group(2)} is shown as NoneType (annotate it)')
        if nb.name == 'index.ipynb':
            for m in re.finditer(r'\]\(((?:\.\./)?(?:nbs/[^)]*\.ipynb|results/[^)]*))\)', t):
                bad.append(f'{nb.name} cell {i}: link {m.group(1)} has no page on the site')
listed = re.findall(r'^\s*- ([\w.-]+\.ipynb)\s*$', (NBS / 'sidebar.yml').read_text(), re.M)
have = sorted(p.name for p in NBS.glob('*.ipynb'))
for name in sorted(set(have) - set(listed)): bad.append(f'sidebar.yml: {name} is missing')
for name in sorted(set(listed) - set(have)): bad.append(f'sidebar.yml: {name} is no notebook')
for name in sorted({n for n in listed if listed.count(n) > 1}): bad.append(f'sidebar.yml: {name} is listed twice')
for b in bad: print(b)
print(f'docs check: {len(list(PROC.glob("*.ipynb")))} processed notebooks, {len(bad)} problem(s)')
sys.exit(1 if bad else 0)
