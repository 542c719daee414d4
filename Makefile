# Two commands set everything up on a fresh machine:
#   make report   installs what is needed and renders the example report into build/
#   make test     installs what is needed and runs the whole test suite
# CI builds the draft report with `make draft`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# WeasyPrint lays text out with Pango; on Debian and Ubuntu these packages bring it.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
# The spelling check (P011): libenchant with its hunspell provider and the Dutch word list (OpenTaal).
SPELLING_PACKAGES := libenchant-2-2 hunspell-nl
# The Word letter converted to PDF in the tests, to count its pages: LibreOffice Writer.
OFFICE_PACKAGES := libreoffice-writer-nogui
# The browser test: Debian's Chromium and Node.js; axe-core and playwright-core from npm, pinned
# in tests/browser/package-lock.json. Playwright never downloads a browser of its own.
BROWSER_DIR   := tests/browser
BROWSER_STAMP := $(BROWSER_DIR)/node_modules/.installed
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: report draft test lint docs bench install system-deps spelling-deps office-deps browser-deps clean

report: install
	$(BIN)/gbvs validate indicators/
	$(BIN)/gbvs report --werkmap indicators --uitvoer build

# The draft ("CONCEPT" on every page): made even when some submissions have errors, which are
# left out and listed in the problems annex.
draft: install
	$(BIN)/gbvs report --concept --werkmap indicators --uitvoer build

test: install browser-deps office-deps lint docs
	$(BIN)/python -m pytest

# The code kept clean: the layers import one way only (import-linter), style and formatting
# (ruff), and the type annotations hold (mypy). Settings in pyproject.toml.
lint: install
	$(BIN)/lint-imports --no-cache
	$(BIN)/ruff check gbvs_report tests bench tools
	$(BIN)/ruff format --check gbvs_report tests bench tools
	$(BIN)/mypy

# The handbooks (docs/) as a site in build/docs/: the reference pages are made from the code inside
# the build (tools/mkdocs_hooks.py); strict mode fails on any warning, a broken link or anchor.
# After a change to rules, schema or help texts, `$(BIN)/python tools/generate_docs.py` brings the
# committed copies of those pages up to date (a test says when they are not).
docs: install
	$(BIN)/mkdocs build --strict --quiet --site-dir build/docs

# Speed and memory, measured on synthetic workspaces (bench/generate.py); prints a table.
bench: install
	@for script in bench/bench_*.py; do [ -e "$$script" ] || continue; $(BIN)/python "$$script" || exit 1; done

install: system-deps spelling-deps $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Install Pango when it is missing and we may (root with apt-get); otherwise say what to do.
system-deps:
	@if ! ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES); \
	  else \
	    echo "WeasyPrint heeft Pango nodig: installeer $(SYSTEM_PACKAGES) (apt) of zie de WeasyPrint-documentatie." >&2; \
	    exit 1; \
	  fi; \
	fi

# Optional Debian packages: $(call optional,PACKAGES,WHY) installs them as root with apt-get and
# otherwise, or when that fails, says WHY they matter; the build goes on either way.
optional = if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(1) \
	      || echo "Installeren van $(1) is mislukt: $(2)" >&2; \
	  else \
	    echo "$(1) ontbreekt en kan hier niet worden geïnstalleerd (geen root of apt-get): $(2)" >&2; \
	  fi

# The Dutch dictionary; without it gbvs works, and says that the spelling was not checked.
spelling-deps:
	@if ! ldconfig -p 2>/dev/null | grep -q 'libenchant-2.so.2' || ! ls /usr/share/hunspell/nl_NL.dic >/dev/null 2>&1; then \
	  $(call optional,$(SPELLING_PACKAGES),gbvs controleert de spelling dan niet.); \
	fi

# LibreOffice Writer, to convert the Word letter to PDF in a test; without it that test is skipped.
office-deps:
	@if ! command -v soffice >/dev/null 2>&1 && ! command -v libreoffice >/dev/null 2>&1; then \
	  $(call optional,$(OFFICE_PACKAGES),de test van de Word-brief in LibreOffice wordt overgeslagen.); \
	fi

# Install Chromium and Node.js when missing and we may (root with apt-get); without Chromium the
# browser test says it is skipped, without npm the browser test fails and says what to do.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    missing=""; command -v chromium >/dev/null 2>&1 || missing="chromium"; \
	    command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing \
	      || echo "Installeren van $$missing is mislukt: de browsertest wordt overgeslagen." >&2; \
	  else \
	    echo "Chromium of npm ontbreekt en kan hier niet worden geïnstalleerd (geen root of apt-get): de browsertest wordt overgeslagen." >&2; \
	  fi; \
	fi
	@if command -v npm >/dev/null 2>&1; then $(MAKE) -s --no-print-directory $(BROWSER_STAMP); fi

$(BROWSER_STAMP): $(BROWSER_DIR)/package.json $(BROWSER_DIR)/package-lock.json
	cd $(BROWSER_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf build .pytest_cache
