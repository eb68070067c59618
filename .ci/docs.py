"""The docs build up to Quarto, as `nbdev_docs` (and the deploy workflow) runs it: nbdev's processors over every
notebook, which execute each cell that holds an import, a `show_doc` or an exported definition. Quarto itself is not
installed here (the deploy workflow installs it and renders), so this runs the steps of `nbdev_proc_nbs` without
nbdev's Quarto installer (which would also `pip install` into whatever python is first on PATH). Fails on an error in
any notebook, and on a cell that mixes imports with other code: the docs build would execute all of it (for a `slow`
cell, the training itself)."""
import sys, warnings
import nbdev.doclinks
from nbdev.config import get_config
from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
from nbdev.serve import proc_nbs

cfg = get_config()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    refresh_quarto_yml(); nbdev.doclinks._build_modidx(); nbdev_sidebar.__wrapped__()
    try: cache = proc_nbs(n_workers=0, force=True)   # in this process, so that the warnings are caught here
    except Exception as e: sys.exit(f'docs processing failed: {e}'.splitlines()[0] + f'\n{e}')
mixed = [str(w.message).split('\n---\n')[1] for w in caught if 'containing imports and other code' in str(w.message)]
for m in mixed: print('--- a cell mixing imports with other code (the docs build executes all of it):\n' + m)
nbs = sorted(p.relative_to(cfg.nbs_path) for p in cfg.nbs_path.rglob('*.ipynb') if '.ipynb_checkpoints' not in p.parts)
done = [p for p in nbs if (cache / p).exists()]
print(f'docs processing: {len(done)}/{len(nbs)} notebooks processed into {cache.relative_to(cfg.config_path)}/, '
      f'{len(mixed)} cells mixing imports with other code')
if mixed or len(done) != len(nbs): sys.exit(1)
