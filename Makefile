# The two commands of the README.  Everything they need is installed here, on a fresh machine too.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve test build check chromium java libreoffice hugo bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

# Debian's chromium for the browser tests (Playwright drives it; it downloads no browser of its own).
chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }

# The Nu HTML checker (npm's vnu-jar, pinned in package-lock.json) runs on the machine's Java; its install
# script, which would download a Java of its own, is skipped.
java:
	@command -v java >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q default-jre-headless; }

# Debian's LibreOffice: Writer prints the importer's test documents (Word files made by the tests) to PDF, in
# Liberation Serif (Times New Roman's metric twin) with DejaVu for the Kazakh letters; Calc opens the workbook.
libreoffice:
	@{ command -v libreoffice && dpkg -s libreoffice-calc; } >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q --no-install-recommends libreoffice-writer libreoffice-calc fonts-liberation fonts-dejavu-core; }

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q npm; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

serve: $(STAMP)
	$(BIN)/python build.py serve

build: $(STAMP)
	$(BIN)/python build.py build

check: $(STAMP)
	$(BIN)/python build.py check

test: $(STAMP) chromium java libreoffice node_modules/.installed
	$(BIN)/python -m pytest -n 2 -q

# Debian's Hugo, for the benchmark's comparison (bench/hugo.py); the tests do not need it.
hugo:
	@command -v hugo >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q hugo; }

bench: $(STAMP) hugo
	$(BIN)/python bench/run.py --priorities 1000 10000

clean:
	rm -rf site .cache .pytest_cache test-artifacts node_modules
