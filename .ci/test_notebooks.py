"""Run every notebook's tests with nbdev's own runner, one pytest test per notebook.

Cells flagged with a `tst_flags` flag from settings.ini (`notest slow gpu`) are skipped unless the
flag is given in `TRMRL_TEST_FLAGS` (space-separated), the same rule `nbdev_test --flags` applies.
"""
import os
from configparser import ConfigParser
from pathlib import Path

import pytest
from nbdev.test import test_nb as run_notebook_tests  # renamed: pytest would collect `test_nb` itself

ROOT = Path(__file__).resolve().parent.parent
cfg = ConfigParser(delimiters=['=']); cfg.read(ROOT / 'settings.ini')
SKIP = cfg['DEFAULT'].get('tst_flags', '').split()
FORCE = os.environ.get('TRMRL_TEST_FLAGS', '').split()
NBS = sorted(p for p in (ROOT / cfg['DEFAULT']['nbs_path']).rglob('*.ipynb')
             if not any(part.startswith(('_', '.')) for part in p.relative_to(ROOT).parts))


@pytest.mark.parametrize('nb', NBS, ids=[p.name for p in NBS])
def test_notebook(nb):
    ok, secs = run_notebook_tests(nb, skip_flags=SKIP, force_flags=FORCE, do_print=False, showerr=True, basepath=ROOT)
    print(f'{nb.name}: {"ok" if ok else "FAILED"} in {secs:.1f}s')
    assert ok, f'{nb.name} failed (traceback above)'
