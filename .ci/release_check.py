"""Check the release path the README describes: .github/workflows/release.yaml runs on a version tag, checks the tag
against settings.ini, builds the sdist and the wheel, installs the wheel and runs the CLI, and publishes to PyPI and to a
GitHub release. (The build itself is checked by .ci/run, which builds the wheel and installs the README's lines.)"""
import re, sys
from pathlib import Path
import yaml

ROOT = Path(__file__).resolve().parent.parent
wf = yaml.safe_load((ROOT / '.github' / 'workflows' / 'release.yaml').read_text())
on = wf.get(True, wf.get('on'))   # YAML 1.1 reads the key `on` as True
steps = [s for job in wf['jobs'].values() for s in job['steps']]
runs = '\n'.join(s.get('run', '') for s in steps); uses = [s.get('uses', '') for s in steps]
checks = {
    'triggered by a v* tag': on.get('push', {}).get('tags') == ['v*'],
    'tag checked against settings.ini version': 'settings.ini' in runs and 'GITHUB_REF_NAME' in runs,
    'builds sdist and wheel': 'python -m build' in runs,
    'installs the wheel and runs trmrl --help': 'dist/*.whl' in runs and 'trmrl --help' in runs,
    'publishes to PyPI': any(u.startswith('pypa/gh-action-pypi-publish') for u in uses),
    'attaches to a GitHub release': any(u.startswith('softprops/action-gh-release') for u in uses),
    'README describes it': 'release.yaml' in (ROOT / 'README.md').read_text(),
    'settings.ini version is X.Y.Z': bool(re.search(r'^version = \d+\.\d+\.\d+$', (ROOT / 'settings.ini').read_text(), re.M)),
}
for k, ok in checks.items(): print(f"  {'ok ' if ok else 'MISSING'} {k}")
sys.exit(0 if all(checks.values()) else 1)
