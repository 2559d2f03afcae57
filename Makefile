# make pdf         build the print edition, build/whitepaper.pdf (sets up .venv on first use)
# make pdf-screen  build the screen edition, build/whitepaper-screen.pdf
# make test        run the test suite
# make lint        print an editor's warnings about the content (figures stated two ways, counts, repeats)
# make preview     show the book in a browser, rebuilt on every save (PORT=8000 EDITION=print by default)
# make example     build both editions of the example book, examples/2023/, into build/example-2023*.pdf
# make bench       time cold and warm builds, memory, and a 10x book (see README)
# make proof       save the print edition as the next proof, build/proofs/proof-NN.pdf, and report what changed
# make lock        remake requirements.lock (every Python package pinned, with hashes) from pyproject.toml
# Debian's own Python is built with profile-guided optimisation and runs a build about 12% faster than a
# Python compiled without it (pyenv's default). It is used when it is 3.11 or newer and can make a venv
# (Debian's python3-venv); otherwise python3 from PATH. Any Python 3.11+ works: make pdf PYTHON=python3.12.
SYSTEM_PYTHON_USABLE := $(shell /usr/bin/python3 -c 'import sys, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo yes)
PYTHON ?= $(if $(SYSTEM_PYTHON_USABLE),/usr/bin/python3,python3)
PYTHON_VERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
VENV := .venv
BIN := $(VENV)/bin
# Named after the Python and its version: another one (or a distribution upgrade) makes a new .venv.
INSTALLED := $(VENV)/.installed-$(subst /,_,$(PYTHON))-$(PYTHON_VERSION)

.PHONY: pdf pdf-screen test lint preview bench example system-check readers-check clean fonts icc proof lock

pdf: system-check $(INSTALLED)
	$(BIN)/whitepaper build --edition print

pdf-screen: system-check $(INSTALLED)
	$(BIN)/whitepaper build --edition screen

test: system-check readers-check $(INSTALLED)
	$(BIN)/pytest

lint: $(INSTALLED)
	$(BIN)/whitepaper lint

PORT ?= 8000
EDITION ?= print
preview: system-check $(INSTALLED)
	$(BIN)/whitepaper preview --port $(PORT) --edition $(EDITION)

# The example book is built in build/example/, beside a copy of styles/ (the build reads only its own project).
example: system-check $(INSTALLED)
	rm -rf build/example && mkdir -p build/example
	cp -r examples/2023/content styles build/example/ && ln -s "$(CURDIR)/fonts" build/example/fonts
	$(BIN)/whitepaper build --project build/example --edition print -o build/example-2023.pdf
	$(BIN)/whitepaper build --project build/example --edition screen -o build/example-2023-screen.pdf

bench: system-check $(INSTALLED)
	$(BIN)/python scripts/bench.py

proof: system-check $(INSTALLED)
	$(BIN)/whitepaper proof

# Every package of .venv comes from requirements.lock, pinned and checked against its hashes; only the project
# itself is installed from here. `make lock` remakes the lock after a change to pyproject.toml.
$(INSTALLED): pyproject.toml requirements.lock
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

LOCK_TOOLS := build/lock-tools
lock:
	$(PYTHON) -m venv --clear $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/pip install --quiet pip-tools==7.6.2
	$(LOCK_TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links --extra test --all-build-deps \
	    --strip-extras --output-file requirements.lock pyproject.toml

# Libraries pip cannot bring. Pango lays out the text; HarfBuzz's subsetter makes font subsetting 10x faster.
# Missing ones are installed on Debian and Ubuntu (scripts/install_system_packages.sh says what, first).
INSTALL := sh scripts/install_system_packages.sh
system-check:
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || $(INSTALL) "Python's venv module" python3-venv
	@ldconfig -p | grep -q 'libpango-1.0.so.0' || $(INSTALL) Pango libpango-1.0-0 libpangoft2-1.0-0
	@ldconfig -p | grep -q 'libharfbuzz-subset.so.0' || $(INSTALL) "HarfBuzz's subsetter" libharfbuzz-subset0

# The tests render our PDFs with readers that are not ours: Ghostscript and MuPDF draw and separate, qpdf checks;
# Node.js runs the preview page's script (tests/test_preview_place.py).
readers-check:
	@for tool in gs mutool qpdf; do command -v $$tool >/dev/null || { $(INSTALL) "$$tool (the tests read the book with it)" ghostscript mupdf-tools qpdf; break; }; done
	@command -v node >/dev/null || $(INSTALL) "Node.js (the tests run the preview page's script with it)" nodejs

# Rebuild fonts/ from Debian's fonts-noto-cjk (only after adding text with characters the fonts lack).
fonts: $(INSTALLED)
	$(BIN)/python scripts/subset_fonts.py

# Rebuild the print edition's ICC profile from Debian's FOGRA39 data (byte-identical; see styles/icc/README.md).
icc:
	python3 scripts/make_icc_profile.py

clean:
	rm -rf build
