#!/usr/bin/env bash
# One seed of the few-shot curve, point by point, run from the root of a clone of the commit to measure:
#   bash bench/fewshot_seed.sh SEED [SHOTS...]      SHOTS default: 30 1 5 100 200
# 30 is the ablation's own point (its + HFA row, with the seed's source-only run); any other number is one
# fewshot.ipynb call (the first also trains the seed's oracle). Without 30 only the seed's source-only run is made
# first (every point is judged by it), so two workers can share one seed: `0 30 1` in one clone, `0 5 100 200` in
# another. Every run is resumable: a rerun skips what finished.
set -u
s=$1; shift; ks=${*:-30 1 5 100 200}
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONPATH=$PWD MPLBACKEND=Agg
mkdir -p runs/logs
echo "$(date -u +%FT%TZ) seed $s: commit $(git rev-parse --short HEAD), points $ks"
if [[ " $ks " == *" 30 "* ]]; then rows="['+HFA']"; else rows="[baseline]"; fi
papermill nbs/ablation.ipynb runs/logs/ablation_s$s.ipynb -y "{rows: $rows, seeds: [$s]}" -p out_dir runs/ablation
echo "$(date -u +%FT%TZ) seed $s: ablation rows $rows rc=$?"
for k in $ks; do
  [ "$k" = 30 ] && continue
  papermill nbs/fewshot.ipynb runs/logs/fewshot_s${s}_k$k.ipynb -y "{seeds: [$s], shots: [$k]}"
  echo "$(date -u +%FT%TZ) seed $s: $k shots rc=$?"
done
