# Two commands on a fresh machine:  `make`  (set up + run everything)  and  `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORES ?= all
# The study's config for `make review-deid` (and anything else that reads one study's settings).
CONFIG ?= config/config.yaml
# Fixed build date for byte-identical outputs (3 Feb 2022, the article's first online date);
# override with `make SOURCE_DATE_EPOCH=...`.
SOURCE_DATE_EPOCH ?= 1643846400
export SOURCE_DATE_EPOCH

.DEFAULT_GOAL := all
.PHONY: all help venv venv-cluster run unlock archive review review-deid report test lint pytest dryrun clean clean-results lock bench test-cluster test-redteam

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

all: run ## create .venv, install pinned deps, run the pipeline on the example, render the manuscript

# The local venv holds no Snakemake executor plugin: Snakemake imports every installed one at each
# start, and the SLURM one imports pandas (a third of a CPU second of every call, the no-op's too).
# A venv made when the lock still named it loses it here; `make venv-cluster` puts it back.
CLUSTER_PACKAGES := snakemake-executor-plugin-slurm snakemake-executor-plugin-slurm-jobstep
$(BIN)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/pip uninstall -qq --disable-pip-version-check -y $(CLUSTER_PACKAGES)
	touch $@

venv: $(BIN)/.installed ## create .venv with the pinned dependencies (requirements.lock)

$(BIN)/.installed-cluster: requirements-cluster.lock $(BIN)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-cluster.lock -c requirements.lock
	touch $@

venv-cluster: $(BIN)/.installed-cluster ## .venv plus the SLURM executor for profiles/slurm (requirements-cluster.lock)

run: venv ## run the whole pipeline (snakemake --cores $(CORES)); resumes cleanly after a kill
	$(BIN)/snakemake --cores $(CORES) --rerun-incomplete

unlock: venv ## after a crash or kill -9: release Snakemake's lock, then `make` resumes
	$(BIN)/snakemake --unlock

archive: venv ## reviewer archive of the shareable zone + code + checksums: archive/coprod-archive.zip
	$(BIN)/coprod archive --config config/config.yaml --out archive/coprod-archive.zip

review: venv ## rebuild from a reviewer archive and verify: make review ARCHIVE=archive/coprod-archive.zip
	@test -n "$(ARCHIVE)" || { echo "usage: make review ARCHIVE=path/to/archive.zip"; exit 2; }
	rm -rf review && mkdir review
	$(BIN)/coprod unpack "$(ARCHIVE)" review
	cd review && ../$(BIN)/snakemake --cores $(CORES) --configfile config/config.yaml config/review.yaml
	cd review && ../$(BIN)/coprod verify-archive .

review-deid: venv ## the replacements to glance at, weakest first (private: prints original text); CONFIG=config/<study>/config.yaml for another study
	$(BIN)/coprod review-deid --config $(CONFIG)

report: venv ## snakemake's self-contained HTML report of figures and tables: results/report.html
	$(BIN)/snakemake --report results/report.html

dryrun: venv ## which stages a run would re-run and why (CONFIG=config/<study>/config.yaml for another study)
	$(BIN)/coprod plan --config $(CONFIG)

lint: venv ## ruff, snakefmt --check, snakemake --lint
	$(BIN)/ruff check .
	$(BIN)/snakefmt --check .
	$(BIN)/snakemake --lint

pytest: venv ## the pytest suite only
	$(BIN)/pytest

test: lint pytest ## linters + the test suite (the red-team and cluster groups run on their own, below)

test-redteam: venv ## the red-team cases (tests/redteam: whole de-identification runs, ~1,100); CI runs them after make test
	$(BIN)/pytest -m redteam tests/redteam

test-cluster: venv-cluster ## (root) the workflow on a single-node SLURM started for the test, vs a local run; CI runs it too
	tests/cluster/run.sh

bench: venv ## benchmarks: pipeline (cold/no-op/edit), de-identification vs scrubadub, topics vs sklearn/gensim/tomotopy
	$(BIN)/python benchmarks/pipeline.py
	$(BIN)/python benchmarks/deidentify.py
	$(BIN)/python benchmarks/topics.py

lock: ## re-resolve requirements.lock and requirements-cluster.lock from pyproject.toml (needs network)
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet ".[dev,bench]"
	.lock-venv/bin/pip freeze --exclude coprod > requirements.lock
	.lock-venv/bin/pip install --quiet ".[cluster]" -c requirements.lock
	{ sed -n '/^#/p' requirements-cluster.lock; .lock-venv/bin/pip freeze --exclude coprod | grep -vxFf requirements.lock; } > requirements-cluster.lock.new
	mv requirements-cluster.lock.new requirements-cluster.lock
	rm -rf .lock-venv

clean-results: ## delete results/ and logs/ (keeps private/ and the pseudonym key)
	rm -rf results logs

clean: clean-results ## also delete .snakemake/ and .venv/ (keeps private/)
	rm -rf .snakemake $(VENV)
