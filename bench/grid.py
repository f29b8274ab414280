"""Run a grid of training rows × seeds in parallel processes and print the seed table.

For sweeps on a machine with spare cores or one GPU (several runs share it): each (row, seed) is one
`python -m phfa.train` process writing to OUT/<row>/seed<k>/; finished runs (metrics.json present) are
reported, not retrained, when their recorded parameters are the ones asked for (else refused, with the
differing parameters named). The benchmark and its stand-in backbone are prepared once, before the runs start.

    python bench/grid.py                       # the benchmark's table (BENCHMARK_ROWS) into runs/benchmark/
    python bench/grid.py --rows bench/rows_aa.json --seeds 0 1 2 --jobs 8 --out runs/grid_aa

ROWS is a JSON object {row name: {parameter: value}}; `--set name=value` applies to every row. The folders are
the ones `phfa.train.benchmark_sweep` reads, so the training notebook's table shows runs made here.
Writes OUT/table.csv and OUT/table.md (mean ± std over seeds, per-class IoU, minutes per run); with --rows FILE,
OUT/table_<FILE's stem>.csv and .md, so that several grids can share one folder (and its finished rows).
"""
import argparse, json, os, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path


def run_one(out: Path, params: dict, seed: int, threads: int) -> dict:
    "Train one (row, seed) in its own process unless a run of these parameters finished there; returns the metrics."
    from phfa.train import TrainConfig, finished_run_diff, other_run_error
    metrics = out / 'metrics.json'
    if diff := finished_run_diff(out, TrainConfig(**params, seed=seed, out_dir=str(out))):
        raise other_run_error(out, diff)  # a finished run of other parameters: never taken for this one
    if not metrics.is_file():
        out.mkdir(parents=True, exist_ok=True)
        args = [sys.executable, '-m', 'phfa.train', '--out_dir', str(out), '--seed', str(seed), '--progress', 'none']
        for k, v in params.items(): args += [f'--{k}', json.dumps(v)]
        env = {**os.environ, 'OMP_NUM_THREADS': str(threads), 'PYTHONUNBUFFERED': '1'}
        with open(out / 'log.txt', 'w') as log:
            rc = subprocess.run(args, stdout=log, stderr=subprocess.STDOUT, env=env).returncode
        if rc: raise RuntimeError(f"{out} failed (exit {rc}); see {out/'log.txt'}")
    return json.loads(metrics.read_text())


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--rows', default='benchmark', help="JSON file {row: {parameter: value}}, or 'benchmark' (phfa.train.BENCHMARK_ROWS)")
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    p.add_argument('--jobs', type=int, default=1, help='runs at a time')
    p.add_argument('--threads', type=int, default=0, help='CPU threads per run (default: cores / jobs)')
    p.add_argument('--out', default='runs/benchmark')
    p.add_argument('--set', nargs='*', default=[], help='name=value for every row (value read as JSON where possible)')
    a = p.parse_args(argv)

    def value(v):
        try: return json.loads(v)
        except json.JSONDecodeError: return v
    common = dict(kv.split('=', 1) for kv in a.set)
    common = {k: value(v) for k, v in common.items()}
    from phfa.train import BENCHMARK_ROWS, TrainConfig, prepare, row_folder, seed_table
    given = BENCHMARK_ROWS if a.rows == 'benchmark' else json.loads(Path(a.rows).read_text())
    rows = {name: {**common, **params} for name, params in given.items()}
    threads = a.threads or max(1, (os.cpu_count() or 1) // a.jobs)
    out = Path(a.out)
    first = next(iter(rows.values()))
    t0 = time.time()
    prepare(TrainConfig(**{**first, 'out_dir': str(out / '_prepare'), 'progress': 'none'}))  # benchmark + stand-in, once
    print(f"prepared in {time.time() - t0:.0f} s; {len(rows) * len(a.seeds)} runs, {a.jobs} at a time, {threads} threads each",
          flush=True)

    jobs = [(name, seed) for seed in a.seeds for name in rows]  # every row's seed 0 first: early rows are comparable early
    results = {name: {} for name in rows}
    with ThreadPoolExecutor(a.jobs) as pool:
        futures = {pool.submit(run_one, out / row_folder(name) / f'seed{seed}', rows[name], seed, threads): (name, seed)
                   for name, seed in jobs}
        for fut in as_completed(futures):
            name, seed = futures[fut]
            try:
                r = results[name][seed] = fut.result()
                print(f"{name} seed {seed}: mIoU19 {100 * r['miou']:.1f} ({r['wall_time_s'] / 60:.1f} min)", flush=True)
            except RuntimeError as e: print(e, flush=True)
    results = {name: [r[s] for s in sorted(r)] for name, r in results.items() if r}
    print(f"grid done in {(time.time() - t0) / 60:.1f} min", flush=True)
    table = seed_table(results)
    stem = 'table' if a.rows == 'benchmark' else f'table_{Path(a.rows).stem}'
    table.to_csv(out / f'{stem}.csv')
    try: text = table.to_markdown()
    except ImportError: text = table.to_string()  # to_markdown needs tabulate
    (out / f'{stem}.md').write_text(text)
    with __import__('pandas').option_context('display.width', 250, 'display.max_columns', 40):
        print(table)


if __name__ == '__main__':
    main()
