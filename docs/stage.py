"""Stage the documentation site's sources: the notebooks as committed (their outputs, nothing executed), nbdev's
`#|` directives turned into what a reader should see, an API section from the docstrings appended to each library
notebook, the tour as the root page with the site's contents, and RESULTS.md as the results page.

    python docs/stage.py build/docs/src     # docs/build.sh runs it, then Sphinx on the staged folder
"""
import ast
import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT/'nbs'
DIRECTIVE = re.compile(r'^\s*#\|\s*(\S+)(.*)$')
# nbdev directives that remove a cell from the docs (`hide`: test helpers; `default_exp`: the module's name)
REMOVE_CELL = {'hide', 'default_exp'}
WIDGET = 'application/vnd.jupyter.widget-view+json'
# a static page cannot run a viewer (its pictures come from the kernel): it says where the viewer works instead
WIDGET_NOTE = "*An interactive viewer: its slider works in JupyterLab (`jupyter lab`, then open this notebook and run it).*"


def library_notebooks():
    "The numbered notebooks, each the source of one module (`nbs/[0-9]*.ipynb`)."
    return sorted(NBS.glob('[0-9]*.ipynb'))


def job_notebooks():
    "The papermill jobs: unnumbered notebooks other than the tour."
    return sorted(p for p in NBS.glob('[a-z]*.ipynb') if p.name != 'index.ipynb')


def module_name(nb: dict):
    "The module a notebook exports to (`#| default_exp hierarchy` -> 'phfa.hierarchy'), or None."
    for cell in nb['cells']:
        for line in ''.join(cell['source']).splitlines():
            m = DIRECTIVE.match(line)
            if m and m.group(1) == 'default_exp': return f"phfa.{m.group(2).strip()}"
    return None


def clean_cell(cell: dict):
    "A cell as the site shows it: code without its `#|` lines (`remove-cell` where nbdev hides it), a viewer's output as a note; None for nbdev's raw front matter."
    if cell['cell_type'] == 'raw': return None  # nbdev's front matter (skip_exec), nothing a reader sees
    if cell['cell_type'] != 'code': return cell
    lines = ''.join(cell['source']).splitlines()
    names = {m.group(1) for m in map(DIRECTIVE.match, lines) if m}
    body = '\n'.join(line for line in lines if not DIRECTIVE.match(line)).strip('\n')
    tags = cell.setdefault('metadata', {}).setdefault('tags', [])
    if names & REMOVE_CELL or not (body or cell.get('outputs')): tags.append('remove-cell')
    elif not body: tags.append('remove-input')
    cell['source'] = body
    for output in cell.get('outputs', []):
        if WIDGET in output.get('data', {}): output['data'] = {'text/markdown': WIDGET_NOTE}
    return cell


def markdown(text: str, id: str) -> dict:
    "A markdown cell the site adds (`id`: nbformat's cell id)."
    return {'cell_type': 'markdown', 'id': id, 'metadata': {}, 'source': text}


def api_cell(module: str) -> dict:
    "The module's API, from its docstrings (autodoc reads `__all__`)."
    return markdown(f"## API: `{module}`\n\n```{{eval-rst}}\n.. automodule:: {module}\n```\n", 'phfa-api')


def stage_notebook(src: Path, dest: Path, extra=()):
    "`src` as the site shows it, with the cells `extra` appended, written to `dest`."
    nb = json.loads(src.read_text(encoding='utf-8'))
    nb['cells'] = [c for c in map(clean_cell, nb['cells']) if c is not None] + list(extra)
    nb.setdefault('metadata', {}).setdefault('language_info', {'name': 'python'})
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(nb, indent=1), encoding='utf-8')
    return nb


def summary(module: str) -> str:
    "The first line of a module's docstring, read from its file (nothing imported), fit for a Markdown table cell."
    source = (ROOT/Path(*module.split('.'))).with_suffix('.py').read_text(encoding='utf-8')
    doc = ast.get_docstring(ast.parse(source)) or ''
    return doc.strip().splitlines()[0].replace('|', '\\|') if doc.strip() else ''


def contents(libs, jobs) -> dict:
    "The site's contents, appended to the tour: a table of the modules, each linked to its API, and the hidden toctrees."
    rows = '\n'.join(f"| {{py:mod}}`{m}` | {summary(m)} |" for _, m in libs)
    toc = lambda caption, pages: "```{toctree}\n:hidden:\n:caption: " + caption + "\n\n" + '\n'.join(pages) + "\n```\n"
    return markdown("## The library\n\nEach module is a notebook: its text, tests and figures, then its API. "
                    "The table links each module's API; the sidebar opens the notebooks.\n\n"
                    f"| module | what it gives |\n| --- | --- |\n{rows}\n\n"
                    + toc('Results', ['RESULTS'])
                    + toc('Library', [f"nbs/{p.stem}" for p, _ in libs])
                    + toc('Jobs', [f"nbs/{p.stem}" for p in jobs]), 'phfa-contents')


def results_figures() -> list:
    "The repository's images RESULTS.md shows (`![...](path)`, relative paths): staged beside it, at the same paths."
    text = (ROOT/'RESULTS.md').read_text(encoding='utf-8')
    return [path for path in re.findall(r'!\[[^\]]*\]\(([^)\s]+)\)', text) if not re.match(r'[a-z]+:', path)]


def stage(out: Path):
    if out.exists(): shutil.rmtree(out)
    (out/'nbs').mkdir(parents=True)
    libs = []
    for path in library_notebooks():
        module = module_name(json.loads(path.read_text(encoding='utf-8')))
        if module is None: raise SystemExit(f"{path.relative_to(ROOT)}: a numbered notebook without `#| default_exp`")
        stage_notebook(path, out/'nbs'/path.name, [api_cell(module)])
        libs.append((path, module))
    jobs = job_notebooks()
    for path in jobs: stage_notebook(path, out/'nbs'/path.name)
    stage_notebook(NBS/'index.ipynb', out/'index.ipynb', [contents(libs, jobs)])
    shutil.copy(ROOT/'RESULTS.md', out/'RESULTS.md')
    figures = results_figures()
    for figure in figures:
        (out/figure).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT/figure, out/figure)
    print(f"staged {len(libs)} library notebooks, {len(jobs)} jobs, the tour, RESULTS.md and its {len(figures)} figures in {out}")


if __name__ == '__main__':
    stage(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT/'build'/'docs'/'src')
