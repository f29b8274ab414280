"""Throughput of one translator training step (generators, both discriminators, the perceptual term), timed.

    python bench/translator_speed.py                       # BDL's translator: width 64, 9 blocks, 452x452 crops, batch 1, ResNet-101 judge
    python bench/translator_speed.py --benchmark           # the benchmark's translator (BENCHMARK_TRANSLATOR) and its half-width ResNet-18 judge
    python bench/translator_speed.py --device cuda --amp bf16 --steps 20

Random images in [-1, 1] and random weights (the content does not change the cost). Prints the median seconds
per step over --steps after --warmup, with and without the perceptual term.
"""
import argparse, statistics, time

import torch


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--benchmark', action='store_true')
    p.add_argument('--device', default='cpu')
    p.add_argument('--amp', default='none')
    p.add_argument('--steps', type=int, default=3)
    p.add_argument('--warmup', type=int, default=1)
    a = p.parse_args(argv)
    from phfa.components import autocast
    from phfa.models import deeplab_v2
    from phfa.translation import BENCHMARK_TRANSLATOR, CycleGAN, TranslatorConfig, discriminator_loss, freeze_segmenter
    cfg = TranslatorConfig(**BENCHMARK_TRANSLATOR) if a.benchmark else TranslatorConfig()
    device = torch.device(a.device)
    judge = freeze_segmenter(deeplab_v2(backbone='resnet18_half' if a.benchmark else 'resnet101', bn='frozen').to(device))
    gan = CycleGAN(cfg).to(device)
    opt_g = torch.optim.Adam(list(gan.to_target.parameters()) + list(gan.to_source.parameters()), lr=cfg.lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(list(gan.d_target.parameters()) + list(gan.d_source.parameters()), lr=cfg.lr, betas=(0.5, 0.999))
    s = torch.rand(cfg.batch_size, 3, cfg.crop, cfg.crop, device=device) * 2 - 1
    t = torch.rand(cfg.batch_size, 3, cfg.crop, cfg.crop, device=device) * 2 - 1

    def step(segmenter):
        with autocast(device, a.amp): losses, images = gan.generator_losses(s, t, segmenter)
        opt_g.zero_grad(); sum(losses.values()).backward(); opt_g.step()
        with autocast(device, a.amp):
            d = discriminator_loss(gan.d_target, t, images['fake_target']) + discriminator_loss(gan.d_source, s, images['fake_source'])
        opt_d.zero_grad(); d.backward(); opt_d.step()

    def timed(segmenter):
        times = []
        for k in range(a.warmup + a.steps):
            if device.type == 'cuda': torch.cuda.synchronize()
            t0 = time.perf_counter(); step(segmenter)
            if device.type == 'cuda': torch.cuda.synchronize()
            if k >= a.warmup: times.append(time.perf_counter() - t0)
        return statistics.median(times)

    name = torch.cuda.get_device_name(device) if device.type == 'cuda' else f'cpu ({torch.get_num_threads()} threads)'
    print(f"translator width {cfg.width}, {cfg.blocks} blocks, {cfg.crop}x{cfg.crop} crops, batch {cfg.batch_size}, {a.amp}, on {name}")
    print(f"  with the perceptual term ({'resnet18_half' if a.benchmark else 'resnet101'} judge): {timed(judge):.3f} s/step")
    print(f"  without it (a plain CycleGAN): {timed(None):.3f} s/step")


if __name__ == '__main__':
    main()
