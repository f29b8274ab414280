#!/usr/bin/env bash
# One seed of the few-shot curve, point by point, run from the root of a clone of the commit to measure
# (bash bench/fewshot_seed.sh SEED [SHOTS...]; SHOTS default 1 5 100 200): the ablation's + HFA row at its 30 shots
# (with the seed's source-only run), then fewshot.ipynb one number of shots at a time (its first call adds the oracle).
# Every run is resumable: a rerun skips what finished.
set -u
s=$1; shift; ks=${*:-1 5 100 200}
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONPATH=$PWD MPLBACKEND=Agg
mkdir -p runs/logs
echo "$(date -u +%FT%TZ) seed $s: commit $(git rev-parse --short HEAD), points 30 $ks"
papermill nbs/ablation.ipynb runs/logs/ablation_s$s.ipynb -y "{rows: ['+HFA'], seeds: [$s]}" -p out_dir runs/ablation
echo "$(date -u +%FT%TZ) seed $s: 30 shots rc=$?"
for k in $ks; do
  papermill nbs/fewshot.ipynb runs/logs/fewshot_s${s}_k$k.ipynb -y "{seeds: [$s], shots: [$k]}"
  echo "$(date -u +%FT%TZ) seed $s: $k shots rc=$?"
done
