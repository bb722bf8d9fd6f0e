# Chung Tay: `make run` serves the demo site on http://127.0.0.1:$(PORT); `make test` checks it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Extra arguments: `make test PYTEST_ARGS="-k search"`; `make run DEMO_USERS_ARGS=--force` on a
# database other than the local SQLite one (ensure_demo_users refuses it otherwise).
PYTEST_ARGS ?=
# Tests run in one process per core (pytest-xdist; `make test PYTEST_WORKERS=0` runs them in
# this one). `--dist load` hands tests out in collection order, so each process still runs the
# transactional tests (which empty its database) after all the others.
PYTEST_WORKERS ?= auto
DEMO_USERS_ARGS ?=
MANAGE := $(BIN)/python manage.py
# The demo's public address: canonical links, the sitemap, feeds and e-mails use it (the default
# Site record follows it after migrate), so they are right on any PORT.
SITE_URL ?= http://127.0.0.1:$(PORT)
export SITE_URL
# Files the demo makes for itself on first run (the VNPay simulator secret here, the public
# record's signing key by public_record/keys.py), never committed.
LOCAL := local
# Every app with its own Vietnamese catalogue (sitewide/locale, stories/locale, …).
APPS := $(patsubst %/locale,%,$(wildcard */locale))

.PHONY: install run migrate demo serve test lint format messages clean

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo_content
	$(MANAGE) ensure_demo_users $(DEMO_USERS_ARGS)

$(LOCAL)/vnpay-secret:
	mkdir -p $(LOCAL)
	$(BIN)/python -c "import secrets; print(secrets.token_hex(32))" > $@

# The demo serves as production does (DEBUG off: the Vietnamese 404 and 500 pages, collected
# static files, media served by the app), with the local VNPay simulator switched on by its
# own setting and signing with this checkout's own secret.
run: demo $(LOCAL)/vnpay-secret
	$(MANAGE) collectstatic --noinput -v0
	@echo "Serving the demo site on $(SITE_URL)/ (admin: $(SITE_URL)/admin/)"
	DEBUG=0 VNPAY_SIMULATOR_ENABLED=1 VNPAY_HASH_SECRET=$$(cat $(LOCAL)/vnpay-secret) \
		$(MANAGE) runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# makemigrations only compares models with migrations: --skip-checks, so that a server's own
# configuration checks (a signing key on PostgreSQL without DEBUG) do not stop the tests.
test: lint
	$(MANAGE) makemigrations --check --dry-run --skip-checks
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist load $(PYTEST_ARGS)

# Regenerates the Vietnamese catalogues (needs GNU gettext); the compiled .mo files are
# committed so that running the site needs no gettext tools.
messages: install
	$(MANAGE) makemessages -l vi --no-location $(foreach app,$(APPS),--ignore='$(app)/*.py' --ignore='$(app)/*.html' --ignore='$(app)/*.txt') --ignore=.venv/* --ignore=tests/* --ignore=bench/* --ignore=test-results/* --ignore=staticfiles/* --ignore=media/*
	for app in $(APPS); do (cd $$app && ../$(BIN)/python ../manage.py makemessages -l vi --no-location); done
	$(MANAGE) compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
