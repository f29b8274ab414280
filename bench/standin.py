"""Make the benchmark's stand-in for ImageNet weights again and compare it with the one shipped in phfa/standin/.

    python bench/standin.py                    # default benchmark and settings, in runs/standin/ (about 15 min on 2 CPU cores)
    python bench/standin.py --iters 2000 --backbone resnet18

Generates the default benchmark under OUT/data/synthetic if it is not there, trains the stand-in with
`phfa.train.benchmark_backbone` (never copying the shipped file), then prints both files' stamps (equal when the
settings are the default ones), the target mIoU19 each segmenter scored before its heads were dropped, and the
largest weight difference. To ship a new default: copy OUT/data/synthetic/standin_<backbone>.pt to phfa/standin/.
"""
import argparse, time
from pathlib import Path

import torch


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--out', default='runs/standin')
    p.add_argument('--backbone', default='resnet18_half')
    p.add_argument('--iters', type=int, default=None, help='pretrain iterations (default: TrainConfig.pretrain_iters)')
    a = p.parse_args(argv)
    import phfa.train as T
    T.SHIPPED_STANDINS = Path(a.out) / 'no-shipped-stand-ins'  # train, whatever ships
    cfg = T.TrainConfig(data_root=str(Path(a.out) / 'data'), backbone=a.backbone, out_dir=str(Path(a.out) / '_prepare'),
                        **({} if a.iters is None else {'pretrain_iters': a.iters}))
    cfg = T.resolve(cfg)
    T.ensure_benchmark(cfg.source_root)
    t0 = time.time()
    made = torch.load(T.benchmark_backbone(cfg), weights_only=True)
    print(f"made in {(time.time() - t0) / 60:.1f} min: target mIoU19 {100 * made['target_miou']:.1f}")
    shipped_path = Path(T.__file__).parent / 'standin' / f'standin_{a.backbone}.pt'
    if not shipped_path.is_file(): return print(f"no shipped stand-in for {a.backbone}")
    shipped = torch.load(shipped_path, weights_only=True)
    print(f"shipped: target mIoU19 {100 * shipped['target_miou']:.1f}; same stamp: {shipped['stamp'] == made['stamp']}")
    diff = max((made['model'][k].float() - v.float()).abs().max().item() for k, v in shipped['model'].items()
               if v.is_floating_point() and k in made['model'])
    print(f"largest weight difference {diff:.3g} (runs on other hardware differ in rounding, hence in weights)")


if __name__ == '__main__':
    main()
