"""Speed of phfa's training step and evaluation against the reference configuration, in one run on one device.

    python bench/perf.py                 # the paper's sizes (GPU): batch 1, source 1280x720, target 1024x512, ResNet-101
    python bench/perf.py --tiny          # the same measurements at toy sizes, for a CPU (CI runs this)

Measured, each as the median of --iters timed calls after --warmup untimed ones (CUDA events on a GPU):
  reference   the reference configuration built from phfa's own code: fp32, AdaptSegNet's ASPP (aspp_legacy),
              BatchNorm as the reference runs it (bn='reference'), the AA iteration of AdaptSegNet
  aa          phfa's defaults (bf16 and channels_last on CUDA), the former-stage iteration with AA
  aa_hfa      the same with hierarchical alignment
  latter      self-guidance's latter-stage iteration (source + pseudo-labelled target, AA)
  eval_b1 / eval_bN   evaluation: 1024x512 in, 2048x1024 labels, upsample, argmax, confusion-matrix update
Peak memory is read after the warm-up (cuDNN's algorithm search allocates large trial workspaces), over the
timed calls. Random weights and random data with block-shaped labels (objects of realistic count and size).
Writes runs/perf/perf.json; on CUDA also bench/RESULTS.md (the last GPU run's table, device named).
"""
import argparse, dataclasses, json, statistics, sys, time
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from phfa.metrics import ConfusionMatrix  # noqa: E402
from phfa.train import Trainer, TrainConfig, evaluate, resolve  # noqa: E402


def block_labels(batch, size, block, generator):
    "(B, H, W) trainIds drawn per block of `block` pixels: regions like a street scene's, not per-pixel noise."
    w, h = size
    coarse = torch.randint(0, 19, (batch, 1, -(-h // block), -(-w // block)), generator=generator).float()
    return F.interpolate(coarse, size=(h, w), mode='nearest')[:, 0].long()


def make_batch(batch, size, block, generator):
    w, h = size
    return torch.randn(batch, 3, h, w, generator=generator), block_labels(batch, size, block, generator)


class Timer:
    "Median wall time of a callable on `device`, CUDA events on a GPU; peak memory over the timed calls."
    def __init__(self, device, warmup, iters):
        self.device, self.warmup, self.iters = torch.device(device), warmup, iters

    def __call__(self, fn):
        cuda = self.device.type == 'cuda'
        for _ in range(self.warmup): fn()
        if cuda:
            torch.cuda.synchronize(self.device); torch.cuda.reset_peak_memory_stats(self.device)
        times = []
        for _ in range(self.iters):
            if cuda:
                start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                start.record(); fn(); end.record(); torch.cuda.synchronize(self.device)
                times.append(start.elapsed_time(end) / 1000)
            else:
                t0 = time.perf_counter(); fn(); times.append(time.perf_counter() - t0)
        peak = torch.cuda.max_memory_allocated(self.device) / 2**30 if cuda else None
        return {'median_s': statistics.median(times), 'min_s': min(times), 'peak_gib': peak}


def step_timer(cfg, stage_name, timer, block, seed=0):
    "Time Trainer.step on the plan's stage `stage_name` with random batches (a fresh pair each call)."
    trainer = Trainer(cfg)
    index = [s.name for s in trainer.plan].index(stage_name)
    stage = trainer.plan[index]
    trainer.stage_index = index
    trainer._start_stage(index)
    g = torch.Generator().manual_seed(seed)
    batches = [(make_batch(cfg.batch_size, cfg.src_size, block, g), make_batch(cfg.batch_size, cfg.tgt_size, block, g)) for _ in range(2)]
    calls = [0]
    def one():
        source, target = batches[calls[0] % 2]
        trainer.step(source, target, stage, index, calls[0]); calls[0] += 1
    result = timer(one)
    del trainer
    if torch.cuda.is_available(): torch.cuda.empty_cache()
    return result


class RandomVal(torch.utils.data.Dataset):
    "`n` random (image, full-resolution label, stem) samples, as the Cityscapes val loader gives them."
    def __init__(self, n, size, label_size, block):
        g = torch.Generator().manual_seed(1)
        self.items = [(make_batch(1, size, block, g)[0][0], block_labels(1, label_size, block * 2, g)[0], f'img{k}') for k in range(n)]
    def __len__(self): return len(self.items)
    def __getitem__(self, i): return self.items[i]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--tiny', action='store_true', help='toy sizes (a CPU, CI)')
    p.add_argument('--device', default='auto')
    p.add_argument('--warmup', type=int, default=None)
    p.add_argument('--iters', type=int, default=None)
    p.add_argument('--eval_batches', default='1,2,4,8', help='evaluation batch sizes to try (the best is reported)')
    p.add_argument('--out', default='runs/perf/perf.json')
    a = p.parse_args(argv)
    device = ('cuda' if torch.cuda.is_available() else 'cpu') if a.device == 'auto' else a.device
    if a.tiny:
        sizes = dict(src_size=[128, 72], tgt_size=[128, 64], backbone='resnet18_half')
        val_in, val_label, block, warmup, iters, n_val = [128, 64], [256, 128], 8, 1, 3, 8
    else:
        sizes = dict(src_size=[1280, 720], tgt_size=[1024, 512], backbone='resnet101')
        val_in, val_label, block, warmup, iters, n_val = [1024, 512], [2048, 1024], 64, 5, 20, 32
    warmup, iters = a.warmup if a.warmup is not None else warmup, a.iters if a.iters is not None else iters
    timer = Timer(device, warmup, iters)
    base = dict(source='gta5', preliminary='none', weights='none', batch_size=1, device=device, progress=False,
                out_dir='runs/perf/unused', data_root='data', **sizes)
    configs = {  # bn as each would run from ImageNet weights ('reference'); weights='none' only skips the download
        'reference': resolve(TrainConfig(**base, amp='none', aspp_legacy=True, bn='reference', lambda_adv=0.001, lambda_adv_aux=0.0002)),
        'aa': resolve(TrainConfig(**base, bn='reference')),
        'aa_hfa': resolve(TrainConfig(**base, bn='reference', hfa=True)),
        'latter': resolve(TrainConfig(**base, bn='reference', sg=True)),
    }
    stage_of = {'reference': 'gta5', 'aa': 'gta5', 'aa_hfa': 'gta5', 'latter': 'latter'}
    results = {'device': device, 'device_name': torch.cuda.get_device_name() if device.startswith('cuda') else 'cpu',
               'torch': torch.__version__, 'tiny': a.tiny, 'warmup': warmup, 'iters': iters, 'sizes': sizes}
    for name, cfg in configs.items():
        results[name] = step_timer(cfg, stage_of[name], timer, block)
        print(f"{name}: {1000 * results[name]['median_s']:.1f} ms", flush=True)
    val = RandomVal(n_val, val_in, val_label, block)
    best = None
    models = {name: Trainer(cfg).model for name, cfg in (('reference', configs['reference']), ('default', configs['aa']))}
    for bs in [int(b) for b in a.eval_batches.split(',')]:
        for name, cfg in (('reference', configs['reference']), ('default', configs['aa'])):
            if name == 'reference' and bs != 1: continue
            model = models[name]
            r = timer(lambda: evaluate(model, val, device, batch_size=bs, amp=cfg.amp, progress=False))
            r['images_per_s'] = n_val / r['median_s']
            key = f'eval_{name}_b{bs}'
            results[key] = r; print(f"{key}: {r['images_per_s']:.1f} img/s", flush=True)
            if name == 'default' and (best is None or r['images_per_s'] > results[best]['images_per_s']): best = key
    del models
    results['eval_best'] = best
    ref, ref_eval = results['reference']['median_s'], results['eval_reference_b1']['images_per_s']
    rows = [('iteration, reference configuration (fp32, aspp_legacy, bn reference)', results['reference'], 1.0),
            ('iteration, defaults, former stage, AA', results['aa'], results['aa']['median_s'] / ref),
            ('iteration, defaults, former stage, AA + HFA', results['aa_hfa'], results['aa_hfa']['median_s'] / ref),
            ('iteration, defaults, latter stage (SG)', results['latter'], results['latter']['median_s'] / ref)]
    lines = [f"device: {results['device_name']} ({device}), torch {torch.__version__}, {'tiny sizes' if a.tiny else 'the paper sizes'}, "
             f"medians of {iters} after {warmup} warm-up", '',
             '| what | time | × the reference | peak memory |', '| --- | --- | --- | --- |']
    mem = lambda r: '' if r['peak_gib'] is None else f"{r['peak_gib']:.2f} GiB"
    for label, r, ratio in rows: lines.append(f"| {label} | {1000 * r['median_s']:.1f} ms | {ratio:.2f} | {mem(r)} |")
    lines.append(f"| evaluation, reference configuration, batch 1 | {ref_eval:.1f} img/s | 1.00 | {mem(results['eval_reference_b1'])} |")
    for key in [k for k in results if k.startswith('eval_default_b')]:
        r = results[key]
        lines.append(f"| evaluation, defaults, batch {key.rsplit('b', 1)[1]}{' (best)' if key == best else ''} | {r['images_per_s']:.1f} img/s | "
                     f"{r['images_per_s'] / ref_eval:.2f} | {mem(r)} |")
    table = '\n'.join(lines)
    print(table)
    out = Path(a.out); out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    if device.startswith('cuda') and not a.tiny:
        Path(__file__).with_name('RESULTS.md').write_text(f"# Speed, last GPU run (`python bench/perf.py`)\n\n{table}\n")
    return results


if __name__ == '__main__':
    main()
