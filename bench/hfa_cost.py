"""The hierarchy's share of one training iteration: the engine's step with AA, and with AA + HFA, timed alike.

    python bench/hfa_cost.py                          # the paper's sizes: ResNet-101, 1280x720 source, 1024x512 target, batch 1
    python bench/hfa_cost.py --benchmark              # the embedded benchmark's default sizes
    python bench/hfa_cost.py --device cuda --steps 20

Batches come from the embedded benchmark (resized to the sizes asked; the content does not change the cost),
the weights are random. The memories are filled before timing (every class's buffer full), so that the
object and background terms compare against all w and ζ samples as in a long run. Prints seconds per step,
median over --steps after --warmup (the two alternating), the time spent in HFA's hooks and its share of an
aa + hfa step (the backward of its losses shares the backbone's backward with AA's, so the hooks are its cost),
and the plain difference of the two step times (noisier: two separate medians).
"""
import argparse, statistics, time

import torch


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--benchmark', action='store_true', help="the benchmark's sizes instead of the paper's")
    p.add_argument('--device', default='cpu')
    p.add_argument('--steps', type=int, default=3)
    p.add_argument('--warmup', type=int, default=1)
    p.add_argument('--out', default='runs/hfa_cost')
    a = p.parse_args(argv)
    from torch.utils.data import DataLoader
    from phfa.components import StageContext
    from phfa.train import TrainConfig, Trainer, build_components, open_spec, plan_stages, prepare, resolve
    sizes = {} if a.benchmark else dict(backbone='resnet101', weights='none', bn='reference', src_size=[1280, 720],
                                        tgt_size=[1024, 512], batch_size=1, d_width=64)
    cfg = resolve(TrainConfig(out_dir=a.out, device=a.device, progress='none', hfa=True, **sizes))
    prepare(cfg)  # the benchmark (and stand-in) if missing
    stage = plan_stages(cfg)[-1]
    trainer = Trainer(cfg, components=[])
    source = next(iter(DataLoader(open_spec(stage.source, cfg), batch_size=cfg.batch_size)))
    target = next(iter(DataLoader(open_spec(stage.target, cfg), batch_size=cfg.batch_size)))
    trainer.start_stage(len(trainer.plan) - 1)
    ctx = StageContext(stage, 0, 0, trainer.model, trainer.device, trainer.out_dir)
    runs = {'aa': [c for c in build_components(cfg, trainer.device) if c.name == 'aa'], 'aa + hfa': build_components(cfg, trainer.device)}
    hfa = runs['aa + hfa'][-1]
    for c in runs['aa'] + runs['aa + hfa']: c.on_stage_start(ctx)
    sync = (lambda: torch.cuda.synchronize()) if trainer.device.type == 'cuda' else (lambda: None)
    in_hooks = []
    def timed(hook):
        def run(*args):
            sync(); t0 = time.perf_counter()
            out = hook(*args)
            sync(); in_hooks[-1] += time.perf_counter() - t0
            return out
        return run
    hfa.losses, hfa.after_step = timed(hfa.losses), timed(hfa.after_step)
    trainer.components = runs['aa + hfa']; in_hooks.append(0.0)
    trainer.step(source, target, stage, 0, 0)  # builds the memories at the features' width
    for memory in (hfa.objects, hfa.background):  # full, as in a long run
        for k in range(memory.num_classes): memory.push(k, torch.randn(memory.size, memory.dim, device=trainer.device))
    times = {name: [] for name in runs}
    hooks = []
    for i in range(a.warmup + a.steps):  # alternating, so that both see the same machine and the same weights' drift
        for name in (list(runs) if i % 2 == 0 else list(runs)[::-1]):
            trainer.components = runs[name]; in_hooks.append(0.0)
            sync(); t0 = time.perf_counter()
            trainer.step(source, target, stage, 0, i)
            sync()
            if i >= a.warmup:
                times[name].append(time.perf_counter() - t0)
                if name == 'aa + hfa': hooks.append(in_hooks[-1])
    med = {name: statistics.median(t) for name, t in times.items()}
    for name, t in times.items():
        print(f"{name}: {med[name]:.3f} s per step (median of {a.steps}; {', '.join(f'{x:.3f}' for x in t)})")
    hook = statistics.median(hooks)
    print(f"{cfg.backbone} {cfg.src_size} / {cfg.tgt_size}, batch {cfg.batch_size}, {trainer.device} ({torch.get_num_threads()} threads): "
          f"HFA's own hooks (connected components, pooling, nearest samples, memory pushes) {hook:.3f} s = "
          f"{100 * hook / med['aa + hfa']:.1f}% of an aa + hfa step; step difference {100 * (med['aa + hfa'] - med['aa']) / med['aa + hfa']:.1f}%")

if __name__ == '__main__':
    main()
