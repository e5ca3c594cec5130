"""One consistent plot style, with Korean fonts that render Hangul on any OS.

The NanumGothic files ship inside the ``koreanize-matplotlib`` wheel. We only register
its font files with matplotlib (we never import that package: it imports ``distutils``,
which is gone from Python >= 3.12).

NanumGothic has no MINUS SIGN (U+2212), which matplotlib's mathtext uses for every
negative exponent on a log axis (``$10^{-8}$``). On first use we save a copy of each font
file, with U+2212 mapped to the hyphen-minus glyph, in matplotlib's cache folder and
register that copy instead: log plots then render without empty boxes or warnings.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

KOREAN_FONT = "NanumGothic"

_STYLE = {
    "figure.figsize": (7.0, 4.0),
    "figure.dpi": 100,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.fontsize": 9,
    "lines.linewidth": 1.8,
    # Plain-text tick labels use '-'; mathtext's minus is served by the patched font.
    "axes.unicode_minus": False,
}


def korean_font_files() -> list[Path]:
    """Return the NanumGothic ``.ttf`` files shipped by the koreanize-matplotlib wheel.

    Returns
    -------
    list of Path
        The font files, sorted; empty if the wheel is not installed.
    """
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or spec.origin is None:
        return []
    return sorted(Path(spec.origin).parent.glob("fonts/*.ttf"))


def _with_minus_sign(src: Path) -> Path:
    """Return a cached copy of the font file ``src`` whose cmap maps U+2212 to '-'."""
    out = Path(mpl.get_cachedir()) / f"nm-course-{src.stem}-minus.ttf"
    if out.exists() and out.stat().st_mtime >= src.stat().st_mtime:
        return out
    from fontTools.ttLib import TTFont  # a matplotlib dependency

    font = TTFont(src)
    for table in font["cmap"].tables:
        if table.isUnicode() and 0x2D in table.cmap:
            table.cmap.setdefault(0x2212, table.cmap[0x2D])
    fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".ttf")
    os.close(fd)
    font.save(tmp)
    os.replace(tmp, out)  # atomic: parallel kernels never read a half-written file
    return out


def setup_plots() -> str:
    """Register the Korean font and apply the course's plot style.

    Call once at the top of a notebook. Safe to call again.

    Returns
    -------
    str
        The font family now used for all text.

    Raises
    ------
    RuntimeError
        If the Korean font files cannot be found (Hangul would render as empty boxes).
    """
    files = korean_font_files()
    if not files:
        raise RuntimeError(
            "한글 글꼴(NanumGothic)을 찾을 수 없습니다. "
            "`pip install koreanize-matplotlib` 후 다시 실행하세요 "
            "(Korean font not found: install koreanize-matplotlib)."
        )
    known = {f.fname for f in font_manager.fontManager.ttflist}
    for f in files:
        patched = _with_minus_sign(f)
        if str(patched) not in known:
            font_manager.fontManager.addfont(str(patched))
    mpl.rcParams.update(_STYLE)
    mpl.rcParams["font.family"] = KOREAN_FONT
    return KOREAN_FONT
