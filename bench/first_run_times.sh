#!/usr/bin/env bash
# The first run's time before and after bf16 autocast, in one sitting: two fresh clones of this commit, the README's
# first run in each (fp32 with `-p amp none`, then the default), end to end, benchmark generation included.
#   bash bench/first_run_times.sh [WORKDIR]     (default: a new temporary folder; keep other work off the machine)
# Prints one line per precision; each clone keeps its executed notebook (runs/out.ipynb) and run folder.
set -euo pipefail
src=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
work=${1:-$(mktemp -d "${TMPDIR:-/tmp}/phfa-first-run.XXXXXX")}
echo "commit $(git -C "$src" rev-parse --short HEAD), $(python -c 'import phfa.train as t; print(t.cpu_signature())'), into $work"
for precision in fp32 bf16; do
  git clone --quiet "$src" "$work/$precision"
  extra=(); [ "$precision" = fp32 ] && extra=(-p amp none)
  start=$(date +%s)
  (cd "$work/$precision" && PYTHONPATH="$PWD" MPLBACKEND=Agg papermill nbs/train.ipynb runs/out.ipynb "${extra[@]}" --log-output \
     > "$work/$precision.log" 2>&1)
  end=$(date +%s)
  echo "$precision: $(( (end - start) / 60 )) min $(( (end - start) % 60 )) s end to end; $(grep -a -m1 -- '-> cityscapes' "$work/$precision.log")"
done
