# Den Haag Draait Door — the two commands: `make run` and `make test`.
PYTHON ?= python3
PORT ?= 5000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app wsgi
# Feature folders that keep their own translation catalogue: every talkshow_app/<feature>/translations.
FEATURES := $(patsubst talkshow_app/%/translations,%,$(wildcard talkshow_app/*/translations))

.PHONY: install translations messages run lint format test bench clean assets

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) translations

translations: $(STAMP)
	@for dir in talkshow_app/translations $(wildcard talkshow_app/*/translations); do \
		$(BIN)/pybabel -q compile --use-fuzzy -d $$dir || exit 1; \
	done

# Refresh the Dutch catalogues from the source: the core one, then one per feature.
messages: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -o $(VENV)/core.pot \
		$(wildcard talkshow_app/*.py) talkshow_app/accounts talkshow_app/pages \
		$(wildcard templates/*.html) templates/errors templates/pages templates/accounts
	@if [ -f talkshow_app/translations/nl/LC_MESSAGES/messages.po ]; then \
		$(BIN)/pybabel -q update --no-fuzzy-matching -i $(VENV)/core.pot -d talkshow_app/translations -l nl; \
	else \
		$(BIN)/pybabel -q init -i $(VENV)/core.pot -d talkshow_app/translations -l nl; \
	fi
	@for feature in $(FEATURES); do \
		[ -d talkshow_app/$$feature ] || continue; \
		paths="talkshow_app/$$feature"; [ -d templates/$$feature ] && paths="$$paths templates/$$feature"; \
		$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -o $(VENV)/$$feature.pot $$paths || exit 1; \
		if [ -f talkshow_app/$$feature/translations/nl/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel -q update --no-fuzzy-matching -i $(VENV)/$$feature.pot -d talkshow_app/$$feature/translations -l nl; \
		else \
			$(BIN)/pybabel -q init -i $(VENV)/$$feature.pot -d talkshow_app/$$feature/translations -l nl; \
		fi; \
	done

run: install
	$(FLASK) db upgrade
	$(FLASK) demo-data --if-empty
	@# The mail worker runs beside the web server; Ctrl-C (or any exit) stops both.
	@$(FLASK) mail worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# ruff (lint and format), mypy and bandit over the app, configured in pyproject.toml. bandit fails on any
# finding unless it is explained at its line with `# nosec Bxxx - reason`.
lint: $(STAMP)
	$(BIN)/ruff check talkshow_app
	$(BIN)/ruff format --check talkshow_app
	$(BIN)/mypy
	$(BIN)/bandit -c pyproject.toml -r talkshow_app -q

format: $(STAMP)
	$(BIN)/ruff check --fix talkshow_app
	$(BIN)/ruff format talkshow_app

# `make lint` (ruff, mypy, bandit), then the whole suite on SQLite (with the browser tests), and again on
# PostgreSQL when TEST_POSTGRES_URL is set (.ci/run sets it), followed by the deployed topology (tests/topology:
# nginx with TLS, two gunicorn instances, Redis, the mail worker). Every step runs; any failure fails, and the
# last lines repeat each step's outcome (what a CI log shows first).
test: install
	@status=0; checks=passed; mkdir -p test-artifacts; rm -f test-artifacts/junit-*.xml; \
	echo "=== ruff, mypy and bandit ==="; \
	$(MAKE) --no-print-directory lint || { status=$$?; checks=FAILED; }; \
	echo "=== the suite on SQLite ==="; \
	$(BIN)/python -m pytest -m "not topology" --junitxml=test-artifacts/junit-sqlite.xml || status=$$?; \
	stages=test-artifacts/junit-sqlite.xml; \
	if [ -n "$$TEST_POSTGRES_URL" ]; then \
		echo "=== the suite again on PostgreSQL ==="; \
		TEST_DATABASE_URL="$$TEST_POSTGRES_URL" $(BIN)/python -m pytest -m "not browser and not topology" \
			--junitxml=test-artifacts/junit-postgresql.xml || status=$$?; \
		echo "=== the deployed topology: nginx, two gunicorn instances, PostgreSQL, Redis, mail worker ==="; \
		$(BIN)/python -m pytest -m topology -rA tests/topology --junitxml=test-artifacts/junit-topology.xml \
			|| status=$$?; \
		stages="$$stages test-artifacts/junit-postgresql.xml test-artifacts/junit-topology.xml"; \
	fi; \
	echo "=== summary of make test ==="; \
	echo "ruff, mypy and bandit: $$checks"; \
	$(BIN)/python .ci/summary.py $$stages; \
	exit $$status

# bench/http.py loads the servers with wrk: installed here when missing and running as root. Every benchmark
# measures SQLite and PostgreSQL: bench/with-postgres starts a throw-away cluster unless BENCH_DATABASE_URL is set.
bench: install
	@command -v wrk >/dev/null 2>&1 || { if [ "$$(id -u)" = 0 ]; then \
		apt-get install -y -q wrk || { apt-get update -q && apt-get install -y -q wrk; }; \
	else echo "wrk is missing (bench/http.py needs it): sudo apt-get install wrk"; fi; }
	bench/with-postgres $(BIN)/python -m bench

# Refreshes the vendored design tokens (static/vendor/) from the npm registry at the pinned version; needs npm, which
# `make run` and `make test` never do (the built CSS and its licence are committed).
TOKENS_PKG := @gemeente-denhaag/design-tokens-components@4.1.0
TOKENS_DIR := static/vendor/gemeente-denhaag-design-tokens-components
assets:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	(cd "$$tmp" && npm pack --silent $(TOKENS_PKG) >/dev/null && tar xzf *.tgz) && \
	mkdir -p $(TOKENS_DIR) && cp "$$tmp/package/dist/index.css" $(TOKENS_DIR)/index.css && \
	cp "$$tmp/package/LICENSE.md" $(TOKENS_DIR)/LICENSE.md && \
	echo "$(TOKENS_PKG)" > $(TOKENS_DIR)/VERSION && echo "refreshed $(TOKENS_DIR) from $(TOKENS_PKG)"

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
