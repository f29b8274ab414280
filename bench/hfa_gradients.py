"""How hard each level of the hierarchy pulls: its gradient on the backbone against the segmentation loss's.

For a trained segmenter (a run's model.pt) on that run's data, the feature memories are first filled from
--fill source batches (as `after_step` fills them in training); then, over --batches pairs of source and target
batches, each weighted loss's gradient on the backbone's parameters (the features every loss shares) is taken
alone, and its norm divided by that of the weighted source segmentation loss (Eq. 10's λseg·Lseg, main + 0.1 aux)
on the same step, at the run's weights (the paper's times `hfa_scale`). Also shown, for scale: the category level in
MaxSquare's ÷C form (`class_mean=True`), the form phfa once used.

Beside it, what the hierarchy could close: the class-conditional feature shift left between the domains. For each
class, the mean L1 distance (per channel) of a pooled sample to its nearest sample in the memory, for held-out
source samples and for target samples taken the same way (Eqs. 4-5: correctly predicted regions) from the target
images' *true* labels — a measurement only, never a training signal. A ratio near 1 means target objects already
sit among the source objects as closely as other source objects do: nothing for Eqs. 1 and 6 to pull.

    python bench/hfa_gradients.py runs/ablation/plusHFA/seed0            # the run's own model.pt and parameters
    python bench/hfa_gradients.py runs/ablation/plusIT/seed0 --set hfa=true --out runs/hfa_gradients/it0

Target masks are the model's predictions (the former stage's), or with --pseudo FOLDER that folder's
pseudo-labels (the latter stage's). Writes OUT/gradients.json and prints mean ± std over the batches.
"""
import argparse, dataclasses, json, statistics
from pathlib import Path

import torch


def value(v: str):
    try: return json.loads(v)
    except json.JSONDecodeError: return v


def backbone_grad_norm(loss: torch.Tensor, params: list) -> float:
    "‖∂loss/∂params‖₂ (0 for a loss that does not reach them)."
    if not loss.requires_grad: return 0.0
    grads = torch.autograd.grad(loss, params, retain_graph=True, allow_unused=True)
    return float(torch.sqrt(sum((g.float() ** 2).sum() for g in grads if g is not None)))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('run', help='a finished run folder (metrics.json, model.pt)')
    p.add_argument('--set', nargs='*', default=[], help='name=value parameters over the run\'s (JSON values)')
    p.add_argument('--pseudo', default=None, help="a pseudo-label folder's labels/ for the target masks (the latter stage's)")
    p.add_argument('--fill', type=int, default=60, help='source batches that fill the memories first')
    p.add_argument('--batches', type=int, default=20)
    p.add_argument('--out', default=None)
    a = p.parse_args(argv)

    from phfa.components import SegmentationLoss
    from phfa.components import DatasetSpec, DomainOutputs, StageContext, StepOutputs
    from phfa.hierarchy import HierarchicalAlignment, iw_maxsquare_loss, nearest_sample_distance, source_samples
    from phfa.labels import CLASSES
    from phfa.train import TrainConfig, build_segmenter, former_stages, open_spec, plan_stages, resolve, step_loader
    from phfa.components import stream_seed
    run = Path(a.run)
    saved = json.loads((run/'metrics.json').read_text())['parameters']
    fields = {f.name for f in dataclasses.fields(TrainConfig)}
    params = {k: v for k, v in saved.items() if k in fields}
    params.update({k: value(v) for k, v in (kv.split('=', 1) for kv in a.set)}, sg=False, former=None, progress='none',
                  out_dir=str(Path(a.out or f'runs/hfa_gradients/{run.parent.name}_{run.name}').resolve()))
    cfg = resolve(TrainConfig(**params))
    torch.manual_seed(cfg.seed)
    device = torch.device(cfg.device)
    model = build_segmenter(cfg, device, str(run/'model.pt')).train()
    plan = plan_stages(cfg)
    stage = plan[former_stages(plan)[-1]]  # the primary source and the few-shot target
    target_spec = stage.target if a.pseudo is None else DatasetSpec('cityscapes', cfg.target_root, 'train', labels=True,
                                                                   pseudo_labels=str(Path(a.pseudo).resolve()))
    source, target = open_spec(stage.source, cfg, training=True), open_spec(target_spec, cfg, training=True)
    truth = open_spec(dataclasses.replace(stage.target, labels=True), cfg)  # the same few-shot images, true labels: measuring only
    n = a.fill + a.batches
    src = iter(step_loader(source, cfg.batch_size, stream_seed(cfg.seed, 9, 'source'), 0, n, 0, device))
    tgt = iter(step_loader(target, cfg.batch_size, stream_seed(cfg.seed, 9, 'target'), 0, n, 0, device,
                           draws=cfg.target_augment))
    true_batches = iter(step_loader(truth, cfg.batch_size, stream_seed(cfg.seed, 9, 'target'), 0, a.batches, 0, device))
    k = cfg.hfa_scale  # the run's weights: the paper's times hfa_scale (the dose-response), as build_components applies it
    hfa = HierarchicalAlignment(k * cfg.lambda_obj, k * cfg.lambda_class, k * cfg.lambda_back, cfg.memory_size,
                                cfg.background_memory_size, cfg.max_objects or None, cfg.classifier_filter,
                                class_mean=cfg.class_mean, device=device)
    hfa.on_stage_start(StageContext(stage, 0, 0, model, device, Path(cfg.out_dir)))
    seg_loss = SegmentationLoss(cfg.lambda_aux)
    params_b = [q for q in model.backbone.parameters() if q.requires_grad]
    batch = lambda b: (b[0].to(device).contiguous(memory_format=torch.channels_last), b[1].to(device).long())
    for _ in range(a.fill):  # the memories, as training fills them (no update of the model)
        xs, ys = batch(next(src)); next(tgt)
        with torch.no_grad(): out = DomainOutputs(xs, model(xs), ys)
        hfa.after_step(StepOutputs(out, None, stage, 0, 0, torch.tensor(1.)))
    ratios, shift = {}, {}
    def distances(domain, out):  # per class, each correctly predicted sample's distance to its nearest memory sample
        for memory, (rows, cls) in zip((hfa.objects, hfa.background),
                                       source_samples(out.features, out.pred_feat[0], out.label_feat, max_objects=hfa.max_objects)):
            if len(cls) == 0: continue
            d = nearest_sample_distance(rows, cls, memory)
            for c, v in zip(cls.tolist(), d.tolist()):
                if v != float('inf'): shift.setdefault(CLASSES[c], {'source': [], 'target': []})[domain].append(v)
    for _ in range(a.batches):
        (xs, ys), (xt, yt) = batch(next(src)), batch(next(tgt))
        s = DomainOutputs(xs, model(xs), ys)
        t = DomainOutputs(xt, model(xt), yt if a.pseudo else None)
        step = StepOutputs(s, t, dataclasses.replace(stage, target=target_spec), 0, 0, torch.tensor(1.))
        seg = backbone_grad_norm(cfg.lambda_seg * seg_loss(s.logits_up, ys), params_b)
        losses = dict(hfa.losses(step))
        losses['class, ÷C (MaxSquare\'s code)'] = hfa.lambda_class * iw_maxsquare_loss(t.prob[0], hfa.alpha, hfa.half, class_mean=True)
        for name, loss in losses.items():
            ratios.setdefault(name, []).append(backbone_grad_norm(loss, params_b) / seg)
        with torch.no_grad():
            distances('source', s)  # held out: measured before this batch is pushed
            xt_true, yt_true = batch(next(true_batches))
            distances('target', DomainOutputs(xt_true, model(xt_true), yt_true))
        hfa.after_step(step)
    mean = lambda v: statistics.mean(v) if v else None
    class_shift = {c: {'source': mean(v['source']), 'target': mean(v['target']), 'source_n': len(v['source']),
                       'target_n': len(v['target']),
                       'ratio': mean(v['target']) / mean(v['source']) if v['source'] and v['target'] else None}
                   for c, v in shift.items()}
    summary = {'run': str(run), 'model': str(run/'model.pt'), 'pseudo': a.pseudo, 'batch_size': cfg.batch_size,
               'weights': {'lambda_obj': hfa.lambda_obj, 'lambda_class': hfa.lambda_class, 'lambda_back': hfa.lambda_back,
                           'hfa_scale': cfg.hfa_scale},
               'fill': a.fill, 'batches': a.batches,
               'memory_filled': {'objects': int(hfa.objects.counts().sum()), 'background': int(hfa.background.counts().sum())},
               'gradient_share': {k: {'mean': statistics.mean(v), 'std': statistics.stdev(v) if len(v) > 1 else 0.0}
                                  for k, v in ratios.items()},
               'class_shift': class_shift}
    out = Path(cfg.out_dir); out.mkdir(parents=True, exist_ok=True)
    (out/'gradients.json').write_text(json.dumps(summary, indent=1))
    print(f"{run}: backbone gradient norm of each weighted loss / the segmentation loss's, {a.batches} batches of "
          f"{cfg.batch_size} (memories {summary['memory_filled']})")
    for k, v in summary['gradient_share'].items(): print(f"  {k:32s} {v['mean']:.2e} ± {v['std']:.1e}")
    print("nearest-memory distance of correctly predicted samples, target (true labels) / held-out source:")
    for c, v in class_shift.items():
        if v['ratio'] is not None:
            print(f"  {c:14s} target {v['target']:.3f} (n={v['target_n']})  source {v['source']:.3f} (n={v['source_n']})  ratio {v['ratio']:.2f}")


if __name__ == '__main__':
    main()
