"""Counts of how the package reads, to compare commits: `python bench/reading_counts.py [REPO]` (default: this one).

Prints TrainConfig's fields (how many default to 'auto', how many its components own), how often the engine's modules
name a component's parameter, the package's lines longer than 110 and 120
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


def class_fields(tree, names) -> list:
    "The annotated fields of the classes called `names` (or subclassing one of them) in a parsed module."
    classes = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)
               and (n.name in names or any(getattr(b, 'id', None) in names for b in n.bases))]
    return [f for c in classes for f in c.body if isinstance(f, ast.AnnAssign)]


def config_fields(repo: Path) -> tuple[int, int, int]:
    "(TrainConfig's fields, of them defaulting to 'auto', of them the components' own), read from the sources."
    is_auto = lambda f: isinstance(f.value, ast.Constant) and f.value.value == 'auto'
    engine = class_fields(ast.parse((repo/'phfa'/'config.py').read_text()), ('TrainConfig', 'RunParameters'))
    own = [f for p in sorted((repo/'phfa').glob('*.py')) if p.name != 'components.py'
           for f in class_fields(ast.parse(p.read_text()), ('ComponentSettings',))]
    fields = engine + own
    return len(fields), sum(map(is_auto, fields)), len(own)


ENGINE = ('config', 'plan', 'checkpoint', 'results', 'trainer', 'train', 'step')  # the modules a component should not need
COMPONENT_NAMES = ('lambda_adv', 'lr_d', 'd_width', 'lambda_obj', 'lambda_class', 'hfa_scale', 'memory_size',
                   'max_objects', 'class_mean', 'translator_iters', 'threshold_cap', 'latter_target')


def engine_mentions(repo: Path) -> int:
    "Lines of the engine's modules naming one of the components' parameters (as a name or a string)."
    count = 0
    for m in ENGINE:
        for tok in tokenize.generate_tokens(io.StringIO((repo/'phfa'/f'{m}.py').read_text()).readline):
            if tok.type in (tokenize.NAME, tokenize.STRING) and tok.string.strip("'\"") in COMPONENT_NAMES: count += 1
    return count


def generated_lines(text: str) -> set[int]:
    "Line numbers nbdev writes itself: the module docstring (the notebook's description) and `__all__`."
    tree = ast.parse(text)
    spans = [n for n in tree.body[:1] if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)]
    spans += [n for n in tree.body if isinstance(n, ast.Assign) and getattr(n.targets[0], 'id', '') == '__all__']
    return {i for n in spans for i in range(n.lineno, n.end_lineno + 1)}


def long_lines(text: str, width: int, generated: bool = True) -> int:
    "Lines longer than `width`; with generated=False, not counting the lines nbdev generates."
    skip = set() if generated else generated_lines(text)
    return sum(len(l) > width and i not in skip for i, l in enumerate(text.splitlines(), 1))


def main(argv=None):
    repo = Path(argv[0] if argv else Path(__file__).resolve().parents[1])
    files = [p for p in sorted((repo/'phfa').glob('*.py')) if p.name != '_modidx.py']
    texts = {p: p.read_text() for p in files}
    lines = [l for t in texts.values() for l in t.splitlines()]
    fields, auto, own = config_fields(repo)
    print(f"TrainConfig: {fields} fields, {auto} default to 'auto'; {own} of them in the components' own Settings")
    print(f"the engine's modules ({', '.join(ENGINE)}) name a component's parameter {engine_mentions(repo)} times")
    over = {w: sum(long_lines(t, w) for t in texts.values()) for w in (110, 120)}
    written = {w: sum(long_lines(t, w, generated=False) for t in texts.values()) for w in (110, 120)}
    print(f"package lines: {len(lines)}; over 110 characters: {over[110]}; over 120: {over[120]}; "
          f"not counting nbdev's generated module docstrings and __all__: {written[110]} and {written[120]}")
    print(f"statements chained with ';': {sum(chained_statements(t) for t in texts.values())} lines")
    print(f"trailing comments: {sum(trailing_comments(t) for t in texts.values())} lines")


if __name__ == '__main__':
    main(sys.argv[1:])
