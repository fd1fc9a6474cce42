"""Generate each addon's README.rst from its readme/*.md fragments (OCA layout).

OCA's own generator (maintainer-tools' oca-gen-addon-readme) is not on PyPI;
this writes the same sections in the same order. Run it after editing a
fragment: ``python tools/gen_readme.py``.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = [
    "case_management",
    "case_management_school",
    "case_management_reports",
    "case_management_reports_school",
]
SECTIONS = [
    ("DESCRIPTION", None),
    ("INSTALL", "Installation"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("ROADMAP", "Known issues / Roadmap"),
    ("HISTORY", "Changelog"),
    ("CONTRIBUTORS", "Contributors"),
]


def md_to_rst(text):
    """The few Markdown constructs our fragments use: headings, lists, code."""
    out = []
    for line in text.strip().splitlines():
        heading = re.match(r"^(#+)\s+(.*)$", line)
        if heading:
            title = heading.group(2)
            out += [title, ("~" if len(heading.group(1)) > 2 else "-") * len(title)]
            continue
        line = re.sub(r"`([^`]+)`", r"``\1``", line)
        line = re.sub(r"\*\*([^*]+)\*\*", r"**\1**", line)
        out.append(line)
    return "\n".join(out)


def generate(addon):
    manifest = ast.literal_eval((ROOT / addon / "__manifest__.py").read_text())
    name = manifest["name"]
    parts = ["=" * len(name), name, "=" * len(name), ""]
    parts += [
        f".. |maturity| image:: https://img.shields.io/badge/maturity-{manifest.get('development_status', 'Beta')}-yellow.png",
        f".. |license| image:: https://img.shields.io/badge/license-{manifest['license']}-blue.png",
        "",
        "|maturity| |license|",
        "",
    ]
    toc_done = False
    for key, title in SECTIONS:
        frag = ROOT / addon / "readme" / f"{key}.md"
        if not frag.exists():
            continue
        body = md_to_rst(frag.read_text())
        if title is None:
            parts += [body, ""]
            continue
        if not toc_done:
            parts += ["**Table of contents**", "", ".. contents::", "   :local:", ""]
            toc_done = True
        parts += [title, "=" * len(title), "", body, ""]
    parts += [
        "Authors",
        "=======",
        "",
        *[f"* {a.strip()}" for a in manifest["author"].split(",")],
        "",
    ]
    (ROOT / addon / "README.rst").write_text("\n".join(parts))


if __name__ == "__main__":
    for addon in ADDONS:
        generate(addon)
