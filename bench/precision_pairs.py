"""bf16 against fp32 on the same seeds: each row's paired difference (bf16 - fp32) in mIoU19, its 2σ verdict, and the
per-class differences, from two folders laid out as an ablation's (`<row>/seed<k>/metrics.json`).

    python bench/precision_pairs.py bench/records/bf16_a292e9b/fp32 bench/records/bf16_a292e9b/bf16 [--out DIR]

Writes `pairs.csv`/`pairs.md` (a row per table row) and `per_class.csv`/`per_class.md` (mean bf16 - fp32 IoU per class)
into --out (default: the bf16 folder's parent) and prints both."""
import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from phfa.labels import CLASSES
from phfa.results import paired_gain
from phfa.tables import load_rows, markdown_table, read_ablation


def per_class(folder) -> dict:
    "{row: {seed: {class: IoU (%)}}} of an ablation-shaped folder."
    return {row: {m['parameters']['seed']: {c: np.nan if m['per_class_iou'][c] is None else 100 * m['per_class_iou'][c] for c in CLASSES}
                  for _, m in runs} for row, runs in read_ablation(folder).items()}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('fp32'); p.add_argument('bf16'); p.add_argument('--out')
    a = p.parse_args(argv)
    out = Path(a.out or Path(a.bf16).parent)
    fp32, bf16 = load_rows(a.fp32), load_rows(a.bf16)  # each refuses a folder of mixed precisions
    pairs = {}
    for row in [r for r in fp32 if r in bf16]:
        g = paired_gain(bf16[row], fp32[row])
        seeds = sorted(set(bf16[row]) & set(fp32[row]))
        pairs[row] = {'fp32': np.mean([fp32[row][s] for s in seeds]), 'bf16': np.mean([bf16[row][s] for s in seeds]),
                      'bf16 - fp32': g['gain'], 'std': g['gain_std'], 'seeds': g['seeds'],
                      'per seed': ' / '.join(f"{bf16[row][s] - fp32[row][s]:+.2f}" for s in seeds),
                      'within 2σ of 0': bool(abs(g['gain']) <= 2 * g['gain_std']) if g['seeds'] > 1 else None,
                      'under 0.5': bool(abs(g['gain']) < 0.5)}
    pairs = pd.DataFrame(pairs).T.infer_objects().round(2)
    f, b = per_class(a.fp32), per_class(a.bf16)
    classes = pd.DataFrame({row: {c: np.nanmean([b[row][s][c] - f[row][s][c] for s in f[row] if s in b[row]]) for c in CLASSES}
                            for row in f if row in b}).round(2)
    for name, t in (('pairs', pairs), ('per_class', classes)):
        t.to_csv(out/f'{name}.csv'); (out/f'{name}.md').write_text(markdown_table(t))
    print(pairs.to_string()); print(); print('per class, mean bf16 - fp32 IoU (points):'); print(classes.to_string())
    print(f"largest per-class difference: {np.nanmax(np.abs(classes.to_numpy())):.2f} points")


if __name__ == '__main__':
    main()
