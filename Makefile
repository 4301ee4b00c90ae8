# Smart Kampung bot. The two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PY := .venv/bin/python
export RASA_TELEMETRY_ENABLED := false
export PYTHONPATH := $(CURDIR)
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: setup setup-test setup-browser venv run train test test-unit test-e2e test-browser validate test-stories eval-nlu bench bench-messages bench-scale lint

# Python 3.10 venv with requirements.txt (re-installed only when it changed) and redis-server.
setup venv:
	@scripts/setup.sh redis

# For the tests also Debian's gammu-smsd (the SMS modem channel, run with Gammu's dummy phone)
# and chromium (the console's browser tests in tests/browser drive it).
setup-test:
	@scripts/setup.sh redis chromium gammu

setup-browser:
	@scripts/setup.sh redis chromium

# Everything in the foreground (Redis, Rasa, actions, webhook, worker); Ctrl-C stops all.
run:
	@scripts/run.sh

# Writes models/*.tar.gz; skips training when config, domain, data and nlu/ are unchanged.
train: setup
	$(PY) scripts/train.py

validate: setup
	$(PY) -m rasa data validate --domain domain --data data --config config.yml

# Dialogue stories in tests/stories, when there are any, must all be predicted.
test-stories: train
	@if [ -d tests/stories ] && [ -n "$$(find tests/stories -name '*.yml' -print -quit)" ]; then \
		$(PY) -m rasa test core --stories tests/stories --model models --fail-on-prediction-errors \
			--out results; \
	else echo "no stories in tests/stories"; fi

# The test command (README, .ci/run): unit and end-to-end tests, data validation, stories.
test: setup-test train validate
	$(PY) -m pytest tests
	$(MAKE) --no-print-directory test-stories

test-unit: setup
	$(PY) -m pytest tests/unit

test-e2e: setup-test train
	$(PY) -m pytest tests/e2e

# The admin console in headless Chromium (Playwright); screenshots go to docs/screenshots/.
test-browser: setup-browser
	$(PY) -m pytest tests/browser

eval-nlu: train
	$(PY) scripts/eval_nlu.py

# Turn 10 vs turn 500 of one contact, and the messages each service costs a villager;
# figures go into docs/benchmarks.md.
bench: train
	$(PY) scripts/bench_turns.py
	$(PY) scripts/bench_load.py
	$(PY) scripts/bench_messages.py

bench-messages: train
	$(PY) scripts/bench_messages.py

# Scale-out: the 8-phone closed loop with one Rasa server, then with two sharing Redis, in one
# run; the "Scale-out" section of docs/benchmarks.md.
bench-scale: train
	$(PY) scripts/bench_load.py --phones 8 --rasa 2 --scale-only

lint: setup
	$(PY) -m ruff check .

# Offline dependency audit against a local PyPA advisory-database (ADVISORY_DB=<git dir>); see docs/security.md.
.PHONY: audit
audit:
	$(PY) scripts/audit_offline.py --db "$(ADVISORY_DB)" --installed
