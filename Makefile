# humas-archive: the two commands a new machine needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test test-faults lint bench clean lock

install: $(STAMP)

# pip is upgraded first: an old pip in a new venv mis-resolves lxml / lxml_html_clean.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: install
	$(BIN)/python -m replica.demo

test: install
	$(BIN)/python -m pytest -q

# The slow fault and crash tests (a 300-article crawl killed three times); CI runs them too.
test-faults: install
	$(BIN)/python -m pytest -q -m slow

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python bench/extraction_bench.py
	$(BIN)/python bench/crawl_bench.py

# Re-pin the whole dependency tree after changing pyproject.toml.
lock: install
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^humas-archive' > requirements.lock

clean:
	rm -rf $(VENV) data/demo .pytest_cache
