# The two commands: `make run` and `make test`. Python 3.11, git and make are all it needs.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
# Links in e-mails point at the server `make run` starts, unless the environment names another.
PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)
PYTEST_ARGS ?=

.PHONY: run test lint bench install install-dev translations translations-update migrate demo clean

$(VENV)/.installed: requirements.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

translations: install
	$(VENV)/bin/pybabel -q compile -d app/translations

# After adding UI strings: extract them, then fill in the Dutch in app/translations/nl.
translations-update: install
	$(VENV)/bin/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k N_ --no-location --sort-output \
		-o app/translations/messages.pot .
	$(VENV)/bin/pybabel -q update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching --ignore-obsolete

migrate: install
	MELDPUNT_ENV=development $(FLASK) db upgrade

demo: migrate
	MELDPUNT_ENV=development $(FLASK) demo load

run: translations demo
	@MELDPUNT_ENV=development PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) $(FLASK) demo accounts
	MELDPUNT_ENV=development PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) $(FLASK) serve --host $(HOST) --port $(PORT)

# The whole suite on SQLite, then again on PostgreSQL when TEST_DATABASE_URL is set. Tests run in
# parallel (pytest-xdist, one worker per core, a file's tests on one worker; each worker has its own
# database). The scheduler's process tests run after them, in a pytest process of their own: they time
# real processes handing a lease over in seconds, which a loaded machine would stretch, and after the
# rest of the suite in one process they have read another database file than the processes they start
# wrote (cause not found yet). TEST_WORKERS=0 runs the rest in one process instead of in parallel.
TEST_WORKERS ?= auto
SCHEDULER_TESTS := tests/scheduler
PARALLEL := -n $(TEST_WORKERS) --dist loadfile
test: install-dev translations
	env -u TEST_DATABASE_URL $(PY) -m pytest $(PARALLEL) $(PYTEST_ARGS) --ignore=$(SCHEDULER_TESTS)
	env -u TEST_DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS) $(SCHEDULER_TESTS)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL ($$TEST_DATABASE_URL)"; \
		$(PY) -m pytest $(PARALLEL) $(PYTEST_ARGS) --ignore=$(SCHEDULER_TESTS) && $(PY) -m pytest $(PYTEST_ARGS) $(SCHEDULER_TESTS); \
	fi

# The build keeps the shape (settings in pyproject.toml): ruff's lint and format, the import
# contracts (layers, pure modules, independent controllers), and bandit (medium and high findings fail).
LINTED := app tests bench config.py wsgi.py
lint: install-dev
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)
	$(VENV)/bin/lint-imports
	$(VENV)/bin/bandit -c pyproject.toml -r app -q --severity-level medium

bench: install-dev translations
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache
