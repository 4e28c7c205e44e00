# notedesk developer commands. `make run` starts the app, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
# The editable install puts the checkout on sys.path with a .pth line ("compat" mode)
# rather than an import hook, which would cost every start of the app ~20 ms.
EDITABLE := --config-settings editable_mode=compat

.PHONY: run test lint bench package smoke clean vendor

$(VENV)/.installed-run: pyproject.toml
	bash packaging/system-deps.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install $(EDITABLE) -e .
	bash packaging/vendor-js.sh
	touch $@

$(VENV)/.installed-test: pyproject.toml
	bash packaging/system-deps.sh --test
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install $(EDITABLE) -e '.[test]'
	bash packaging/vendor-js.sh
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(VENV)/bin/notedesk $(ARGS)

test: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox --disable-gpu" \
		$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check notedesk tests bench
	$(VENV)/bin/mypy

bench: $(VENV)/.installed-test
	$(PY) bench/run_all.py

vendor:
	bash packaging/vendor-js.sh

# Linux installers into dist/: the .deb and a portable tar.gz (packaging/README.md).
package: $(VENV)/.installed-run
	bash packaging/linux/build-deps.sh
	bash packaging/vendor-js.sh
	$(PIP) install 'pyinstaller>=6.10'
	rm -rf build/dist build/pyinstaller build/deb build/tarball
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath build/dist \
		--workpath build/pyinstaller packaging/notedesk.spec
	build/dist/notedesk/notedesk --self-test
	bash packaging/linux/build-deb.sh
	bash packaging/linux/build-tarball.sh

# Installs dist/notedesk_*.deb with apt, checks the installed app, purges it (needs root).
smoke:
	bash packaging/smoke-test.sh

clean:
	rm -rf $(VENV) build dist *.egg-info
