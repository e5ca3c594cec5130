"""Slides and HTML, built as ``make slides`` / ``make html`` do, then read in a real browser.

Headless Chromium (Debian's ``chromium``) opens each page from ``file://`` with every
host name unresolvable, and the rendered DOM must show many slides, typeset formulas (no
raw ``$$``), Hangul, and an index linking every lecture. Without Chromium the browser
tests skip and say how to enable them, except where ``NM_REQUIRE_BROWSER=1`` (CI).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "tools"))
import publish  # noqa: E402
import slide_metadata  # noqa: E402

LECTURES = sorted((REPO_ROOT / "notebooks").glob("nm-*.py"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_lectures_follow_the_slide_convention(path):
    """Every cell carries the slide type tools/slide_metadata.py gives it (CONTRIBUTING.md)."""
    problems = slide_metadata.apply(path, check=True)
    assert not problems, (
        "python tools/slide_metadata.py " + path.name + "\n" + "\n".join(problems[:10])
    )
    types = [c.metadata["slideshow"]["slide_type"] for c in jupytext.read(path).cells]
    assert types.count("slide") >= 8, "a deck of a 75-minute class has more than a few slides"


# --------------------------------------------------------------------------- in a browser


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        if os.environ.get("NM_REQUIRE_BROWSER") == "1":
            pytest.fail("chromium이 없습니다: CI는 .ci/run이 설치합니다 (apt-get install chromium)")
        pytest.skip(
            "chromium이 없어 브라우저 테스트를 건너뜁니다. 켜려면: sudo apt install chromium "
            "(Debian/Ubuntu)"
        )

    def render(url: str, tmp: Path) -> str:
        args = [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp}",
            "--host-resolver-rules=MAP * ~NOTFOUND",  # no network: every host is unknown
            "--virtual-time-budget=20000",
            "--dump-dom",
            url,
        ]
        out = subprocess.run(args, capture_output=True, text=True, timeout=180)
        assert out.returncode == 0, out.stderr[-2000:]
        return out.stdout

    return render


@pytest.fixture(scope="module")
def built():
    return {kind: publish.build(kind) for kind in ("slides", "html")}


def visible_text(dom: str) -> str:
    dom = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", dom)


def prose_text(dom: str) -> str:
    """The visible text outside code (``<pre>``): where TeX must have been typeset.

    Code may hold TeX on purpose (a matplotlib label ``r"$\\frac{a}{b}$"``), and MathJax
    leaves ``<pre>`` alone, as it should.
    """
    return visible_text(re.sub(r"<pre\b.*?</pre>", " ", dom, flags=re.DOTALL))


def no_remote_assets(page: str) -> list[str]:
    """src/href of scripts, stylesheets and images that point off the machine."""
    tags = re.findall(r"<(?:script|link|img)\b[^>]*>", page)
    return [t for t in tags if re.search(r"""(?:src|href)=["']?(?:https?:)?//""", t)]


@pytest.mark.slow
def test_slides_render_offline_with_formulas_and_hangul(built, browser, tmp_path):
    decks = [p for p in built["slides"] if p.name.endswith(".slides.html")]
    assert len(decks) == len(LECTURES)
    for deck in decks:
        page = deck.read_text(encoding="utf-8")
        assert no_remote_assets(page) == [], deck.name
        dom = browser(deck.as_uri(), tmp_path / deck.stem)
        text = visible_text(dom)
        assert dom.count("<section") >= 15, f"{deck.name}: {dom.count('<section')} slides"
        assert dom.count('class="MathJax') >= 20, f"{deck.name}: formulas not typeset"
        prose = prose_text(dom)
        assert "$$" not in prose and "\\frac" not in prose, f"{deck.name}: raw TeX left"
        assert len(re.findall("[가-힣]", text)) >= 500, f"{deck.name}: no Hangul"
        assert 'class="reveal' in dom and "slide-number" in dom  # reveal.js initialised
        assert '<aside class="notes">' in page and "발표자 노트" in page  # speaker notes


@pytest.mark.slow
def test_html_index_links_every_lecture_and_pages_render(built, browser, tmp_path):
    index = next(p for p in built["html"] if p.name == "index.html")
    dom = browser(index.as_uri(), tmp_path / "index")
    assert len(LECTURES) == 10
    for py in LECTURES:
        assert f'href="{py.stem}.html"' in dom, py.stem
    assert "준비 중" not in dom  # the ten lectures are all there
    pages = {p.name: p.read_text(encoding="utf-8") for p in built["html"]}
    checked = 0
    for name, page in pages.items():  # links between lectures land on a real section
        assert ".ipynb#" not in page, f"{name}: a link still points to a notebook"
        for target, anchor in re.findall(r'href="(nm-\d\d_[a-z_]+\.html)#([^"]+)"', page):
            assert target in pages, f"{name} links to {target}, which was not built"
            assert f'id="{anchor}"' in pages[target], f"{name}: {target}#{anchor} not found"
            checked += 1
    assert checked >= 100, checked
    for page in (p for p in built["html"] if p.name != "index.html"):
        html = page.read_text(encoding="utf-8")
        assert no_remote_assets(html) == [], page.name
        assert "data:image/png;base64" in html, f"{page.name}: plots not embedded"
        dom = browser(page.as_uri(), tmp_path / page.stem)
        text = visible_text(dom)
        assert dom.count('class="MathJax') >= 20 and "$$" not in prose_text(dom), page.name
        assert len(re.findall("[가-힣]", text)) >= 500, page.name
