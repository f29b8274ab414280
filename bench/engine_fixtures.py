"""What today's engine computes on a tiny benchmark, bit for bit, recorded before the engine is split (issue 27).

    python bench/engine_fixtures.py          # -> nbs/fixtures/engine_<commit>_bits_default_<vendor>.json and ..._bits_all_<vendor>.json

Two runs on one CPU thread (the only setting in which a CPU run repeats itself bit for bit): the default plan, and one
with every component (it, hfa, sg; a 4-iteration translator). Each file holds the benchmark's and the run's
parameters, where it was made (commit, torch, the CPU: `cpu_signature`, its vendor and vector capability) and
`run_record` of its metrics.json: the loss history, every evaluation, the pseudo-labels' thresholds and quality.
19_train's test reruns them and compares bit for bit on a CPU of the same signature (elsewhere the logs' shape and the run's
first log to 1e-3, saying so): oneDNN picks other kernels on another CPU even at the same capability. The file name ends
with the CPU's vendor (_amd, _intel). Run it at the commit whose engine is to be recorded; at a commit that predates
`cpu_signature` (9033f3c), add the `cpu` field and the suffix by hand, as was done for the Intel fixtures.
"""
import json, subprocess, sys, tempfile
from pathlib import Path
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from phfa.components import write_atomic
from phfa.train import cpu_signature, rerun_engine_fixture

BENCHMARK = dict(seed=0, n_gta5=12, n_synthia=12, n_train=10, n_val=6, n_pretrain=8)
CONFIG = dict(target_shots=4, src_size=[96, 56], tgt_size=[80, 40], iters=6, batch_size=2, ckpt_every=2, log_every=2,
              device='cpu', amp='none', pretrain_iters=4, warmup_iters=2)
RUNS = {'default': {}, 'all': dict(it=True, hfa=True, sg=True, translator_iters=4)}

if __name__ == '__main__':
    commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    dirty = subprocess.run(['git', 'status', '--porcelain', '--', 'phfa'], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    if dirty: sys.exit(f"phfa/ has uncommitted changes: commit first, so that the fixture names the engine that made it\n{dirty}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, extra in RUNS.items():
            fixture = {'made_by': f'bench/engine_fixtures.py at commit {commit}', 'commit': commit, 'torch': torch.__version__,
                       'cpu_capability': torch.backends.cpu.get_cpu_capability(), 'cpu': cpu_signature(), 'threads': 1,
                       'benchmark': BENCHMARK, 'config': {**CONFIG, **extra}}
            fixture['record'] = rerun_engine_fixture(fixture, Path(tmp)/name)
            vendor = cpu_signature().split()[0].replace('Genuine', '').replace('Authentic', '').lower()
            out = ROOT/'nbs'/'fixtures'/f'engine_{commit}_bits_{name}_{vendor}.json'
            write_atomic(out, lambda p: Path(p).write_text(json.dumps(fixture, indent=1) + '\n'))
            print(f"{out.relative_to(ROOT)}: {len(fixture['record']['history'])} logs, {len(fixture['record']['evaluations'])} evaluations")
