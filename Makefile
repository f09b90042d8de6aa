# Two commands do all the set-up on a machine with only Python 3.11:
#   make run   venv, install, migrate, load the ASCN data, serve on 127.0.0.1:8000
#              (with the worker of background jobs beside the server)
#   make test  the same set-up, then lint and the whole suite
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install setup run serve test lint format messages superuser backup restore bench bench-import faults lighthouse clean

help:
	@echo "make run        set up and serve on http://$(HOST):$(PORT), with the job worker"
	@echo "make serve      the production stack: gunicorn, WhiteNoise, DEBUG off, the job worker"
	@echo "make test       set up, lint and run the whole test suite"
	@echo "make superuser  create a staff login for the admin"
	@echo "make backup     back up the database and media to var/backups/ascn-<UTC time>/"
	@echo "make restore BACKUP=dir  replace the database and media with a backup's"
	@echo "make messages   extract and compile the Thai translations"
	@echo "make lint       ruff, mypy and djLint only"
	@echo "make bench      serving benchmark at 100, 10,000, 100,000 projects (~20 min)"
	@echo "make bench-import  the CSV import's preview and apply, rows per second (~1 min)"
	@echo "make lighthouse Lighthouse scores of the home and city pages, phone and desktop (~5 min)"
	@echo "make faults     fault drill: database and cache stopped and hung under load (~5 min)"

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

# The worker of the background jobs (manage.py db_worker: large CSV imports) runs
# beside the server and stops with it (ops/with_worker.py).
WITH_WORKER := $(BIN)/python -m ops.with_worker

run: setup
	$(WITH_WORKER) $(MANAGE) runserver $(HOST):$(PORT)

# The production stack on one machine: gunicorn (see ascn_portal/gunicorn.conf.py),
# static files collected and served by WhiteNoise, DEBUG off, the cache in Redis
# when REDIS_URL is set. Without DJANGO_SECRET_KEY a random key is kept in var/.
# Plain HTTP on loopback: put a TLS proxy in front before opening it to others
# (README, "Serving in production").
SECRET_KEY_FILE := var/secret_key
$(SECRET_KEY_FILE):
	mkdir -p var
	umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))' > $@

serve: setup $(SECRET_KEY_FILE)
	export DJANGO_SETTINGS_MODULE=ascn_portal.settings.prod \
	  DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}" \
	  DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-$(HOST),localhost}" \
	  DJANGO_SECURE_SSL_REDIRECT="$${DJANGO_SECURE_SSL_REDIRECT:-false}" \
	  ASCN_SERVE_MEDIA="$${ASCN_SERVE_MEDIA:-true}" \
	  ASCN_SITE_URL="$${ASCN_SITE_URL:-http://$(HOST):$(PORT)}" \
	  GUNICORN_BIND="$${GUNICORN_BIND:-$(HOST):$(PORT)}" && \
	$(MANAGE) collectstatic --no-input --verbosity 0 && \
	exec $(WITH_WORKER) $(BIN)/gunicorn --config ascn_portal/gunicorn.conf.py ascn_portal.wsgi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/djlint templates --lint
	$(BIN)/djlint templates --check

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint templates --reformat

# The whole suite with line coverage of the application code (it fails under the
# 90% of pyproject.toml) and the ten slowest tests.
test: setup lint
	$(BIN)/pytest --cov --cov-report=term --durations=10 $(PYTEST_ARGS)

messages: install
	$(MANAGE) makemessages --locale th --no-obsolete --add-location file --ignore '.venv/*' --ignore 'var/*' --ignore 'locale/*'
	$(MANAGE) compilemessages --locale th --ignore ".venv/*"

# Serving benchmark (bench/run.py, see README.md): databases of 100, 10,000 and
# 100,000 synthetic projects, kept in var/bench/ between runs (or PostgreSQL databases
# named after BENCH_DATABASE_URL=postgres://...), each served by gunicorn with the page
# cache off and on and measured with wrk, which is installed when missing. Options go
# in BENCH_ARGS, e.g. BENCH_ARGS="--sizes 100,10000 --load-seconds 10".
BENCH_ARGS ?=
bench: install
	@command -v wrk >/dev/null || { echo "== installing wrk =="; apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	BENCH_DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python bench/run.py $(BENCH_ARGS)

# The CSV import alone (bench/importing.py): a 5 MB file of new projects and one
# of changed projects, previewed and applied as the worker runs them; no wrk.
bench-import: install
	BENCH_DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python bench/run.py --import-only $(BENCH_ARGS)

# Fault drill (bench/faults.py, see README.md): the production stack (PostgreSQL,
# Redis, gunicorn, nginx with deploy/nginx.conf) of its own, under load, while the
# database and the cache are stopped and hung in turn, a worker is killed and slow
# clients hold connections. Needs PostgreSQL's server programs, redis-server and
# nginx; nginx is installed when missing. Options in FAULTS_ARGS.
FAULTS_ARGS ?=
faults: install
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { echo "== installing nginx =="; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }
	$(BIN)/python -m bench.faults $(FAULTS_ARGS)

# Lighthouse (tools/lighthouse.py): performance, accessibility, best practices and
# SEO of the home and city pages in both languages as `make serve` serves them, on a
# phone and a desktop, in Chromium; Lighthouse is installed with npm into
# var/lighthouse/. Fails when a score is under LIGHTHOUSE_MINIMUM.
LIGHTHOUSE_MINIMUM ?= 95
lighthouse: install
	$(BIN)/python tools/lighthouse.py --minimum $(LIGHTHOUSE_MINIMUM) $(LIGHTHOUSE_PAGES)

superuser: setup
	$(MANAGE) createsuperuser

# Neither runs setup: loading the reference data would change what is backed up or
# restored.
backup: install
	$(MANAGE) backup

restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/ascn-<UTC time>" >&2; exit 2; }
	$(MANAGE) restore "$(BACKUP)"

# Keeps var/backups/: a backup is not a build product.
clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .mypy_cache
	if [ -d var ]; then find var -mindepth 1 -maxdepth 1 ! -name backups -exec rm -rf {} +; fi
