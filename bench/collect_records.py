"""Copy the finished runs' metrics.json of sweep folders into the repository's records, in their layout.

    python bench/collect_records.py SRC DEST [--rows ROW_FOLDER ...]

SRC is an ablation folder (`<row>/seed<k>/metrics.json`, as nbs/ablation.ipynb writes it) or any folder of such
files; DEST gets the same relative paths, each metrics.json alone (no checkpoint, model or notebook: the records are
what the tables and figures are drawn from, and stay small). Only finished runs count; an existing record is replaced.
Prints what it copied, per row folder.
"""
import argparse, shutil, sys
from collections import Counter
from pathlib import Path


def collect(src, dest, rows=None) -> Counter:
    "{row folder: runs copied} from SRC's `*/seed*/metrics.json` (those rows only, if given) into DEST."
    src, dest, copied = Path(src), Path(dest), Counter()
    for path in sorted(src.glob('*/seed*/metrics.json')):
        row = path.parent.parent.name
        if row == 'translators' or (rows and row not in rows): continue
        target = dest/path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        copied[row] += 1
    return copied


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('src')
    p.add_argument('dest')
    p.add_argument('--rows', nargs='*', default=None, help='row folders to copy (default: all)')
    a = p.parse_args(argv)
    copied = collect(a.src, a.dest, a.rows)
    for row, n in sorted(copied.items()): print(f'{row}: {n} run(s)')
    if not copied: print(f'no finished run under {a.src}'); return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
