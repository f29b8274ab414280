"""The issue-38 defect tests, as standalone checks, to run against any tree: PYTHONPATH=<tree> python defect_checks.py NAME"""
import os, sys, json, gc, weakref, subprocess
from unittest import mock
import torch
name = sys.argv[1]
if name == 'device_index':  # resolve of device='auto' with CUDA present gives 'cuda:0'
    from phfa.config import TrainConfig, resolve
    with mock.patch.multiple(torch.cuda, is_available=lambda: True, device_count=lambda: 1, current_device=lambda: 0):
        d = resolve(TrainConfig(out_dir='/tmp/x')).device
    assert d == 'cuda:0', d
elif name == 'resume_across_devices':  # a GPU checkpoint's capturable Adam steps on a CPU after device_lr
    from phfa.components import device_lr
    d = torch.nn.Linear(3, 1)
    adam = device_lr(torch.optim.Adam(d.parameters(), lr=1e-4), 'cpu')
    d(torch.ones(2, 3)).sum().backward(); adam.step()
    state = adam.state_dict()
    for g in state['param_groups']: g['capturable'] = True
    resumed = torch.optim.Adam(d.parameters(), lr=1e-4); resumed.load_state_dict(state); device_lr(resumed, 'cpu')
    resumed.step()
elif name in ('capture_decided_before', 'no_cycle'):
    try: from phfa.samples import scratch_dir
    except ImportError: from phfa.data import scratch_dir  # a tree from before phfa.samples (bed1810)
    from phfa.synthetic import make_benchmark
    from phfa.config import TrainConfig, resolve
    from phfa.trainer import Trainer
    from phfa.components import Component
    from phfa.plan import build_components, open_spec
    from phfa.report import Report
    from phfa.graphs import CapturedStep
    from phfa.step import GRAPH_WARMUP
    from torch.utils.data import DataLoader
    tmp = scratch_dir()
    make_benchmark(tmp/'data/synthetic', seed=0, n_gta5=12, n_synthia=12, n_train=10, n_val=6, n_pretrain=8, progress=False)
    tiny = dict(data_root=str(tmp/'data'), target_shots=4, src_size=[96, 56], tgt_size=[80, 40], iters=6, batch_size=2,
                ckpt_every=2, log_every=2, progress=False, device='cpu', amp='none', pretrain_iters=4, warmup_iters=2)
    rc = resolve(TrainConfig(out_dir=str(tmp/'run'), weights='none', hfa=True, **tiny))
    batch = lambda spec: next(iter(DataLoader(open_spec(spec, rc), batch_size=2)))
    calls = []
    class EagerGraphs(CapturedStep):
        def capture(self, iteration): calls.append('capture'); return self.replay(iteration, count=False)
        def replay(self, iteration, count=True):
            if count: calls.append('replay')
            out, head = self.forwards(); self.prepare(out)
            return out, {**head, **self.updates(out)}
    class Syncing(Component):
        name = 'syncing'
        def losses(self, out): return {'sync': out.target.output.main.mean() * float(out.target.output.main.mean() > 1e9)}
    said = []; rep = Report('none'); rep.say = said.append
    extra = [Syncing()] if name == 'capture_decided_before' else []
    tc = Trainer(rc, report=rep, components=build_components(rc) + extra)
    tc.capture, space = True, Trainer._graphed.__globals__
    space['CapturedStep'] = EagerGraphs
    st = tc.plan[1]; tc.start_stage(1)
    for k in range(GRAPH_WARMUP + 2): tc.step(batch(st.source), batch(st.target), st, 1, k)
    if name == 'capture_decided_before':
        assert calls == [] and tc.capture is False, (calls, said)
    else:
        owner = weakref.ref(tc); gc.disable(); del tc
        assert owner() is None, 'the trainer outlived its last reference (a cycle)'
elif name == 'no_plotting_imports':
    code = '''
import importlib.abc, sys
class Blocked(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('ipywidgets', 'IPython', 'matplotlib', 'seaborn'): raise ModuleNotFoundError(name)
sys.meta_path.insert(0, Blocked())
import phfa.trainer
'''
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr.strip().splitlines()[-1]
print('PASS', name)
