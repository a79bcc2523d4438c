# Two commands on a fresh machine with Python 3.11 and pip: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint bench browser mutation clean

# The virtual environment is rebuilt only when the pinned requirements change.
$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	$(PY) -m evidence validate || echo "The dashboard will show these problems on its Data quality page."
	$(PY) -m streamlit run dashboard.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# Debian's chromium for the browser tests (Playwright cannot download a browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "could not install chromium; browser tests will report it"; \
	  else echo "chromium missing and not root: browser tests will be skipped (install Debian's chromium)"; fi; }

test: $(VENV)/.installed-dev browser
	$(PY) -m pytest

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check evidence tests benchmarks pages dashboard.py dashboard_ui.py
	$(VENV)/bin/ruff format --check evidence tests benchmarks pages dashboard.py dashboard_ui.py

bench: $(VENV)/.installed-dev
	$(PY) -m benchmarks

# Mutation testing of the core modules: too slow for every CI run (see the README for how long).
# MUTATION passes options: make mutation MUTATION="--sample 0.06", MUTATION=--retest, MUTATION=--report-only
MUTATION ?=
mutation: $(VENV)/.installed-dev
	$(PY) scripts/mutation.py $(MUTATION)

clean:
	rm -rf $(VENV) .pytest_cache test-output mutants
