#!/usr/bin/env python3
"""Keeps the README's command reference equal to the command registry.

The tables between `<!-- commands:SECTION -->` and `<!-- /commands -->` are what
`steward commands` prints. `--write` replaces them in README.md; without it the script
exits 1 and shows the difference when they disagree (a test runs it that way).
"""
import difflib
import os
import re
import subprocess
import sys

BLOCK = re.compile(r"<!-- commands:(\w+) -->\n.*?<!-- /commands -->\n", re.S)


def blocks(text):
    return {m.group(1): m.group(0) for m in BLOCK.finditer(text)}


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = os.environ.get("STEWARD_BIN", os.path.join(root, "build", "steward"))
    readme_path = os.path.join(root, "README.md")
    generated = blocks(subprocess.run([binary, "commands"], check=True, capture_output=True,
                                      text=True).stdout)
    with open(readme_path, encoding="utf-8") as f:
        readme = f.read()
    present = blocks(readme)
    if "--write" in sys.argv:
        missing = set(generated) - set(present)
        if missing:
            sys.exit(f"README.md has no <!-- commands:{sorted(missing)[0]} --> block to replace")
        readme = BLOCK.sub(lambda m: generated[m.group(1)], readme)
        with open(readme_path, "w", encoding="utf-8") as f:
            f.write(readme)
        return 0
    if present == generated:
        return 0
    for section in sorted(set(generated) | set(present)):
        sys.stdout.writelines(difflib.unified_diff(
            present.get(section, "").splitlines(True), generated.get(section, "").splitlines(True),
            f"README.md ({section})", f"steward commands ({section})"))
    print("\nThe README's command reference disagrees with the registry: run "
          "scripts/readme_commands.py --write")
    return 1


if __name__ == "__main__":
    sys.exit(main())
