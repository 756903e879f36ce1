# Two commands set up everything on a fresh machine: `make serve` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: setup serve site check test browser bench clean translations

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

## serve: build the site and serve it with live reload on http://127.0.0.1:8000; after an
## edit only the pages that depend on the changed file are rendered again (--dirty);
## RENDERER=properdocs serves it with ProperDocs; RENDERER=zensical runs `clausewise pages
## --watch` (after an edit it writes only the files of the tree that changed) beside
## `zensical serve` on that tree
RENDERER ?= mkdocs
ZENSICAL := build/zensical
serve: setup
ifeq ($(RENDERER),zensical)
	$(VENV)/bin/clausewise pages --out $(ZENSICAL)/docs --config $(ZENSICAL)/mkdocs.yml --site-dir $(ZENSICAL)/site
	$(VENV)/bin/clausewise pages --watch --out $(ZENSICAL)/docs --config $(ZENSICAL)/mkdocs.yml --site-dir $(ZENSICAL)/site & \
	  watcher=$$!; trap 'kill $$watcher 2>/dev/null' EXIT INT TERM; \
	  $(VENV)/bin/zensical serve -f $(ZENSICAL)/mkdocs.yml -a $(HOST)
else
	$(VENV)/bin/$(RENDERER) serve --dev-addr $(HOST) --livereload --dirty
endif

## site: build the site into site/ (strict: any warning fails); RENDERER=properdocs builds
## it with ProperDocs, the maintained fork of MkDocs 1.x, instead; RENDERER=zensical with
## Zensical, which cannot run the plugin: `clausewise pages` writes the whole docs tree and
## its configuration into build/zensical/, Zensical builds that, and the result replaces
## site/ only when the build succeeds
site: setup
ifeq ($(RENDERER),zensical)
	$(VENV)/bin/clausewise pages --out $(ZENSICAL)/docs --config $(ZENSICAL)/mkdocs.yml --site-dir $(ZENSICAL)/site
	rm -rf $(ZENSICAL)/site
	$(VENV)/bin/zensical build --clean --strict --config-file $(ZENSICAL)/mkdocs.yml
	rm -rf .site.old && { [ ! -e site ] || mv site .site.old; } && mv $(ZENSICAL)/site site && rm -rf .site.old
else
	$(VENV)/bin/$(RENDERER) build --strict --site-dir site
endif

## check: validate the content, as CI and the pre-commit hook do
check: setup
	$(VENV)/bin/clausewise check

## browser: Debian's chromium for the browser tests (Playwright drives it; nothing is downloaded)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

## test: set up and run every test (unit, end-to-end site builds, headless browser)
test: setup browser
	$(PY) -m pytest -q

## bench: benchmark clausewise against plain MkDocs at 100, 1,000 and 3,000 RFCs (docs/benchmarks.md)
bench: setup
	$(PY) scripts/bench --repeat 3
	$(PY) scripts/bench-preview --out docs/benchmarks.md
	$(PY) scripts/profile-rebuild --out docs/benchmarks.md

clean:
	rm -rf site $(VENV) .pytest_cache

## translations: extract the strings clausewise writes into a site into
## src/clausewise/locale/clausewise.pot, merge them into every catalog and compile the
## catalogs (docs/translating.md)
translations: setup
	$(PY) scripts/translations
