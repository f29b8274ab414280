"""Peak memory and time of Eq. 8's thresholds (`phfa.selfguide.class_thresholds`) over Cityscapes-sized data.

    python bench/thresholds_memory.py                      # 2,975 maps of 19 x 512 x 1024, as BDL's SSL.py sees them
    python bench/thresholds_memory.py --images 20          # a quick look

Each map is a softmax of random logits, made one at a time (as a pseudo-labelling pass predicts one image at a
time); the process's peak resident memory is read before and after, so the figure is what the thresholds add on
top of one map in flight. BDL keeps every map: 2,975 x 19 x 512 x 1024 float32 would be 118 GB (it keeps the
max-probability and the argmax per pixel, about 12 GB, plus per-class lists).
"""
import argparse, resource, time

import torch


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--images', type=int, default=2975)
    p.add_argument('--size', type=int, nargs=2, default=[512, 1024], metavar=('H', 'W'))
    a = p.parse_args(argv)
    from phfa.selfguide import ConfidenceHistogram
    g = torch.Generator().manual_seed(0)
    first = torch.softmax(torch.randn(19, *a.size, generator=g) * 4, 0)  # one map in flight, before counting
    base = peak_mb()
    hist = ConfidenceHistogram(19)
    t0 = time.time()
    for i in range(a.images):
        prob = first if i == 0 else torch.softmax(torch.randn(19, *a.size, generator=g) * 4, 0)
        hist.update(prob)
    thresholds = hist.thresholds()
    seconds = time.time() - t0
    print(f"{a.images} maps of 19 x {a.size[0]} x {a.size[1]}: {seconds:.0f} s ({1000 * seconds / a.images:.0f} ms a map, "
          f"random maps made included); peak resident memory {base:.0f} MB with one map in flight, {peak_mb():.0f} MB at the end "
          f"(+{peak_mb() - base:.0f} MB); counters {hist.counts.numel() * 8 / 1024:.0f} KB; {hist.counts.sum().item():,} pixels")
    print('thresholds', [round(t, 3) for t in thresholds.tolist()])


if __name__ == '__main__':
    main()
