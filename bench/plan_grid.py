"""What a run of each configuration would do, to compare two commits: `PYTHONPATH=<tree> python bench/plan_grid.py
OUT.json` writes, for 512 combinations of aa/it/hfa/sg x oracle x source x latter_target x translator_iters x
hfa_scale (the valid ones) and ten bad configurations, the plan (`plan_stages`), the components built (their
names, titles and plain settings), the plan as printed (`describe`), the resolved config and `validate`'s
messages; `python bench/plan_grid.py --compare A.json B.json` says how many differ (a refactor of the engine
should leave none)."""
import itertools, json, sys


def grid() -> list:
    return [dict(it=it, sg=sg, hfa=hfa, aa=aa, oracle=o, source=s, latter_target=lt, translator_iters=ti, hfa_scale=hs)
            for it, sg, hfa, aa in itertools.product([False, True], repeat=4) for o in ('none', 'full', 'shots')
            for s in ('synthetic', 'gta5') for lt in ('pseudo', 'true', 'none') for ti in ('auto', 7) for hs in (1.0, 10)
            if lt == 'pseudo' or (sg and o == 'none')]


BAD = [dict(lambda_obj=-1, hfa=True), dict(aa=True, lambda_adv=0, lambda_adv_aux=0), dict(threshold_cap=2),
       dict(latter_target='x'), dict(former='/nowhere', sg=True, it=True),
       dict(d_width=0, translator_iters=-1, memory_size=0, max_objects=-2), dict(hfa=True, hfa_scale=0),
       dict(source='x', lr_d=-1), dict(aa='maybe'), dict(translator='/no/file.pt')]


def plain(component) -> list:
    "A component's settings that are plain values, sorted: what its constructor made of the run's parameters."
    return sorted((k, repr(v)) for k, v in vars(component).items()
                  if isinstance(v, (int, float, str, bool, type(None), tuple, dict)))


def record(path: str):
    from phfa.config import TrainConfig, resolve
    from phfa.plan import build_components, describe, plan_stages
    out = {}
    for g in grid():
        extra = dict(preliminary='none') if g['source'] == 'gta5' else {}
        try:
            cfg = resolve(TrainConfig(out_dir='/tmp/x', data_root='/tmp/nodata', **g, **extra))
            plan, parts = plan_stages(cfg), build_components(cfg)
            out[json.dumps(g, sort_keys=True)] = dict(
                plan=[s.to_dict() for s in plan], cfg=json.loads(json.dumps(vars(cfg), default=str, sort_keys=True)),
                components=[(c.name, c.title, plain(c)) for c in parts], describe=describe(cfg, plan, parts))
        except Exception as e: out[json.dumps(g, sort_keys=True)] = repr(e)
    for b in BAD:
        try: TrainConfig(**b).validate(); out['bad' + json.dumps(b)] = 'ok'
        except Exception as e: out['bad' + json.dumps(b)] = sorted(str(e).splitlines())
    json.dump(out, open(path, 'w'), indent=0, sort_keys=True)
    print(f"{len(out)} configurations recorded in {path}")


def compare(a: str, b: str) -> int:
    x, y = json.load(open(a)), json.load(open(b))
    differ = [k for k in x if x[k] != y.get(k)]
    print(f"{len(differ)} of {len(x)} configurations differ" + (f", e.g. {differ[0]}" if differ else ''))
    return 1 if differ else 0


if __name__ == '__main__':
    sys.exit(compare(*sys.argv[2:4]) if sys.argv[1] == '--compare' else record(sys.argv[1]))
