# The two commands from the README:
#   make run    set up, migrate, load demo data if empty, serve at http://127.0.0.1:5000 with the mail worker
#   make test   set up (including Debian's chromium) and run the whole suite
# and the static checks CI runs first: make check
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
FLASK = APP_ENV=development $(BIN)/flask --app participation

.PHONY: run test test-postgres check install install-test catalogs translations static

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

# Translation catalogs are compiled here, at install time, never by the running app.
catalogs: $(VENV)/.installed
	$(BIN)/pybabel -q compile -d translations -D family
	$(BIN)/pybabel -q compile -d translations -D staff

# The static files as production serves them: hashed names, brotli and gzip (see scripts/build-static).
static: $(VENV)/.installed
	scripts/build-static $(BIN)/python

install: $(VENV)/.installed catalogs static
	scripts/install-runtime-packages

install-test: $(VENV)/.installed-test catalogs static
	scripts/install-test-packages

run: install
	$(FLASK) db upgrade
	$(FLASK) figures rebuild --if-needed
	$(FLASK) demo-data --if-empty
	$(FLASK) demo-link
	scripts/serve $(BIN)/flask

test: install-test
	$(BIN)/python -m pytest

# The whole suite again on a throwaway PostgreSQL (CI runs both).
test-postgres: install-test
	scripts/with-postgres $(BIN)/python -m pytest

# Lint, formatting, types and the import contracts between the package's rooms.
check: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

translations: install
	$(FLASK) translate update
