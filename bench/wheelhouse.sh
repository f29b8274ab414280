#!/usr/bin/env bash
# The wheels a GPU session carries (the device machine has its own python3 with torch and no package registry):
# built here, on a CPU machine with pip and a registry, for the device's Python.
#
#   bash bench/wheelhouse.sh                          # -> .whl/: for the GPU machines' image (Python 3.12)
#   bash bench/wheelhouse.sh --python 3.11 --out DIR --image DIR2   # for a dry run on this machine's Python
#
# What it asks pip for: every package bench/preflight.py imports, but torch and torchvision (the device's own), with
# their dependencies, as binary wheels for --python on manylinux x86-64. A wheel of a package that the device image
# already holds (bench/device_image.txt) is not carried: it goes to --image DIR if given (a dry run installs those
# there as the image's stand-ins), else it is dropped. Never carried: `typing`, a Python 2 backport that
# cityscapesscripts asks for and that would shadow the standard library on PYTHONPATH. Prints what it carries and
# its size; the device tool carries 64 MiB per call, the repository included (about 21 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
py=3.12 out=.whl image=
while [ $# -gt 0 ]; do
  case $1 in
    --python) py=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --image) image=$2; shift 2 ;;
    *) echo "unknown argument $1 (--python X.Y, --out DIR, --image DIR)"; exit 2 ;;
  esac
done
wants=$(python3 -c "import sys; sys.path.insert(0, 'bench'); from preflight import MODULES; \
print(' '.join(sorted(set(MODULES.values()) - {'torch', 'torchvision'})))")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
platforms=()
for p in manylinux_2_{5,12,17,24,26,27,28,31,34}_x86_64 manylinux1_x86_64 manylinux2010_x86_64 manylinux2014_x86_64; do
  platforms+=(--platform "$p")
done
echo "pip download for Python $py: $wants"
python3 -m pip download -q --disable-pip-version-check --only-binary=:all: --python-version "$py" --implementation cp \
  "${platforms[@]}" -d "$tmp" $wants
rm -rf "$out"; mkdir -p "$out"
[ -n "$image" ] && { rm -rf "$image"; mkdir -p "$image"; }
norm() { echo "$1" | tr 'A-Z_.' 'a-z--'; }  # a distribution's name as pip compares them
have=" $(grep -v '^#' bench/device_image.txt | while read -r n; do norm "$n"; done | tr '\n' ' ') "
carried=() kept=() dropped=()
for whl in "$tmp"/*.whl; do
  name=$(norm "$(basename "$whl" | cut -d- -f1)")
  case $name in
    typing|torch|torchvision|triton|nvidia-*) dropped+=("$name"); continue ;;
  esac
  if [[ $have == *" $name "* ]]; then
    kept+=("$name"); [ -n "$image" ] && mv "$whl" "$image/"
  else
    carried+=("$name"); mv "$whl" "$out/"
  fi
done
echo "carried in $out (${#carried[@]} wheels, $(du -sh "$out" | cut -f1)): ${carried[*]}"
echo "already in the device image (${#kept[@]}${image:+, copied to $image}): ${kept[*]}"
echo "never carried: ${dropped[*]:-none}"
