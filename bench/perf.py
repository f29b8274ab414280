"""Speed of phfa's training step and evaluation against the reference configuration, in one run on one device.

    python bench/perf.py                 # the paper's sizes (GPU): batch 1, source 1280x720, target 1024x512, ResNet-101
    python bench/perf.py --tiny          # the same measurements at toy sizes, for a CPU (CI runs this)

Measured, each as the median of --iters timed calls after --warmup untimed ones (CUDA events on a GPU):
  reference   the reference configuration built from phfa's own code: fp32, AdaptSegNet's ASPP (aspp_legacy),
              BatchNorm as the reference runs it (bn='reference'), the AA iteration of AdaptSegNet, eager
  aa          phfa's defaults (bf16, channels_last and the step as CUDA graphs on CUDA), the former-stage iteration with AA
  aa_eager    the same without graphs (graph=False): what the capture buys
  aa_hfa      the defaults with hierarchical alignment (its connected components on the host between the two graphs)
  latter      self-guidance's latter-stage iteration (source + pseudo-labelled target, AA)
  eval_*      evaluation: 1024x512 in, 2048x1024 labels, upsample, argmax, confusion-matrix update; the reference at
              batch 1 in fp32, the defaults (bf16, upsampled one image at a time) at each --eval_batches size
  loader      the engine's two loaders alone (source and target files written in GTA5's and Cityscapes' formats at
              their stored sizes, decoded and resized to the run's, pinned): iterations/s, against the step's rate
Peak memory: after the warm-up (cuDNN's algorithm search allocates large trial workspaces, and the graphs are
captured there) the cache is emptied and the peak counters reset; 'peak' is allocated memory, 'reserved' what the
allocator held, the graphs' private pools included: the figure a smaller card must have.
Checks of sameness (same weights, same inputs): the captured step against the eager one over several steps (with
eager against eager as the noise floor of the GPU's non-deterministic kernels), and bf16 against fp32 (losses and
logits within bf16's tolerance). Writes runs/perf/perf.json; on CUDA also bench/RESULTS.md (the last GPU run, device named).

    python bench/perf.py --write-data DIR [--files N] [--tiny]   # only write the loader's files (GTA5 train, Cityscapes
                                                                 # train and val at their stored sizes) into DIR: a
                                                                 # real-format dataset for a training run (bench/gpu.sh)
"""
import argparse, dataclasses, json, statistics, sys, time
from pathlib import Path

import cv2
import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from phfa.samples import (CITYSCAPES_SAMPLE_STEM, cityscapes_sample_or_stand_in, scratch_dir,  # noqa: E402
                          write_cityscapes_sample, write_gta5_sample)
from phfa.device import device_name, memory_stats, reset_memory_stats, settle_device, synchronize  # noqa: E402
from phfa.graphs import same_as_eager  # noqa: E402
from phfa.train import (GRAPH_WARMUP, Trainer, TrainConfig, build_segmenter, evaluate, open_spec, plan_stages,  # noqa: E402
                        resolve, step_loader)

LOSS_TOL, LOGIT_TOL = 2e-2, 2e-2  # bf16 against fp32: relative, losses and logits (bf16 keeps 8 bits of mantissa)


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
        reset_memory_stats(self.device)
        times = []
        for _ in range(self.iters):
            if cuda:
                start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                start.record(); fn(); end.record(); torch.cuda.synchronize(self.device)
                times.append(start.elapsed_time(end) / 1000)
            else:
                t0 = time.perf_counter(); fn(); times.append(time.perf_counter() - t0)
        return {'median_s': statistics.median(times), 'min_s': min(times), **memory_stats(self.device)}


def stepper(cfg, stage_name, block, seed=0):
    "(trainer, one()) where one() runs Trainer.step on the plan's stage `stage_name`, alternating two fixed random batch pairs."
    trainer = Trainer(cfg)
    index = [s.name for s in trainer.plan].index(stage_name)
    stage = trainer.plan[index]
    trainer.stage_index = index
    trainer.start_stage(index)
    g = torch.Generator().manual_seed(seed)
    batches = [(make_batch(cfg.batch_size, cfg.src_size, block, g), make_batch(cfg.batch_size, cfg.tgt_size, block, g)) for _ in range(2)]
    calls = [0]
    def one():
        source, target = batches[calls[0] % 2]
        losses = trainer.step(source, target, stage, index, calls[0]); calls[0] += 1
        return losses
    return trainer, one


def free(*objects):
    "Drop `objects` (the caller's last references gone first) and give the cached memory back."
    del objects
    if torch.cuda.is_available(): torch.cuda.empty_cache()  # (the trainers hold no cycles: their graphs go back now)


def step_timer(cfg, stage_name, timer, block):
    "Time Trainer.step on the plan's stage `stage_name` with random batches."
    trainer, one = stepper(cfg, stage_name, block)
    result = timer(one)
    result['graphs'] = trainer.captured is not None
    del trainer, one  # its graphs' memory goes back before the next configuration is built
    free()
    return result


def same_steps(cfgs, stage_name, block, steps):
    "Each config's per-step losses and final weights over `steps` steps from the same weights and batches."
    runs = []
    for cfg in cfgs:
        trainer, one = stepper(cfg, stage_name, block)
        losses = [{k: v.item() for k, v in one().items()} for _ in range(steps)]
        runs.append((losses, [p.detach().float().clone() for p in trainer.model.parameters()], trainer.captured is not None))
        del trainer, one
        free()
    return runs


def check_captured(cfg, stage_name, block, steps):
    "The captured step against the eager one, with eager against eager as the floor (the GPU's non-deterministic kernels)."
    eager, again, graphed = same_steps([dataclasses.replace(cfg, graph=False), dataclasses.replace(cfg, graph=False), cfg],
                                       stage_name, block, steps)
    if not graphed[2]: return {'ran': False, 'why': f'no capture on {cfg.device}: both steps eager'}
    return {'ran': True, 'steps': steps, **same_as_eager(*[run[:2] for run in (eager, again, graphed)], floor=1e-5)}


def check_bf16(cfg, stage_name, block, val):
    "bf16 (the default) against fp32 on the same weights and inputs: the first step's losses and the logits of `val` images."
    fp32 = dataclasses.replace(cfg, amp='none')
    (l16, _, _), (l32, _, _) = same_steps([dataclasses.replace(cfg, amp='bf16'), fp32], stage_name, block, 1)
    loss = max(abs(l16[0][k] - l32[0][k]) / max(abs(l32[0][k]), 1e-8) for k in l32[0])
    model = build_segmenter(fp32, fp32.device).eval()
    images = torch.stack([val[k][0] for k in range(min(4, len(val)))]).to(cfg.device, memory_format=torch.channels_last)
    with torch.no_grad():
        with torch.autocast(torch.device(cfg.device).type, dtype=torch.bfloat16): a = model(images).main.float()
        b = model(images).main.float()
    logit = ((a - b).norm() / b.norm()).item()
    agree = (a.argmax(1) == b.argmax(1)).float().mean().item()
    free(model)
    return {'loss_rel': loss, 'logit_rel': logit, 'argmax_agreement': agree, 'pass': loss <= LOSS_TOL and logit <= LOGIT_TOL}


def fixture_frame():
    "The real Cityscapes frame and its label ids (or the generated one in its layout where it is absent), to write test files from."
    from PIL import Image
    root = cityscapes_sample_or_stand_in('the loader benchmark')
    image = root/f'leftImg8bit/val/frankfurt/{CITYSCAPES_SAMPLE_STEM}_leftImg8bit.png'
    label = root/f'gtFine/val/frankfurt/{CITYSCAPES_SAMPLE_STEM}_gtFine_labelIds.png'
    return np.asarray(Image.open(image).convert('RGB')), np.asarray(Image.open(label))


def write_data(root, stored_src, stored_tgt, files, val=0):
    "`files` GTA5-format source frames and Cityscapes-format target train frames (and `val` val frames) at the stored sizes."
    frame, ids = fixture_frame()
    root = Path(root)
    at = lambda size: (cv2.resize(frame, size, interpolation=cv2.INTER_CUBIC), cv2.resize(ids, size, interpolation=cv2.INTER_NEAREST))
    for k in range(files):
        write_gta5_sample(root/'gta5', f'{k:05d}', *at(tuple(stored_src)))
        write_cityscapes_sample(root/'cityscapes', 'train', 'city', f'city_{k:06d}_000019', *at(tuple(stored_tgt)))
    for k in range(val):
        write_cityscapes_sample(root/'cityscapes', 'val', 'town', f'town_{k:06d}_000019', *at(tuple(stored_tgt)))
    return root


def loader_rate(cfg, stored_src, stored_tgt, files, steps, workers):
    "Iterations/s of the engine's source and target loaders together, from files in GTA5's and Cityscapes' formats."
    root = write_data(scratch_dir(prefix="phfa-perf-"), stored_src, stored_tgt, files)  # removed when the script ends
    run = resolve(TrainConfig.from_namespace({**vars(cfg), 'data_root': str(root), 'source': 'gta5', 'preliminary': 'none', 'target': 'auto',
                                 'target_shots': files, 'num_workers': workers, 'out_dir': str(root/'run')}))
    stage = plan_stages(run)[0]
    datasets = [open_spec(stage.source, run), open_spec(stage.target, run)]
    loaders = [iter(step_loader(d, run.batch_size, k, 0, steps + 1, workers, run.device)) for k, d in enumerate(datasets)]
    t0 = time.perf_counter()
    for it in loaders: next(it)  # the workers' start
    started = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(steps):
        for it in loaders:
            image, label = next(it)[:2]
            image.to(run.device, non_blocking=True); label.to(run.device, non_blocking=True)
    synchronize(run.device)
    return {'iterations_per_s': steps / (time.perf_counter() - t0), 'start_s': started, 'workers': workers, 'files': files,
            'stored': {'source': stored_src, 'target': stored_tgt}}


class RandomVal(torch.utils.data.Dataset):
    "`n` random (image, full-resolution label, stem) samples, as the Cityscapes val loader gives them (uint8 labels)."
    def __init__(self, n, size, label_size, block):
        g = torch.Generator().manual_seed(1)
        self.items = [(make_batch(1, size, block, g)[0][0], block_labels(1, label_size, block * 2, g)[0].to(torch.uint8), f'img{k}')
                      for k in range(n)]
    def __len__(self): return len(self.items)
    def __getitem__(self, i): return self.items[i]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--tiny', action='store_true', help='toy sizes (a CPU, CI)')
    p.add_argument('--device', default='auto')
    p.add_argument('--warmup', type=int, default=None, help=f'untimed calls first (at least {GRAPH_WARMUP + 2}: the capture happens there)')
    p.add_argument('--iters', type=int, default=None)
    p.add_argument('--eval_batches', default='1,2,4,8,16', help='evaluation batch sizes to try (the best is reported)')
    p.add_argument('--workers', type=int, default=4, help='loader workers per loader (the engine\'s default on CUDA)')
    p.add_argument('--out', default='runs/perf/perf.json')
    p.add_argument('--write-data', metavar='DIR', help='only write the loader benchmark\'s files into DIR, with --files frames each')
    p.add_argument('--files', type=int, default=None, help='frames per split with --write-data (default: 16, --tiny 4)')
    a = p.parse_args(argv)
    device = settle_device(a.device)  # 'cpu' or 'cuda:N'
    if a.tiny:
        sizes = dict(src_size=[128, 72], tgt_size=[128, 64], backbone='resnet18_half')
        val_in, val_label, block, warmup, iters, n_val = [128, 64], [256, 128], 8, GRAPH_WARMUP + 2, 3, 8
        stored, files, loader_steps, workers = ([192, 105], [256, 128]), 4, 8, min(a.workers, 1)
    else:
        sizes = dict(src_size=[1280, 720], tgt_size=[1024, 512], backbone='resnet101')
        val_in, val_label, block, warmup, iters, n_val = [1024, 512], [2048, 1024], 64, GRAPH_WARMUP + 3, 20, 64
        stored, files, loader_steps, workers = ([1914, 1052], [2048, 1024]), 16, 100, a.workers
    if a.write_data:
        files = a.files or files
        print(f"written {files} GTA5-format frames ({stored[0][0]}x{stored[0][1]}) and {files} + {files} Cityscapes-format "
              f"train + val frames ({stored[1][0]}x{stored[1][1]}) to {write_data(a.write_data, *stored, files, val=files)}")
        return None
    warmup = max(a.warmup if a.warmup is not None else warmup, GRAPH_WARMUP + 2)
    iters = a.iters if a.iters is not None else iters
    timer = Timer(device, warmup, iters)
    base = dict(source='gta5', preliminary='none', weights='none', batch_size=1, device=device, progress=False,
                out_dir='runs/perf/unused', data_root='data', **sizes)
    configs = {  # bn as each would run from ImageNet weights ('reference'); weights='none' only skips the download
        'reference': resolve(TrainConfig(**base, amp='none', graph=False, aspp_legacy=True, bn='reference',
                                         lambda_adv=0.001, lambda_adv_aux=0.0002)),
        'aa': resolve(TrainConfig(**base, bn='reference')),
        'aa_eager': resolve(TrainConfig(**base, bn='reference', graph=False)),
        'aa_hfa': resolve(TrainConfig(**base, bn='reference', hfa=True)),
        'latter': resolve(TrainConfig(**base, bn='reference', sg=True)),
    }
    stage_of = {'reference': 'gta5', 'aa': 'gta5', 'aa_eager': 'gta5', 'aa_hfa': 'gta5', 'latter': 'latter'}
    results = {'device': device, 'device_name': device_name(device),
               'torch': torch.__version__, 'tiny': a.tiny, 'warmup': warmup, 'iters': iters, 'sizes': sizes}
    for name, cfg in configs.items():
        results[name] = step_timer(cfg, stage_of[name], timer, block)
        print(f"{name}: {1000 * results[name]['median_s']:.1f} ms{' (graphs)' if results[name]['graphs'] else ''}", flush=True)
    val = RandomVal(n_val, val_in, val_label, block)
    best = None
    models = {name: build_segmenter(configs[cfg], device) for name, cfg in (('reference', 'reference'), ('default', 'aa'))}
    for bs in [int(b) for b in a.eval_batches.split(',')]:
        for name, cfg in (('reference', configs['reference']), ('default', configs['aa'])):
            if name == 'reference' and bs != 1: continue
            model = models[name]
            r = timer(lambda: evaluate(model, val, device, batch_size=bs, amp=cfg.amp, progress=False))
            r['images_per_s'] = n_val / r['median_s']
            key = f'eval_{name}_b{bs}'
            results[key] = r; print(f"{key}: {r['images_per_s']:.1f} img/s", flush=True)
            if name == 'default' and (best is None or r['images_per_s'] > results[best]['images_per_s']): best = key
    free(models)
    results['eval_best'] = best
    results['loader'] = loader_rate(configs['aa'], *stored, files, loader_steps, workers)
    print(f"loader: {results['loader']['iterations_per_s']:.1f} it/s", flush=True)
    results['check_captured'] = check_captured(configs['aa_hfa'], 'gta5', block, GRAPH_WARMUP + 3)
    results['check_bf16'] = check_bf16(configs['aa'], 'gta5', block, val)
    print('captured = eager:', results['check_captured']); print('bf16 ~ fp32:', results['check_bf16'], flush=True)

    ref, ref_eval = results['reference']['median_s'], results['eval_reference_b1']['images_per_s']
    rows = [('iteration, reference configuration (fp32, aspp_legacy, bn reference, eager)', results['reference'], 1.0),
            ('iteration, defaults, former stage, AA', results['aa'], results['aa']['median_s'] / ref),
            ('iteration, defaults without graphs (graph=False), AA', results['aa_eager'], results['aa_eager']['median_s'] / ref),
            ('iteration, defaults, former stage, AA + HFA', results['aa_hfa'], results['aa_hfa']['median_s'] / ref),
            ('iteration, defaults, latter stage (SG)', results['latter'], results['latter']['median_s'] / ref)]
    lines = [f"device: {results['device_name']} ({device}), torch {torch.__version__}, {'tiny sizes' if a.tiny else 'the paper sizes'}, "
             f"medians of {iters} after {warmup} warm-up", '',
             '| what | time | × the reference | peak / reserved memory |', '| --- | --- | --- | --- |']
    mem = lambda r: '' if r['peak_gib'] is None else f"{r['peak_gib']:.2f} / {r['reserved_gib']:.2f} GiB"
    graphs = lambda r: ' (graphs)' if r.get('graphs') else ''
    for label, r, ratio in rows: lines.append(f"| {label}{graphs(r)} | {1000 * r['median_s']:.1f} ms | {ratio:.2f} | {mem(r)} |")
    lines.append(f"| evaluation, reference configuration, batch 1 | {ref_eval:.1f} img/s | 1.00 | {mem(results['eval_reference_b1'])} |")
    for key in [k for k in results if k.startswith('eval_default_b')]:
        r = results[key]
        lines.append(f"| evaluation, defaults, batch {key.rsplit('b', 1)[1]}{' (best)' if key == best else ''} | {r['images_per_s']:.1f} img/s | "
                     f"{r['images_per_s'] / ref_eval:.2f} | {mem(r)} |")
    ld = results['loader']
    lines.append(f"| loaders alone (source {ld['stored']['source'][0]}×{ld['stored']['source'][1]} + target "
                 f"{ld['stored']['target'][0]}×{ld['stored']['target'][1]} files, {ld['workers']} workers each) | "
                 f"{ld['iterations_per_s']:.1f} it/s | the AA + HFA step needs {1 / results['aa_hfa']['median_s']:.1f} it/s | |")
    cc, bf = results['check_captured'], results['check_bf16']
    lines += ['', f"captured step = eager step: " + (f"{'PASS' if cc['pass'] else 'FAIL'} over {cc['steps']} steps, losses within "
              f"{cc['loss_rel']:.1e} (eager vs eager: {cc['floor_loss_rel']:.1e}), weights within {cc['weight_rel']:.1e} of their "
              f"scale (eager vs eager: {cc['floor_weight_rel']:.1e})" if cc['ran'] else f"not run: {cc['why']}"),
              f"bf16 defaults vs fp32, same weights and inputs: {'PASS' if bf['pass'] else 'FAIL'}: losses within {bf['loss_rel']:.1e}, "
              f"logits within {bf['logit_rel']:.1e} (relative L2; tolerance {LOSS_TOL:g}), argmax agreement "
              f"{100 * bf['argmax_agreement']:.1f}% (random weights: near-ties)"]
    table = '\n'.join(lines)
    print(table)
    out = Path(a.out); out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    if device.startswith('cuda') and not a.tiny:
        Path(__file__).with_name('RESULTS.md').write_text(f"# Speed, last GPU run (`python bench/perf.py`)\n\n{table}\n")
    return results


if __name__ == '__main__':
    main()
