"""How the code reads, in numbers: the longest function and exported cell, lines over 120 characters, statements joined
with `;`, notebooks without `show_doc`, and the trainer's branches on the number of processes.

    python bench/structure.py            # this checkout
    python bench/structure.py --json     # the same as JSON

Counts are over the exported module (`trmrl/*.py`, generated from `nbs/`) and the library notebooks (00-07); a `;`
inside a string literal does not count.
"""
import argparse, ast, io, json, re, sys, tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRAINER_NBS = ('04a', '04b', '04c', '05', '05a', '06', '06a', '06b', '07')   # the trainer and tool notebooks


def _semicolon_joins(src:str) -> int:
    "Statements joined with `;` (tokens, so that a `;` in a string does not count)."
    toks = tokenize.generate_tokens(io.StringIO(src).readline)
    return sum(1 for t in toks if t.type == tokenize.OP and t.string == ';')


def _functions(tree) -> list:
    "`(lines, name)` of every function and method."
    return [(n.end_lineno - n.lineno + 1, n.name) for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _cells(nb:Path) -> list:
    "The source of each code cell."
    return [''.join(c['source']) for c in json.loads(nb.read_text())['cells'] if c['cell_type'] == 'code']


def measure() -> dict:
    mods = sorted(p for p in (ROOT / 'trmrl').glob('*.py') if p.name != '_modidx.py')
    srcs = {p.name: p.read_text() for p in mods}
    funcs = [(n, f'{m}:{name}') for m, s in srcs.items() for n, name in _functions(ast.parse(s))]
    nbs = sorted((ROOT / 'nbs').glob('0*.ipynb'))
    exported = [(len(c.splitlines()), nb.stem) for nb in nbs for c in _cells(nb) if c.startswith('#| export')]
    trainer = [(len(c.splitlines()), nb.stem) for nb in nbs for c in _cells(nb)
               if c.startswith('#| export') and nb.stem.split('_')[0] in TRAINER_NBS]
    no_show_doc = [nb.stem for nb in nbs if any(c.startswith('#| export') for c in _cells(nb))
                   and not any('show_doc(' in c for c in _cells(nb))]
    ppo = srcs.get('ppo.py', '')
    branches = len(re.findall(r'\bdist is (not )?None\b|\bworld (==|>|<=|>=) 1\b', ppo))
    return dict(
        longest_function=max(funcs), functions=len(funcs),
        longest_exported_cell=max(exported), exported_cells=len(exported),
        trainer_cells_over_40=sum(n > 40 for n, _ in trainer),
        lines_over_120=sum(len(line) > 120 for s in srcs.values() for line in s.splitlines()),
        # of those, the lines nbdev writes itself: the module docstring (the notebook's `>` line) and `__all__`
        lines_over_120_by_nbdev=sum(len(line) > 120 and (i == 0 or line.startswith('__all__'))
                                    for s in srcs.values() for i, line in enumerate(s.splitlines())),
        semicolon_joins=sum(_semicolon_joins(s) for s in srcs.values()),
        notebooks_without_show_doc=no_show_doc, trainer_branches_on_processes=branches)


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--json', action='store_true')
    m = measure()
    if p.parse_args().json: print(json.dumps(m, indent=1))
    else:
        for k, v in m.items(): print(f'{k}: {v}')
    sys.exit(0)
