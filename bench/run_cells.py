"""Run notebooks' code cells, each notebook in one namespace, as `nbdev_test` does, where nbdev is not installed (the GPU machine).

    python bench/run_cells.py nbs/15_graphs.ipynb nbs/16_step.ipynb --flags gpu
    python bench/run_cells.py nbs/15_graphs.ipynb --flags gpu --compile-only   # a CPU machine: the cells parse, nothing runs

Cells flagged with a test flag (`#| slow`, `#| gpu`, ...) run only when that flag is given; `#| notest` cells and the
export cell never run. Runs from the notebook's folder, as nbdev_test does; exits non-zero at the first failure.
"""
import argparse, json, os, re, sys, time, traceback
from pathlib import Path

FLAGS = ('slow', 'gpu')  # settings.ini's tst_flags besides notest


def cell_flags(source: str) -> set:
    return {m.group(1) for m in re.finditer(r'^#\|\s*(\w+)\s*$', source, flags=re.M)}


def run_notebook(path: Path, flags, compile_only=False) -> int:
    cells = [''.join(c['source']) for c in json.loads(path.read_text())['cells'] if c['cell_type'] == 'code']
    here = os.getcwd()
    os.chdir(path.parent)
    sys.path.insert(0, str(path.parent.parent))
    namespace, ran, flagged, t0 = {'__name__': '__main__'}, 0, 0, time.time()
    try:
        for k, source in enumerate(cells):
            found = cell_flags(source)
            if 'notest' in found or 'nbdev_export()' in source or any(f in found and f not in flags for f in FLAGS): continue
            flagged += any(f in found for f in flags)
            try:
                code = compile(source, f'{path.name}[{k}]', 'exec')
                if not compile_only: exec(code, namespace)
            except Exception:
                traceback.print_exc()
                print(f'FAILED: {path.name}, code cell {k} ({ran} cells passed before it, {time.time() - t0:.0f} s)')
                return 1
            ran += 1
    finally: os.chdir(here)
    print(f"{'compiled' if compile_only else 'passed'}: {path.name}, {ran} cells, {flagged} of them flagged "
          f"{' '.join(flags) or '(none)'} ({time.time() - t0:.0f} s)")
    return 0


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('notebooks', nargs='+')
    p.add_argument('--flags', nargs='*', default=[])
    p.add_argument('--compile-only', action='store_true', help='parse every cell that would run, run none')
    a = p.parse_args(argv)
    for nb in a.notebooks:
        if run_notebook(Path(nb).resolve(), a.flags, a.compile_only): return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
