"""Train self-guidance's latter stage alone, after a finished run's former stages, with some parameters changed.

A probe of the latter stage's regime (learning rate, warm-up, target augmentation, iterations) and of its
controls (`latter_target`: 'pseudo', 'true', 'none'), without training the former stages again. The run
takes the former stages of FORMER (a finished run without sg, e.g. an ablation's +IT run) exactly as `former=`
does, then pseudo-labels the target with that model and trains the latter stage; only the parameters given
with --set may differ from FORMER's (they may change the former stages' regime too, which is not retrained:
this is a probe, never a table's run — a table's +SG row uses `former=` with nothing changed).

    python bench/latter_probe.py runs/ablation/plusIT/seed0 --out runs/probe/true_warm --set latter_target=true warmup_iters=50

The stage streams are those of the full run (the latter stage is the plan's third), so with nothing changed
the probe gives the +SG run exactly. Prints the former and latter mIoU19 and the per-class gain.
"""
import argparse, dataclasses, json, sys, time
from pathlib import Path


def value(v: str):
    try: return json.loads(v)
    except json.JSONDecodeError: return v


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('former', help='folder of a finished run without sg (its checkpoint.pt and metrics.json)')
    p.add_argument('--out', required=True, help='the probe run folder')
    p.add_argument('--set', nargs='*', default=[], help='name=value parameters that differ from FORMER (JSON values)')
    a = p.parse_args(argv)

    from phfa.labels import CLASSES
    from phfa.train import FIELDS_BEFORE, TrainConfig, Trainer, prepare
    former = Path(a.former)
    saved = json.loads((former/'metrics.json').read_text())['parameters']
    fields = {f.name for f in dataclasses.fields(TrainConfig)}
    params = {k: v for k, v in saved.items() if k in fields}
    for k, then in FIELDS_BEFORE.items():  # a run saved before a field existed did what FIELDS_BEFORE says
        if k not in params: params[k] = then(saved) if callable(then) else then
    text = {f.name for f in dataclasses.fields(TrainConfig) if f.type == 'str'}  # 'true' stays a word there
    changed = {k: v if k in text else value(v) for k, v in (kv.split('=', 1) for kv in a.set)}
    unknown = sorted(set(changed) - fields)
    if unknown: sys.exit(f"unknown parameters {unknown}")
    params.update(sg=True, former=None, out_dir=str(Path(a.out).resolve()), progress='none', **changed)
    cfg = prepare(TrainConfig(**params)).cfg
    trainer = Trainer(cfg)
    t0 = time.time()
    if not (Path(cfg.out_dir)/'checkpoint.pt').is_file():
        trainer.take_former(former.resolve(), ignore=tuple(changed))
    result = trainer.fit()
    before, after = result['evaluations'][-2], result['evaluations'][-1]
    gain = {c: None if after['per_class_iou'][c] is None or before['per_class_iou'][c] is None
            else 100 * (after['per_class_iou'][c] - before['per_class_iou'][c]) for c in CLASSES}
    summary = {'former': str(former), 'changed': changed, 'former_miou': before['miou'], 'latter_miou': after['miou'],
               'gain': 100 * (after['miou'] - before['miou']), 'per_class_gain': gain, 'minutes': (time.time() - t0) / 60}
    (Path(cfg.out_dir)/'probe.json').write_text(json.dumps(summary, indent=1))
    print(f"{a.out}: former {100 * before['miou']:.1f} -> latter {100 * after['miou']:.1f} ({summary['gain']:+.1f}) "
          f"with {changed}; {summary['minutes']:.1f} min", flush=True)


if __name__ == '__main__':
    main()
