"""Counts of how the package reads, to compare commits: `python bench/reading_counts.py [REPO]` (default: this one).

Prints TrainConfig's fields (and how many default to 'auto'), the package's lines longer than 110 and 120
characters, its statements chained with `;` on one line (found with Python's tokenizer, so a `;` in a string or a
comment does not count) and its lines of code with a trailing comment; `phfa/_modidx.py` (generated) aside.
"""
import ast, io, sys, tokenize
from pathlib import Path


def chained_statements(source: str) -> int:
    "Lines holding more than one statement joined by `;`."
    lines = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.OP and tok.string == ';': lines.add(tok.start[0])
    return len(lines)


def trailing_comments(source: str) -> int:
    "Lines with code and a comment after it."
    lines = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT and tok.line[:tok.start[1]].strip(): lines.add(tok.start[0])
    return len(lines)


def config_fields(path: Path) -> tuple[int, int]:
    "(fields of TrainConfig, of them defaulting to 'auto'), read from its source."
    tree = ast.parse(path.read_text())
    cls = next(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == 'TrainConfig')
    fields = [n for n in cls.body if isinstance(n, ast.AnnAssign)]
    auto = [n for n in fields if isinstance(n.value, ast.Constant) and n.value.value == 'auto']
    return len(fields), len(auto)


def main(argv=None):
    repo = Path(argv[0] if argv else Path(__file__).resolve().parents[1])
    files = [p for p in sorted((repo/'phfa').glob('*.py')) if p.name != '_modidx.py']
    texts = {p: p.read_text() for p in files}
    lines = [l for t in texts.values() for l in t.splitlines()]
    fields, auto = config_fields(repo/'phfa'/'config.py')
    print(f"TrainConfig: {fields} fields, {auto} default to 'auto'")
    print(f"package lines: {len(lines)}; over 110 characters: {sum(len(l) > 110 for l in lines)}; "
          f"over 120: {sum(len(l) > 120 for l in lines)}")
    print(f"statements chained with ';': {sum(chained_statements(t) for t in texts.values())} lines")
    print(f"trailing comments: {sum(trailing_comments(t) for t in texts.values())} lines")


if __name__ == '__main__':
    main(sys.argv[1:])
