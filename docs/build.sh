#!/usr/bin/env bash
# The documentation site, from the repository root: `bash docs/build.sh` -> _docs/index.html.
# docs/stage.py stages the notebooks as committed (nothing is executed) and RESULTS.md into build/docs/src;
# Sphinx (docs/conf.py) renders them with every module's API from its docstrings. Any warning, a broken internal
# link among them, fails the build (-W), after reporting every one (--keep-going).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
rm -rf build/docs _docs
python docs/stage.py build/docs/src
# into build/docs/html, then moved: myst-nb writes the notebooks' images beside the output folder (build/docs/jupyter_execute)
python -m sphinx -W --keep-going -q -b html -c docs -d build/docs/doctrees build/docs/src build/docs/html
mv build/docs/html _docs
echo "docs built in $((SECONDS - start)) s: _docs/index.html"
