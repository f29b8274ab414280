"""Run a notebook's code cells in one namespace, as `nbdev_test` does, where nbdev is not installed (the GPU machine).

    python bench/run_cells.py nbs/15_graphs.ipynb --flags gpu

Cells flagged with a test flag (`#| slow`, `#| gpu`, ...) run only when that flag is given; `#| notest` cells and the
export cell never run. Runs from the notebook's folder, as nbdev_test does; exits non-zero at the first failure.
"""
import argparse, json, os, re, sys, time, traceback
from pathlib import Path

FLAGS = ('slow', 'gpu')  # settings.ini's tst_flags besides notest


def cell_flags(source: str) -> set:
    return {m.group(1) for m in re.finditer(r'^#\|\s*(\w+)\s*$', source, flags=re.M)}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('notebook')
    p.add_argument('--flags', nargs='*', default=[])
    a = p.parse_args(argv)
    path = Path(a.notebook).resolve()
    cells = [''.join(c['source']) for c in json.loads(path.read_text())['cells'] if c['cell_type'] == 'code']
    os.chdir(path.parent)
    sys.path.insert(0, str(path.parent.parent))
    namespace, ran, t0 = {'__name__': '__main__'}, 0, time.time()
    for k, source in enumerate(cells):
        flags = cell_flags(source)
        if 'notest' in flags or 'nbdev_export()' in source or any(f in flags and f not in a.flags for f in FLAGS): continue
        try: exec(compile(source, f'{path.name}[{k}]', 'exec'), namespace)
        except Exception:
            traceback.print_exc()
            print(f'FAILED: {path.name}, code cell {k} ({ran} cells passed before it, {time.time() - t0:.0f} s)')
            return 1
        ran += 1
    print(f'passed: {path.name}, {ran} cells ({time.time() - t0:.0f} s)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
