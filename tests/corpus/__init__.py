"""Wrong implementations of each lecture's exercises (``nm0X.WRONG``) and attacks on the grader."""


def edit(src: str, *edits: tuple[str, str]) -> str:
    """``src`` with each ``(old, new)`` replaced; ``old`` must occur exactly once.

    A wrong implementation is usually the right one with one line changed; failing
    loudly when ``old`` is absent keeps a corpus entry from silently equalling its source.
    """
    for old, new in edits:
        assert src.count(old) == 1, old
        src = src.replace(old, new)
    return src
