# Recheck: everything a fresh machine with only Python needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000

.PHONY: install test lint format demo migrate clean

install: $(STAMP)

# Re-installs only when pyproject.toml changes; a second `make install` is a no-op.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Slow tests are left out by default; PYTEST_MARKERS= (empty) runs everything, as CI does.
PYTEST_MARKERS ?= not slow

test: lint
	$(BIN)/python -m pytest $(if $(PYTEST_MARKERS),-m "$(PYTEST_MARKERS)") $(PYTEST_ARGS)

migrate: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput

demo: install
	@PORT=$(PORT) PYTHON=$(BIN)/python bash scripts/demo.sh

clean:
	rm -rf var/db.sqlite3 var/celery var/mail

# The interface's translation catalogues (locale/): collect the marked strings into the .po
# files, then compile the .mo files Django reads. Needs GNU gettext; commit both files.
.PHONY: messages
messages: install
	$(BIN)/python manage.py makemessages -l es --ignore=.venv --ignore=var --ignore=node_modules
	$(BIN)/python manage.py compilemessages --ignore=.venv
