"""Grading for instructors: a judge that runs submissions contained, verdicts apart.

- ``utils.grading.cli``     -- ``python -m utils.grade`` (discovery, jobs, gradebook, feedback)
- ``utils.grading.judge``   -- the trusted side: zygote, worker sessions, remote refs
- ``utils.grading.worker``  -- the untrusted side: runs the notebook, answers with plain data
- ``utils.grading.sandbox`` -- containment: namespaces, rlimits, Landlock, macOS sandbox
- ``utils.grading.wire``    -- the framing between judge and worker

Lectures never import this package; ``check("name")`` lives in ``utils.checks``.
"""
