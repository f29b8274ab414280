#!/bin/bash
# The one script a GPU session runs, on the device machine from the repository root, with .whl carried
# (the packages its image lacks; see README "Speed"): about 6 minutes on an H200.
#   1. the gpu-flagged checks of 15_graphs (a captured step equals the eager one)
#   2. bench/perf.py at the paper's sizes: the table, the sameness checks, bench/RESULTS.md
#   3. the gpu-flagged check of 16_step (the engine's AA + HFA step, captured against eager)
# Outputs go under $OUT (brought back by the device tool), else runs/gpu.
cd "$(dirname "$0")/.."
if [ -d .whl ]; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
  export PYTHONPATH=/tmp/site
fi
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
out=${OUT:-runs/gpu}; mkdir -p "$out"
nvidia-smi -L | tee "$out/device.txt"
failed=()
step() {  # step NAME SECONDS COMMAND...
  local name=$1 limit=$2; shift 2
  echo "== $name"; local t0=$SECONDS
  timeout "$limit" "$@" > "$out/$name.log" 2>&1; local rc=$?
  tail -n 30 "$out/$name.log"; echo "== $name: exit $rc, $((SECONDS - t0)) s"
  [ $rc = 0 ] || failed+=("$name")
}
step graphs 120 python3 bench/run_cells.py nbs/15_graphs.ipynb --flags gpu
step perf 360 python3 bench/perf.py --out "$out/perf.json"
[ -f bench/RESULTS.md ] && cp bench/RESULTS.md "$out/"
step train 300 python3 bench/run_cells.py nbs/16_step.ipynb --flags gpu
echo "failed: ${failed[*]:-none}"
[ ${#failed[@]} = 0 ]
