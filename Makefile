# Two commands do all the set-up on a machine with only Python 3.11:
#   make run   venv, install, migrate, load the ASCN data, serve on 127.0.0.1:8000
#   make test  the same set-up, then lint and the whole suite
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install setup run test lint format messages superuser bench clean

help:
	@echo "make run        set up and serve on http://$(HOST):$(PORT)"
	@echo "make test       set up, lint and run the whole test suite"
	@echo "make superuser  create a staff login for the admin"
	@echo "make messages   extract and compile the Thai translations"
	@echo "make lint       ruff and djLint only"
	@echo "make bench      measure the CSV export of 100,000 projects (own database)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

setup: install
	mkdir -p var
	$(MANAGE) migrate --no-input
	$(MANAGE) load_ascn

run: setup
	$(MANAGE) runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(BIN)/djlint templates --check

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint templates --reformat

test: setup lint
	$(BIN)/pytest $(PYTEST_ARGS)

messages: install
	$(MANAGE) makemessages --locale th --no-obsolete --add-location file --ignore '.venv/*' --ignore 'var/*' --ignore 'locale/*'
	$(MANAGE) compilemessages --locale th --ignore ".venv/*"

# Fills its own SQLite file in var/bench/, or the database of BENCH_DATABASE_URL.
BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/var/bench/export.sqlite3
bench: install
	mkdir -p var/bench
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/export_csv.py --rows 100000

superuser: setup
	$(MANAGE) createsuperuser

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
