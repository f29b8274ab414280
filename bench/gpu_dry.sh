#!/usr/bin/env bash
# `bash bench/gpu.sh --dry` as a GPU session meets it, on a CPU machine: in a fresh virtual environment that holds only
# torch and torchvision, the packages of the GPU machines' image that phfa uses (their wheels, for this Python, as the
# image's stand-ins) and the wheelhouse a session carries (bench/wheelhouse.sh, for this Python) -- none of phfa's own
# install. So the first GPU minute is not spent on an import error. Run from the repository root; CI runs it.
#   bash bench/gpu_dry.sh          # torch and torchvision: this python3's versions (else pip's newest)
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d "${TMPDIR:-/tmp}/phfa-gpu-dry.XXXXXX"); trap 'rm -rf "$tmp"' EXIT
py=$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
pins=$(python3 -c "import torch, torchvision; print(f\"torch=={torch.__version__.split('+')[0]} torchvision=={torchvision.__version__.split('+')[0]}\")" 2>/dev/null \
       || echo "torch torchvision")
t0=$SECONDS
bash bench/wheelhouse.sh --python "$py" --out "$tmp/whl" --image "$tmp/image"
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install -q --disable-pip-version-check $pins
"$tmp/venv/bin/python" -m pip install -q --disable-pip-version-check --no-index --no-deps "$tmp"/image/*.whl
echo "fresh environment ready in $((SECONDS - t0)) s: $("$tmp/venv/bin/python" -m pip list 2>/dev/null | tail -n +3 | wc -l) packages" \
     "(torch, torchvision, their dependencies and the image's stand-ins), the wheelhouse beside it"
PATH="$tmp/venv/bin:$PATH" PHFA_WHEELS="$tmp/whl" PHFA_WHEEL_SITE="$tmp/site" bash bench/gpu.sh --dry
