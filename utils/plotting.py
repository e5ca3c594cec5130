"""One consistent plot style, with Korean fonts that render Hangul on any OS.

The NanumGothic files ship inside the ``koreanize-matplotlib`` wheel. We only register
its font files with matplotlib (we never import that package: it imports ``distutils``,
which is gone from Python >= 3.12).
"""

from __future__ import annotations

import importlib.util
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
    # Nanum fonts lack U+2212 (the typographic minus): use '-' for tick labels.
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
        if str(f) not in known:
            font_manager.fontManager.addfont(str(f))
    mpl.rcParams.update(_STYLE)
    mpl.rcParams["font.family"] = KOREAN_FONT
    return KOREAN_FONT
