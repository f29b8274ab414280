"""The hierarchy's share of one training iteration: the engine's step with AA, and with AA + HFA, timed alike.

    python bench/hfa_cost.py                          # the paper's sizes: ResNet-101, 1280x720 source, 1024x512 target, batch 1
    python bench/hfa_cost.py --benchmark              # the embedded benchmark's default sizes
    python bench/hfa_cost.py --device cuda --steps 20

Batches come from the embedded benchmark (resized to the sizes asked; the content does not change the cost),
the weights are random. The memories are filled before timing (every class's buffer full), so that the
object and background terms compare against all w and ζ samples as in a long run. Prints seconds per step,
median over --steps after --warmup, and the share HFA adds: (t_hfa - t_aa) / t_hfa.
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
    trainer._start_stage(len(trainer.plan) - 1)
    results = {}
    for name, wanted in (('aa', ['aa']), ('aa + hfa', ['aa', 'hfa'])):
        trainer.components = [c for c in build_components(cfg, trainer.device) if c.name in wanted]
        ctx = StageContext(stage, 0, 0, trainer.model, trainer.device, trainer.out_dir)
        for c in trainer.components:
            c.on_stage_start(ctx)
            if c.name == 'hfa':
                trainer.step(source, target, stage, 0, 0)  # builds the memories at the features' width
                for memory in (c.objects, c.background):
                    for k in range(memory.num_classes): memory.push(k, torch.randn(memory.size, memory.dim, device=trainer.device))
        times = []
        for i in range(a.warmup + a.steps):
            if trainer.device.type == 'cuda': torch.cuda.synchronize()
            t0 = time.perf_counter()
            trainer.step(source, target, stage, 0, i)
            if trainer.device.type == 'cuda': torch.cuda.synchronize()
            if i >= a.warmup: times.append(time.perf_counter() - t0)
        results[name] = statistics.median(times)
        print(f"{name}: {results[name]:.3f} s per step (median of {a.steps}; {', '.join(f'{t:.3f}' for t in times)})", flush=True)
    share = (results['aa + hfa'] - results['aa']) / results['aa + hfa']
    print(f"{cfg.backbone} {cfg.src_size} / {cfg.tgt_size}, batch {cfg.batch_size}, {trainer.device} "
          f"({torch.get_num_threads()} threads): HFA adds {100 * share:.1f}% of an aa + hfa step")


if __name__ == '__main__':
    main()
