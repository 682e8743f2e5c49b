#!/usr/bin/env python3
"""Rewrites the README section between the bench markers from the newest bench/results summaries.

Called by bench/run after every suite, so the README always shows the latest measured tables.
Usage: readme_figures.py [README.md]
"""
import glob
import os
import sys

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
SUITES = ["storage", "replica", "host", "wsman"]


def newest_summary(results, suite):
    files = sorted(glob.glob(os.path.join(results, f"*-{suite}-summary.md")))
    return files[-1] if files else None


def section(results):
    parts = []
    for suite in SUITES:
        path = newest_summary(results, suite)
        if not path:
            continue
        with open(path) as f:
            lines = f.read().strip().splitlines()
        title = lines[0].lstrip("# ").strip()
        body = "\n".join(lines[1:]).strip()
        parts.append(f"### {title}\n\nFrom `bench/results/{os.path.basename(path)}`.\n\n{body}")
    return "\n\n".join(parts)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    readme = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "README.md")
    with open(readme) as f:
        text = f.read()
    if START not in text or END not in text:
        sys.exit(f"readme_figures.py: {readme} has no {START} … {END} section")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    new = f"{head}{START}\n{section(os.path.join(root, 'bench', 'results'))}\n{END}{tail}"
    with open(readme, "w") as f:
        f.write(new)


if __name__ == "__main__":
    main()
