"""What a machine can check of the lecture bar (CONTRIBUTING.md) on notebooks/*.py.

- No code cell longer than 30 lines: a class hour shows one idea per cell.
- No internal vocabulary in student-facing text: the lectures were written from a source
  text students never saw, so "씨앗", "seed's" and "the seed" must not appear in markdown,
  code comments, strings or docstrings.
- Every lecture has its frame: "학습 목표", a "핵심 직관" box and "핵심 정리".
- A digression is marked "심화 (선택)" in its heading, so an instructor can skip it.

The rest of the checklist (every number computed and asserted, English terms on first
use, Python 3.11-3.13) needs a reader, or runs with the notebooks themselves (nbval).
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parent.parent
LECTURES = sorted((ROOT / "notebooks").glob("*.py"))
ALL_NOTEBOOKS = (
    LECTURES + sorted((ROOT / "solutions").glob("*.py")) + sorted((ROOT / "exercises").glob("*.py"))
)
MAX_CODE_LINES = 30
INTERNAL_WORDS = re.compile(r"씨앗|\bseed's\b|\bthe seed\b", re.IGNORECASE)
FRAME = ("학습 목표", "핵심 직관", "핵심 정리")
HEADING = re.compile(r"^#+\s", re.MULTILINE)


def _cells(path: Path) -> list:
    return jupytext.read(path).cells


def _markdown(path: Path) -> str:
    return "\n".join(c.source for c in _cells(path) if c.cell_type == "markdown")


def test_there_are_lecture_notebooks() -> None:
    assert LECTURES, "notebooks/*.py: no lecture found"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_no_code_cell_is_longer_than_30_lines(path: Path) -> None:
    too_long = [
        (i, len(c.source.splitlines()), c.source.splitlines()[0][:60])
        for i, c in enumerate(_cells(path))
        if c.cell_type == "code" and len(c.source.splitlines()) > MAX_CODE_LINES
    ]
    assert not too_long, (
        f"{path.name}: code cells over {MAX_CODE_LINES} lines (cell index, lines, first line): "
        f"{too_long} — split compute / assert / plot, move helpers into their own cell"
    )


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_no_internal_vocabulary_in_student_facing_text(path: Path) -> None:
    hits = [
        (i, line.strip()[:80])
        for i, c in enumerate(_cells(path))
        for line in c.source.splitlines()
        if INTERNAL_WORDS.search(line)
    ]
    assert not hits, (
        f"{path.name}: students never saw the source text; say '위 표', '위의 코드' etc. "
        f"instead (cell index, line): {hits}"
    )


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
@pytest.mark.parametrize("part", FRAME)
def test_lecture_has_its_frame(path: Path, part: str) -> None:
    assert part in _markdown(path), f"{path.name}: no '{part}' in any markdown cell"


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_digressions_are_marked_optional_in_their_heading(path: Path) -> None:
    unmarked = [
        line.strip()
        for line in _markdown(path).splitlines()
        if HEADING.match(line) and "심화" in line and "심화 (선택)" not in line
    ]
    assert not unmarked, f"{path.name}: write '심화 (선택)' in these headings: {unmarked}"


# One Korean name per idea (CONTRIBUTING.md, point 3): a variant -> the course's name.
VARIANTS = {
    "헤시안": "헤세 행렬",
    "이원수": "이중수",
    "쌍대수": "이중수",
    "기계 엡실론": "머신 엡실론",
    "머신 입실론": "머신 엡실론",
    "조건 수": "조건수",
    "부동 소수점": "부동소수점",
    "그레이디언트": "그래디언트",
    "활성화값": "활성값",
    "자동미분": "자동 미분",
    "오버플로": "overflow",
    "언더플로": "underflow",
    "뉴턴법": "뉴턴 법",
    "체비쇼프 점": "체비쇼프 노드",
    "스펙트럼 반경": "스펙트럼 반지름",
    "룽게 현상": "룽에 현상",
    "정규화(regularization)": "정칙화(regularization); 정규화는 normalization",
    "최소 제곱": "최소제곱",
    "정규방정식": "정규 방정식",
    "거듭제곱 반복": "거듭제곱법",
    "특잇값": "특이값",
    "고유값": "고윳값",
    "콜레스키": "촐레스키",
    "숄레스키": "촐레스키",
    "반데르몽드": "방데르몽드",
    "체비셰프": "체비쇼프",
    "중요도 샘플링": "중요도 표집",
    "몬테 카를로": "몬테카를로",
    "편향 보정": "바이어스 보정",
    "켤레 경사": "켤레 기울기법",
    "선조건": "전처리",
    "피보팅": "피벗팅",
}

# The lecture that introduces each term gives its English name in parentheses by its first
# use in the lecture's sections (the title, motivation and goals may name it before).
INTRODUCED = [
    ("nm-01", "머신 엡실론", "machine epsilon"),
    ("nm-01", "단위 반올림", "unit roundoff"),
    ("nm-01", "비정규수", "subnormal"),
    ("nm-01", "쌍별 합산", "pairwise summation"),
    ("nm-01", "활성값", "activation"),
    ("nm-02", "절대 오차", "absolute error"),
    ("nm-02", "상대 오차", "relative error"),
    ("nm-02", "조건수", "condition number"),
    ("nm-02", "전방 오차", "forward error"),
    ("nm-02", "후방 오차", "backward error"),
    ("nm-02", "후방 안정", "backward stable"),
    ("nm-02", "파국적 소거", "catastrophic cancellation"),
    ("nm-02", "절단 오차", "truncation error"),
    ("nm-02", "반올림 오차", "rounding error"),
    ("nm-02", "유한 차분", "finite difference"),
    ("nm-03", "이중수", "dual number"),
    ("nm-03", "복소 스텝", "complex step"),
    ("nm-03", "자동 미분", "automatic differentiation"),
    ("nm-03", "야코비안", "Jacobian"),
    ("nm-04", "위상 정렬", "topological"),
    ("nm-04", "역방향 모드", "reverse"),
    ("nm-05", "잔차", "residual"),
    ("nm-05", "부분 피벗팅", "partial pivoting"),
    ("nm-05", "증가 인자", "growth factor"),
    ("nm-05", "촐레스키 분해", "Cholesky"),
    ("nm-05", "정규 방정식", "normal equations"),
    ("nm-05", "특이값 분해", "singular value decomposition"),
    ("nm-05", "의사역행렬", "pseudo-inverse"),
    ("nm-05", "정칙화", "regularization"),
    ("nm-05", "양의 정부호", "SPD"),
    ("nm-06", "정상 반복법", "stationary iterative method"),
    ("nm-06", "스펙트럼 반지름", "spectral radius"),
    ("nm-06", "켤레 기울기법", "conjugate gradient"),
    ("nm-06", "전처리", "preconditioning"),
    ("nm-06", "거듭제곱법", "power iteration"),
    ("nm-06", "레일리 몫", "Rayleigh quotient"),
    ("nm-06", "스펙트럼 노름", "spectral norm"),
    ("nm-06", "수렴 차수", "order of convergence"),
    ("nm-06", "고정점 반복", "fixed-point iteration"),
    ("nm-06", "뉴턴 법", "Newton"),
    ("nm-07", "몬테카를로", "Monte Carlo"),
    ("nm-07", "구적법", "quadrature"),
    ("nm-07", "표준 오차", "standard error"),
    ("nm-07", "신뢰 구간", "confidence interval"),
    ("nm-07", "분산 감소", "variance reduction"),
    ("nm-07", "중요도 표집", "importance sampling"),
    ("nm-07", "준몬테카를로", "quasi-Monte Carlo"),
    ("nm-07", "재매개화", "reparameterisation"),
    ("nm-08", "룽에 현상", "Runge"),
    ("nm-08", "체비쇼프 노드", "Chebyshev nodes"),
    ("nm-08", "방데르몽드 행렬", "Vandermonde"),
    ("nm-08", "무게중심 공식", "barycentric"),
    ("nm-08", "최소최대 근사", "minimax"),
    ("nm-08", "범위 축소", "range reduction"),
    ("nm-09", "경사 하강법", "gradient descent"),
    ("nm-09", "모멘텀", "momentum"),
    ("nm-09", "헤세 행렬", "Hessian"),
    ("nm-09", "안장점", "saddle point"),
    ("nm-09", "선 탐색", "line search"),
    ("nm-09", "준뉴턴 법", "quasi-Newton"),
    ("nm-09", "바이어스 보정", "bias correction"),
    ("nm-09", "그래디언트 클리핑", "gradient clipping"),
    ("nm-09", "마스터 가중치", "master weights"),
    ("nm-10", "혼합 정밀도", "mixed precision"),
    ("nm-10", "손실 스케일링", "loss scaling"),
]


def test_one_korean_name_per_idea() -> None:
    found = [
        f"{p.relative_to(ROOT)}: '{variant}' (the course says '{name}')"
        for p in ALL_NOTEBOOKS + [ROOT / "README.md"]
        for variant, name in VARIANTS.items()
        if variant in p.read_text(encoding="utf-8")
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lecture, term, english", INTRODUCED, ids=lambda v: str(v))
def test_term_has_its_english_name_where_it_is_introduced(lecture, term, english) -> None:
    path = next((ROOT / "notebooks").glob(f"{lecture}_*.py"), None)
    if path is None:
        pytest.skip(f"{lecture} is not written yet")
    text = _markdown(path)
    given = re.compile(
        rf"{re.escape(term)}[^(\n]{{0,12}}\(([^)]*)\)|{re.escape(english)}\**\s?\({re.escape(term)}",
        re.IGNORECASE,
    )
    where = [m.start() for m in given.finditer(text) if english.lower() in m.group(0).lower()]
    assert where, f"{path.name}: '{term}' never appears with '({english})'"
    sections = max(text.find("\n## 1."), 0)
    uses = (m.start() for m in re.finditer(re.escape(term), text[sections:]))
    first_use = next(  # a heading may name the term; the prose below it gives the English
        (
            sections + i
            for i in uses
            if not text[text.rfind("\n", 0, sections + i) + 1 :].startswith("#")
        ),
        -1,
    )
    assert first_use == -1 or where[0] <= first_use, (
        f"{path.name}: '{term}' is used in the sections before its English name is given: "
        f"…{text[first_use - 30 : first_use + 30]}…"
    )
