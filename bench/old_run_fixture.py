"""A small run folder written by the engine as it stood before the split (issue 27), for the formats users hold.

    python bench/old_run_fixture.py          # -> nbs/fixtures/old_run_<commit>/

Two runs on the tiny benchmark of `bench/engine_fixtures.py`, one CPU thread, a backbone tiny enough to commit
(`FIXTURE_BACKBONE`, registered in phfa.models.BACKBONES for the run; 19_train's test registers the same):
`runs/former` (aa + hfa, finished: checkpoint.pt, metrics.json, model.pt, target_files.txt) and `runs/sg` (sg with
former=runs/former: its pseudo-label folder, the finished files, and `checkpoint_latter_2.pt`, the checkpoint that run
wrote two iterations into its latter stage, components' states and optimiser included). The data are not kept: the
test makes the benchmark again from `fixture.json`'s parameters (it is drawn from its seed).
"""
import json, os, shutil, subprocess, sys, tempfile
from pathlib import Path
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import phfa.train as engine
from phfa.models import BACKBONES, BasicBlock
from phfa.synthetic import make_benchmark

FIXTURE_BACKBONE = {'resnet_fixture': (BasicBlock, (1, 1, 1, 1), 8)}  # 8 channels in the stem: kilobytes of weights
BENCHMARK = dict(seed=0, n_gta5=12, n_synthia=12, n_train=10, n_val=6, n_pretrain=8)
CONFIG = dict(target_shots=4, src_size=[96, 56], tgt_size=[80, 40], iters=4, batch_size=2, ckpt_every=2, log_every=2,
              device='cpu', amp='none', warmup_iters=1, backbone='resnet_fixture', weights='none', d_width=4,
              hfa=True, memory_size=5, background_memory_size=5, progress='none', tensorboard=False)
RUNS = {'former': {}, 'sg': dict(sg=True, former='runs/former')}  # out_dir <tmp>/runs/<name>, data_root <tmp>/data; former relative (to the working folder, <tmp>)

if __name__ == '__main__':
    commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    dirty = subprocess.run(['git', 'status', '--porcelain', '--', 'phfa'], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    if dirty: sys.exit(f"phfa/ has uncommitted changes: commit first, so that the fixture names the engine that made it\n{dirty}")
    BACKBONES.update(FIXTURE_BACKBONE)
    out = ROOT/'nbs'/'fixtures'/f'old_run_{commit}'
    save = engine.Trainer.save
    def save_and_keep(self):  # keep the checkpoint two iterations into the latter stage: a run killed there
        save(self)
        if self.stage_index < len(self.plan) and self.plan[self.stage_index].name == 'latter' and self.iteration == 2:
            shutil.copy(self.out_dir/'checkpoint.pt', self.out_dir/'checkpoint_latter_2.pt')
    engine.Trainer.save = save_and_keep
    torch.set_num_threads(1)
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            make_benchmark(Path(tmp)/'data'/'synthetic', progress=False, **BENCHMARK)
            for name, extra in RUNS.items(): engine.train(engine.TrainConfig(**{**CONFIG, 'data_root': f'{tmp}/data'}, **extra, out_dir=f'{tmp}/runs/{name}'))
        finally: os.chdir(cwd)
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(Path(tmp)/'runs', out/'runs')
        made_in = str(Path(tmp).resolve())
    fixture = {'made_by': f'bench/old_run_fixture.py at commit {commit}', 'commit': commit, 'torch': torch.__version__,
               'cpu_capability': torch.backends.cpu.get_cpu_capability(), 'threads': 1, 'made_in': made_in,
               'cpu': engine.cpu_signature() if hasattr(engine, 'cpu_signature') else None,  # 7f84baa predates it: added by hand
               'backbone': {k: [v[0].__name__, list(v[1]), v[2]] for k, v in FIXTURE_BACKBONE.items()},
               'benchmark': BENCHMARK, 'config': CONFIG, 'runs': RUNS}
    (out/'fixture.json').write_text(json.dumps(fixture, indent=1) + '\n')
    for f in sorted(out.rglob('*')):
        if f.is_file(): print(f"{f.relative_to(out)}  {f.stat().st_size / 1024:.0f} KiB")
