"""Shared helpers for the course "ML을 위한 수치 계산" (Numerical Computation for ML).

Each module has one job; import the one you need (nothing heavy is imported here):

- ``utils.device``   -- pick CUDA / MPS / CPU and the autocast dtype that suits it
- ``utils.plotting`` -- one plot style with Korean (Hangul) fonts that work via pip alone
- ``utils.memory``   -- bytes autograd saves for backward, and peak live tensor bytes
- ``utils.health``   -- ``numerical_health_check``: NaN/Inf/exploding/vanishing findings
- ``utils.checks``   -- exercise checks (``check("name")``) used by exercise notebooks
- ``utils.grade``    -- ``python -m utils.grade PATH...`` for instructors
- ``utils.make_exercises`` -- writes ``exercises/`` from ``solutions/`` (instructors)
"""

__version__ = "0.1.0"
