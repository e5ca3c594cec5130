"""``make slides`` and ``make html``: every lecture executed, readable with no network.

    python tools/publish.py slides   # build/slides/<lecture>.slides.html (reveal.js decks)
    python tools/publish.py html     # build/html/index.html and build/html/<lecture>.html

Each lecture is executed once (``build/executed/``, reused while the notebook and
``utils/`` are unchanged), then converted by nbconvert with the course's templates
(``tools/templates/``: nbconvert's own, minus every CDN). What the pages load lies in an
``assets/`` folder beside them, so a folder can be copied to a tablet or uploaded to an
LMS as it is: reveal.js 5.2.0 (vendored, ``tools/vendor/reveal.js``), MathJax 2.7 (from
the ``jupyter-server-mathjax`` package) and NanumGothic (from ``koreanize-matplotlib``,
embedded in a stylesheet so Hangul renders even where no Korean font is installed).
"""

from __future__ import annotations

import argparse
import base64
import html
import re
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
TEMPLATES = ROOT / "tools" / "templates"
REVEAL = ROOT / "tools" / "vendor" / "reveal.js"
MATHJAX_CONFIG = "TeX-AMS-MML_HTMLorMML-full"
# The course's order (COURSE.md).
COURSE = [
    "nm-01_floating_point",
    "nm-02_error_analysis",
    "nm-03_forward_ad",
    "nm-04_reverse_ad",
    "nm-05_linear_algebra",
    "nm-06_iterative_methods",
    "nm-07_integration_monte_carlo",
    "nm-08_approximation",
    "nm-09_optimization",
    "nm-10_numerics_for_ml",
]


def lectures() -> list[Path]:
    """The lecture notebooks that exist, in the course's order."""
    return [
        ROOT / "notebooks" / f"{s}.ipynb"
        for s in COURSE
        if (ROOT / "notebooks" / f"{s}.ipynb").exists()
    ]


# --------------------------------------------------------------------------- assets


def _font_css() -> str:
    """NanumGothic as a data: URL (file:// pages may not fetch font files)."""
    import io

    from fontTools.ttLib import TTFont

    sys.path.insert(0, str(ROOT))
    from utils.plotting import korean_font_files

    regular = next(p for p in korean_font_files() if p.name == "NanumGothic.ttf")
    font = TTFont(regular)
    for tag in [t for t in font.keys() if t.startswith("TSI")]:
        del font[tag]  # VTT source tables: Chromium's font sanitizer rejects the whole font
    buf = io.BytesIO()
    font.save(buf)
    data = base64.b64encode(buf.getvalue()).decode()
    return (
        "@font-face { font-family: 'NanumGothic'; font-style: normal; font-weight: normal;\n"
        f"  src: url(data:font/ttf;base64,{data}) format('truetype'); }}\n"
    )


def assets(folder: Path) -> Path:
    """Put reveal.js, MathJax and the Hangul font under ``folder/assets`` (once)."""
    import jupyter_server_mathjax

    out = folder / "assets"
    mathjax = Path(jupyter_server_mathjax.__file__).parent / "static"
    if not (out / "mathjax" / "MathJax.js").exists():
        shutil.copytree(mathjax, out / "mathjax", dirs_exist_ok=True)
    if not (out / "reveal.js" / "dist" / "reveal.js").exists():
        shutil.copytree(REVEAL, out / "reveal.js", dirs_exist_ok=True)
    fonts = out / "fonts" / "nanum.css"
    if not fonts.exists():
        fonts.parent.mkdir(parents=True, exist_ok=True)
        fonts.write_text(_font_css(), encoding="utf-8")
    return out


# --------------------------------------------------------------------------- execution


def _newest_source_mtime(nb: Path) -> float:
    deps = [nb, *(ROOT / "utils").rglob("*.py")]
    return max(p.stat().st_mtime for p in deps)


def executed(nb: Path) -> Path:
    """The lecture executed top to bottom (cached in build/executed/)."""
    import nbformat
    from nbclient import NotebookClient

    out = BUILD / "executed" / nb.name
    if out.exists() and out.stat().st_mtime >= _newest_source_mtime(nb):
        return out
    t = time.perf_counter()
    book = nbformat.read(nb, as_version=4)
    client = NotebookClient(
        book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(nb.parent)}}
    )
    client.execute()
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(book, out)
    print(f"  실행: {nb.name} ({time.perf_counter() - t:.1f} s)")
    return out


# --------------------------------------------------------------------------- exports


def _exporter(kind: str):  # noqa: ANN202
    from nbconvert import HTMLExporter, SlidesExporter

    cls = SlidesExporter if kind == "slides" else HTMLExporter
    exp = cls(
        template_name="course_reveal" if kind == "slides" else "course_lab",
        extra_template_basedirs=[str(TEMPLATES)],
    )
    exp.mathjax_url = f"assets/mathjax/MathJax.js?config={MATHJAX_CONFIG}"
    if kind == "slides":
        exp.reveal_url_prefix = "assets/reveal.js"
        exp.reveal_theme = "white"  # the one theme vendored
        exp.reveal_scroll = True
    return exp


_COURSE_LINK = re.compile(r'href="(?:\.\./notebooks/)?(nm-\d\d_[a-z_]+)\.ipynb(#[^"]*)?"')
_REPO_LINK = re.compile(r'href="\.\./(exercises|solutions)/')


def relink(body: str, kind: str) -> str:
    """Point a page's links to other lectures at their built pages, the rest at the repo.

    In ``build/html`` a lecture's ``nm-02_error_analysis.ipynb#sec-cancellation`` becomes
    ``nm-02_error_analysis.html#sec-cancellation``; a deck links to the same page in
    ``build/html`` (reveal.js routes its own ``#/…`` fragments, so an anchor inside a
    deck cannot be the target). ``../exercises/…`` is two folders further up from build/.
    """
    prefix = "" if kind == "html" else "../html/"
    body = _COURSE_LINK.sub(lambda m: f'href="{prefix}{m[1]}.html{m[2] or ""}"', body)
    return _REPO_LINK.sub(lambda m: f'href="../../{m[1]}/', body)


def build(kind: str) -> list[Path]:
    """Build every lecture's deck (``slides``) or page (``html``); return the files."""
    import nbformat

    folder = BUILD / kind
    folder.mkdir(parents=True, exist_ok=True)
    assets(folder)
    exporter = _exporter(kind)
    written = []
    for nb in lectures():
        book = nbformat.read(executed(nb), as_version=4)
        resources = {"course": {"fonts_css": "assets/fonts/nanum.css"}}
        body, _ = exporter.from_notebook_node(book, resources=resources)
        body = relink(body, kind)
        name = f"{nb.stem}.slides.html" if kind == "slides" else f"{nb.stem}.html"
        (folder / name).write_text(body, encoding="utf-8")
        written.append(folder / name)
        print(f"  {kind}: {(folder / name).relative_to(ROOT)}")
    if kind == "html":
        written.append(write_index(folder))
    return written


def _title(nb: Path) -> str:
    text = nb.with_suffix(".py").read_text(encoding="utf-8")
    m = re.search(r"^# # (.+)$", text, re.MULTILINE)
    return m.group(1).strip() if m else nb.stem


def write_index(folder: Path) -> Path:
    """build/html/index.html: the ten lectures in the course's order."""
    items = []
    for stem in COURSE:
        nb = ROOT / "notebooks" / f"{stem}.ipynb"
        if not nb.exists():
            raise SystemExit(f"{nb.relative_to(ROOT)}이(가) 없습니다: 열 강의가 모두 있어야 합니다")
        items.append(f'<li><a href="{stem}.html">{html.escape(_title(nb))}</a></li>')
    page = f"""<!DOCTYPE html>
<html lang="ko"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>ML을 위한 수치 계산</title>
<link rel="stylesheet" href="assets/fonts/nanum.css">
<style>body {{ font-family: "NanumGothic", sans-serif; max-width: 46em; margin: 2em auto;
line-height: 1.6; padding: 0 1em; }} li {{ margin: .4em 0; }}</style></head>
<body><h1>ML을 위한 수치 계산 (Numerical Computation for ML)</h1>
<p>부동소수점에서 혼합 정밀도 학습까지: 모든 강의를 실행한 결과입니다. 인터넷 없이 읽을 수
있습니다 (수식, 그림, 한글 글꼴이 이 폴더 안에 있습니다).</p>
<ol>
{chr(10).join(items)}
</ol></body></html>
"""
    out = folder / "index.html"
    out.write_text(page, encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kind", choices=["slides", "html"])
    args = ap.parse_args(argv)
    t = time.perf_counter()
    files = build(args.kind)
    print(f"{len(files)}개 파일, {time.perf_counter() - t:.1f} s → {BUILD / args.kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
