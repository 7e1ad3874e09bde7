# The two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
export DEBUG ?= 1

.PHONY: run test install messages migrate seed lint format bench clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

# Compiled translations are committed; this rebuilds them after editing .po files.
messages: install
	$(PY) manage.py compilemessages --ignore=.venv

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py sync_defaults

seed: migrate
	@mkdir -p var
	@if [ ! -s var/demo-logins.txt ]; then $(PY) manage.py seed_demo | tee var/demo-logins.txt; \
	 else echo "Demo data loaded earlier:"; cat var/demo-logins.txt; fi

run: seed
	@echo "Open http://127.0.0.1:$(PORT)/ and log in as 'manager' with the password above."
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH PORT=$(PORT) honcho start

# The whole suite, against PostgreSQL and Redis (DATABASE_URL / REDIS_URL, or
# the local servers on their standard ports).
test: install
	DEBUG=0 $(VENV)/bin/pytest --create-db -p no:cacheprovider

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	DEBUG=0 $(PY) -m benchmarks

clean:
	rm -rf var db.sqlite3 staticfiles
