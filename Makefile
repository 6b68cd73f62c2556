# Two commands set everything up on a fresh machine:
#   make run   – virtual environment, install, translations, SQLite database, demo data, server
#   make test  – the whole test suite
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install messages lint clean assets

# The local server and the tests run in development mode (an unset DEBUG means production).
run test messages: export DEBUG = 1

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=python3"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e . --group dev
	touch $(STAMP)

install: $(STAMP)

messages: install
	$(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules -v0

# The task worker (db_worker: the workflow e-mails) runs beside the server and stops with it.
run: messages
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_demo_data
	@echo "BLP Projektportal: http://127.0.0.1:$(PORT)/ (with the task worker that sends e-mails)"
	$(PY) manage.py db_worker --interval 2 --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: messages
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The front-end files under static/ (KERN stylesheet and fonts, htmx, jQuery UI) rebuilt from the
# pinned npm packages and fonttools (assets/build.sh). The output is committed, so `make run`
# needs no Node; CI rebuilds and fails when static/ differs.
assets: install
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	PY=$(PY) bash assets/build.sh
