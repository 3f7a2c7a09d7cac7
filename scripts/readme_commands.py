#!/usr/bin/env python3
"""Keeps the README's command and template references equal to the registry and the book.

The tables between `<!-- commands:SECTION -->` and `<!-- /commands -->` are what
`steward commands` prints; those between `<!-- templates:TOPIC -->` and `<!-- /templates -->`
are what `steward templates` prints. `--write` replaces them in README.md; without it the
script exits 1 and shows the difference when they disagree (a test runs it that way).
"""
import difflib
import os
import re
import subprocess
import sys

BLOCK = re.compile(r"<!-- (commands|templates):(\w+) -->\n.*?<!-- /\1 -->\n", re.S)


def blocks(text):
    return {f"{m.group(1)}:{m.group(2)}": m.group(0) for m in BLOCK.finditer(text)}


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = os.environ.get("STEWARD_BIN", os.path.join(root, "build", "steward"))
    readme_path = os.path.join(root, "README.md")
    generated = {}
    for kind in ("commands", "templates"):
        generated.update(blocks(subprocess.run([binary, kind], check=True, capture_output=True,
                                               text=True).stdout))
    with open(readme_path, encoding="utf-8") as f:
        readme = f.read()
    present = blocks(readme)
    if "--write" in sys.argv:
        missing = set(generated) - set(present)
        if missing:
            sys.exit(f"README.md has no <!-- {sorted(missing)[0]} --> block to replace")
        readme = BLOCK.sub(lambda m: generated.get(f"{m.group(1)}:{m.group(2)}", m.group(0)), readme)
        with open(readme_path, "w", encoding="utf-8") as f:
            f.write(readme)
        return 0
    if present == generated:
        return 0
    for block in sorted(set(generated) | set(present)):
        sys.stdout.writelines(difflib.unified_diff(
            present.get(block, "").splitlines(True), generated.get(block, "").splitlines(True),
            f"README.md ({block})", f"steward ({block})"))
    print("\nThe README's command or template reference disagrees with the code: run "
          "scripts/readme_commands.py --write")
    return 1


if __name__ == "__main__":
    sys.exit(main())
