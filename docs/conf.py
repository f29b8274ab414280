"""Sphinx configuration of phfa's documentation site: `bash docs/build.sh` stages the sources (docs/stage.py) and
builds them into _docs/. Notebooks are rendered from their committed outputs (never executed); every module's API
comes from its docstrings; a warning or a broken internal link fails the build (build.sh runs Sphinx with -W)."""
import sys
from configparser import ConfigParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the API of this checkout, whatever phfa is installed
_cfg = ConfigParser(delimiters=['='])
_cfg.read(ROOT/'settings.ini', encoding='utf-8')
_cfg = _cfg['DEFAULT']

project = _cfg['title']
author = _cfg['author']
copyright = _cfg['copyright']
release = version = _cfg['version']

extensions = ['myst_nb', 'sphinx.ext.autodoc', 'sphinx.ext.viewcode']
root_doc = 'index'  # the tour
exclude_patterns = ['**.ipynb_checkpoints']

# notebooks as committed: outputs rendered, nothing run
nb_execution_mode = 'off'
nb_merge_streams = True
myst_heading_anchors = 3  # links to a section of RESULTS.md resolve, and are checked
myst_enable_extensions = ['colon_fence']

# the API: `__all__` of each module, in the order of its notebook
autodoc_default_options = {'members': True, 'undoc-members': True, 'member-order': 'bysource'}
autodoc_typehints = 'signature'
default_role = 'code'  # nbdev docstrings write names in single backticks, as Markdown does

html_theme = 'furo'
html_title = f"phfa {release}"
html_show_sourcelink = False
html_copy_source = False  # the notebooks are in the repository; the site is their rendering
