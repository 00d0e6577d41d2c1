# Kefu: `make run` to try it, `make test` to prove it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-sqlite test-postgres lint format bench reliability install clean messages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/kefu run

test: $(STAMP) lint test-sqlite test-postgres

# Tests that commit for real flush the database after themselves: they run last, serially.
PYTEST_FAST := $(BIN)/pytest -q -n 2 --dist loadfile -m "not transactional"
PYTEST_SERIAL := $(BIN)/pytest -q -m transactional

test-sqlite: $(STAMP)
	$(PYTEST_FAST)
	$(PYTEST_SERIAL)

test-postgres: $(STAMP)
	@if [ -n "$$KEFU_TEST_POSTGRES_URL" ]; then \
		echo "== PostgreSQL: $$KEFU_TEST_POSTGRES_URL"; \
		KEFU_DATABASE_URL="$$KEFU_TEST_POSTGRES_URL" $(PYTEST_FAST) && \
		KEFU_DATABASE_URL="$$KEFU_TEST_POSTGRES_URL" $(PYTEST_SERIAL); \
	else \
		echo "KEFU_TEST_POSTGRES_URL is not set: PostgreSQL run skipped."; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/python -m django makemigrations --check --dry-run --settings=kefu.settings > /dev/null

format: $(STAMP)
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

bench: $(STAMP)
	DJANGO_SETTINGS_MODULE=kefu.settings $(BIN)/python -m tests.bench.run

# Fuzzing, concurrency, abuse and personal-data checks at full size, then a table of figures.
reliability: $(STAMP)
	$(BIN)/python -m tests.reliability.run
	@if [ -n "$$KEFU_TEST_POSTGRES_URL" ]; then \
		echo "== PostgreSQL: $$KEFU_TEST_POSTGRES_URL"; \
		KEFU_DATABASE_URL="$$KEFU_TEST_POSTGRES_URL" $(BIN)/python -m tests.reliability.run; \
	fi

messages: $(STAMP)
	bash scripts/messages.sh

clean:
	rm -rf $(VENV) var
