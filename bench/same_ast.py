"""Whether a change moved or reformatted code without changing it: `python bench/same_ast.py REV_A REV_B` parses every
module of phfa/ at both commits and prints those whose syntax trees differ (comments and layout aside), those added
and those removed; with --docstrings-aside, docstrings' text is not compared either. Exits 1 if any module present at
both differs."""
import ast, subprocess, sys


def modules(rev: str) -> dict:
    "{path: source} of phfa/*.py at `rev` (the generated _modidx.py aside)."
    names = subprocess.run(['git', 'ls-tree', '--name-only', rev, 'phfa/'], capture_output=True, text=True, check=True)
    paths = [p for p in names.stdout.split() if p.endswith('.py') and not p.endswith('_modidx.py')]
    return {p: subprocess.run(['git', 'show', f'{rev}:{p}'], capture_output=True, text=True, check=True).stdout for p in paths}


def tree(source: str, docstrings: bool = True) -> str:
    "The module's syntax tree as text; without its docstrings' text if `docstrings` is False."
    parsed = ast.parse(source)
    if not docstrings:
        for node in ast.walk(parsed):
            body = getattr(node, 'body', None)
            if (isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body
                    and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                    and isinstance(body[0].value.value, str)):
                body[0].value.value = ''
    return ast.dump(parsed)


def main(a: str, b: str, *flags: str) -> int:
    old, new = modules(a), modules(b)
    docstrings = '--docstrings-aside' not in flags
    differ = [p for p in sorted(set(old) & set(new)) if tree(old[p], docstrings) != tree(new[p], docstrings)]
    print(f"{a} -> {b}: {len(set(old) & set(new))} modules at both; syntax trees differ: {differ or 'none'}")
    print(f"added: {sorted(set(new) - set(old)) or 'none'}; removed: {sorted(set(old) - set(new)) or 'none'}")
    return 1 if differ else 0


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:]))
