# The two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEV := DJANGO_SETTINGS_MODULE=lms.settings.dev WAGTAILADMIN_BASE_URL=http://127.0.0.1:$(PORT)

.PHONY: run test install migrate demo lint format messages compilemessages clean

$(VENV)/.installed: requirements.txt constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(DEV) $(PY) manage.py migrate --noinput

demo: migrate
	$(DEV) $(PY) manage.py make_certificate_key --if-missing
	$(DEV) $(PY) manage.py load_demo

run: demo
	$(DEV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Needs GNU gettext (Debian: gettext). The compiled .mo files are committed.
messages: install
	$(DEV) $(PY) manage.py makemessages --locale th --locale en --ignore ".venv/*" --ignore "tests/*" --no-obsolete
	$(DEV) $(PY) manage.py compilemessages --ignore ".venv/*"

clean:
	rm -rf .pytest_cache .ruff_cache .test-media staticfiles
