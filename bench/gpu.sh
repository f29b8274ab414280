#!/usr/bin/env bash
# The one script a GPU session runs, from the repository root:
#
#   bash bench/gpu.sh          # on the GPU machine, with .whl/ carried (bash bench/wheelhouse.sh builds it): under 10 min,
#                              # the device tool's limit for one command (the steps' limits add up to 570 s + start-up)
#   bash bench/gpu.sh --dry    # on a CPU machine, first: every step that needs no CUDA, at small sizes (~5 min)
#
# Steps, in this order, each with a time limit; a failed step is named at the end and the others still run:
#   preflight  every module the session imports, imported before anything else runs (bench/preflight.py)
#   job        the user's first job as the README writes it, on the generated benchmark:
#              papermill nbs/train.ipynb <out>/train.ipynb -p iters 40
#   r101       one ResNet-101 stage of 40 iterations at the paper's sizes (1280x720 source, 1024x512 target, batch 1) on
#              the GTA5- and Cityscapes-format files that bench/perf.py writes: python -m phfa.train --source gta5 ...
#   graphs     the #| gpu cells of nbs/15_graphs.ipynb and nbs/16_step.ipynb (captured = eager, to the noise floor)
#   perf       bench/perf.py: the step and evaluation against the reference configuration, memory, captured = eager,
#              bf16 ~ fp32 -> bench/RESULTS.md
# --dry runs job and r101 at toy sizes on the CPU, perf with --tiny, and only compiles the GPU cells.
# Everything goes to runs/gpu/; what comes back from the device tool ($OUT, at most 8 files): gpu.log (every step's
# output tail and time), perf.json, RESULTS.md and each training run's metrics.json.
set -u
cd "$(dirname "$0")/.."
dry=0; [ "${1:-}" = "--dry" ] && dry=1
scale=$([ $dry = 1 ] && echo 8 || echo 1)  # a CPU runs the toy-sized steps far slower than a GPU the real ones
wheels=${PHFA_WHEELS:-.whl}  # the carried wheels (bench/wheelhouse.sh), installed beside the image's own packages
if [ -d "$wheels" ] && [ -n "$(ls "$wheels"/*.whl 2>/dev/null)" ]; then
  site=${PHFA_WHEEL_SITE:-/tmp/site}
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$site" "$wheels"/*.whl || exit 1
  export PYTHONPATH=$site
fi
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1 MPLBACKEND=Agg
work=runs/gpu; rm -rf "$work"; mkdir -p "$work"
out=${OUT:-$work}; mkdir -p "$out"
log=$out/gpu.log; : > "$log"
say() { echo "$*" | tee -a "$log"; }
failed=() t_all=$SECONDS
step() {  # step NAME SECONDS COMMAND...: its output in runs/gpu/NAME.log, its tail and time in gpu.log
  local name=$1 limit=$(( $2 * scale )); shift 2
  say "== $name: $*"; local t0=$SECONDS
  timeout "$limit" "$@" > "$work/$name.log" 2>&1; local rc=$?
  tr '\r' '\n' < "$work/$name.log" | grep -v '^\s*$' | tail -n 25 | tee -a "$log"
  say "== $name: exit $rc, $((SECONDS - t0)) s"
  [ $rc = 0 ] || failed+=("$name")
}
say "$(date -u +%FT%TZ) phfa $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $([ $dry = 1 ] && echo 'dry run on a CPU' || echo 'GPU session')"
if [ $dry = 0 ]; then nvidia-smi -L 2>&1 | tee -a "$log"; fi

step preflight 60 python3 bench/preflight.py $([ $dry = 1 ] && echo --dry)
if [ ${#failed[@]} -gt 0 ]; then say "preflight failed: nothing else runs (carry the missing wheels)"; exit 1; fi

if [ $dry = 1 ]; then  # the same commands at toy sizes
  job=(-p iters 6 -p batch_size 2 -p target_shots 4 -y "{src_size: [96, 56], tgt_size: [80, 40]}" -p max_val 10)
  r101=(--iters 2 --src_size "[128, 72]" --tgt_size "[128, 64]" --max_val 2)
  tiny=--tiny
else
  job=(-p iters 40) r101=(--iters 40 --max_val 16) tiny=
fi
step job 120 python3 -m papermill nbs/train.ipynb "$work/train.ipynb" "${job[@]}" -p out_dir "$work/train" -p progress terminal --log-output
cp "$work/train/metrics.json" "$out/job.metrics.json" 2>/dev/null

step data 30 python3 bench/perf.py --write-data "$work/data" $tiny
step r101 120 python3 -m phfa.train --source gta5 --data_root "$work/data" --preliminary none --weights none \
  --target_shots 4 "${r101[@]}" --out_dir "$work/r101" --progress terminal
cp "$work/r101/metrics.json" "$out/r101.metrics.json" 2>/dev/null

if [ $dry = 1 ]; then
  step graphs 90 python3 bench/run_cells.py nbs/15_graphs.ipynb nbs/16_step.ipynb --flags gpu --compile-only
else
  step graphs 90 python3 bench/run_cells.py nbs/15_graphs.ipynb nbs/16_step.ipynb --flags gpu
fi

step perf 180 python3 bench/perf.py $tiny --out "$work/perf.json"
cp "$work/perf.json" "$out/perf.json" 2>/dev/null
[ $dry = 0 ] && [ -f bench/RESULTS.md ] && cp bench/RESULTS.md "$out/"
say "failed: ${failed[*]:-none}; $((SECONDS - t_all)) s in all"
[ ${#failed[@]} = 0 ]
