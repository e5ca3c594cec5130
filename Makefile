# ML을 위한 수치 계산 — course commands.
#   make lab    set up (first time only) and open the course in JupyterLab
#   make test   set up (first time only) and run every test (what CI runs)
# Instructors: make exercises (regenerate exercises/ from solutions/),
#              make grade SUBMISSIONS=folder/ (gradebook.csv)
# Contributors: make sync (jupytext pairs), make lint

SHELL := /bin/bash
.DEFAULT_GOAL := help

BOOTSTRAP_PYTHON ?= python3
# An active conda environment (not base) is used as is; otherwise a project .venv.
ifneq ($(and $(CONDA_PREFIX),$(filter-out base,$(CONDA_DEFAULT_ENV))),)
  ENV_DIR := $(CONDA_PREFIX)
  PYTHON := $(CONDA_PREFIX)/bin/python
else
  ENV_DIR := .venv
  PYTHON := .venv/bin/python
endif
# Another Python: `make test PY=3.12` builds and uses .venv-3.12 (python3.12 on PATH, else
# pyenv's). `make test-pythons` runs the tests on 3.12 and 3.13 that way.
PY ?=
ifneq ($(PY),)
  BOOTSTRAP_PYTHON := $(firstword $(wildcard $(HOME)/.pyenv/versions/$(PY)*/bin/python$(PY)) \
    $(shell command -v python$(PY) 2>/dev/null) python$(PY))
  ENV_DIR := .venv-$(PY)
  PYTHON := $(ENV_DIR)/bin/python
endif
STAMP := $(ENV_DIR)/.nm-course-setup
JOBS ?= 2
CELL_TIMEOUT ?= 300

.PHONY: help setup lab test test-pythons test-fast exercises grade slides html present bench bench-grading sync lint clean

help:
	@echo "make lab    — 환경을 준비하고 JupyterLab에서 강의를 엽니다 (set up, open JupyterLab)"
	@echo "make test   — 환경을 준비하고 모든 테스트를 실행합니다 (set up, run every test)"
	@echo "make exercises | grade SUBMISSIONS=dir | slides | html | present | bench | bench-grading | sync | lint | clean"

setup: $(STAMP)

# Re-run only when the dependency lists change: a second `make lab` starts at once.
$(STAMP): requirements.txt constraints.txt pyproject.toml
	@command -v $(BOOTSTRAP_PYTHON) >/dev/null 2>&1 || { echo "Python을 찾을 수 없습니다: \
	  '$(BOOTSTRAP_PYTHON)' (Python 3.11-3.13 필요; 예: make test BOOTSTRAP_PYTHON=python3.12)"; exit 1; }
	@$(BOOTSTRAP_PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 이상이 필요합니다 (Python >= 3.11 required): \
	  $(BOOTSTRAP_PYTHON) 은(는) $$($(BOOTSTRAP_PYTHON) -V 2>&1) 입니다"; exit 1; }
	@if [ "$(ENV_DIR)" = ".venv" ] || [ -n "$(PY)" ]; then [ -x $(PYTHON) ] || { \
	  echo "== $(ENV_DIR) 만드는 중 (creating $(ENV_DIR))"; $(BOOTSTRAP_PYTHON) -m venv $(ENV_DIR); }; fi
	@echo "== 패키지 설치 중 (installing requirements into $(ENV_DIR))"
	$(PYTHON) -m pip install --disable-pip-version-check -q -r requirements.txt -c constraints.txt
	$(PYTHON) -m pip install --disable-pip-version-check -q --no-deps -e .
	@$(PYTHON) -c "import matplotlib.pyplot" # build matplotlib's font cache once, not inside a test
	@touch $@

# The student's workspace work/ (their copies of the exercises, never overwritten) is made
# or topped up first; JupyterLab opens there (jupyter_server_config.json: work/ as the
# start page, each lecture shown once without its .py pair). Bound to localhost, with a
# token (printed in the URL); --allow-root only for root (containers).
lab: setup
	$(PYTHON) -m utils.workspace
	$(PYTHON) -m jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=. \
	  --config=jupyter_server_config.json \
	  $$([ "$$(id -u)" = 0 ] && echo --allow-root) $(LAB_ARGS)

# Everything CI checks: utils, grading soundness and robustness, pairs, and every
# notebook executed by nbval (a kernel per notebook, cells in order, a cell timeout).
# One BLAS thread per process: two xdist workers then share two cores without the
# oversubscription that made torch cells several times slower.
test: setup
	PYTHONHASHSEED=0 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 \
	$(PYTHON) -m pytest -n $(JOBS) --dist loadscope \
	  --nbval --nbval-current-env --nbval-cell-timeout=$(CELL_TIMEOUT) \
	  tests notebooks solutions exercises

# The same tests on the other supported Pythons (each in its own .venv-3.X; CI runs 3.11).
test-pythons:
	$(MAKE) test PY=3.12
	$(MAKE) test PY=3.13

# Without the notebooks (quick feedback while editing utils or checks).
test-fast: setup
	$(PYTHON) -m pytest -n $(JOBS) --dist loadscope tests -m "not slow"

# Never overwrites an exercise file someone changed (it says which and why); FORCE=1 does.
exercises: setup
	$(PYTHON) -m utils.make_exercises $(if $(FORCE),--force)

# SUBMISSIONS may hold spaces and Hangul: it is passed as one quoted path.
grade: setup
	@test -n "$(SUBMISSIONS)" || { echo '사용법: make grade SUBMISSIONS="제출 폴더/"'; exit 2; }
	$(PYTHON) -m utils.grade "$(SUBMISSIONS)" --csv gradebook.csv --feedback feedback

# Offline slides and HTML (every lecture executed; reveal.js, MathJax and the Hangul font
# are local files under build/*/assets): open build/slides/<lecture>.slides.html or
# build/html/index.html from the file system, no network needed.
slides: setup
	$(PYTHON) tools/publish.py slides

html: setup
	$(PYTHON) tools/publish.py html

# Present live from JupyterLab with cells running (RISE). jupyterlab-rise is large
# (~300 MB), so it is installed here on first use, not in every student's environment.
present: setup
	@$(PYTHON) -c "import jupyterlab_rise" 2>/dev/null || \
	  $(PYTHON) -m pip install --disable-pip-version-check -q jupyterlab-rise==0.43.1
	$(PYTHON) -m jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=. \
	  --config=jupyter_server_config.json --LabApp.default_url=/lab/tree/notebooks \
	  $$([ "$$(id -u)" = 0 ] && echo --allow-root) $(LAB_ARGS)

# nm-10's headline figures on this machine's device (printed, not asserted; no Jupyter).
bench: setup
	$(PYTHON) bench/capstone.py

# Grader speed (printed, not asserted): -j 1 vs -j 2, with and without containment.
bench-grading: setup
	$(PYTHON) bench/grading.py

# Rebuild each .ipynb from its .py (the reviewed source), keeping cell ids, then
# normalise the .py header; exercises are regenerated from solutions.
sync: setup
	@for f in notebooks/*.py solutions/*.py; do \
	  $(PYTHON) -m jupytext -q --to ipynb --update "$$f" && \
	  $(PYTHON) -m jupytext -q --to py:percent "$${f%.py}.ipynb"; done
	$(PYTHON) -m utils.make_exercises

lint: setup
	$(PYTHON) -m ruff check .

clean:
	rm -rf build .pytest_cache .ruff_cache
	find . -name __pycache__ -prune -exec rm -rf {} +
