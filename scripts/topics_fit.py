"""Snakemake adapter: one (K, seed) topic fit with its diagnostics; a progress line per chunk of
sweeps in the job's log and one line per finished fit appended to the topic search log."""

import json
import sys
import time

from coprod.cache import ContentCache
from coprod.snakeutil import run
from coprod.topics import fit_diagnostics, load_prepared


def main():
    p, w = snakemake.params.topics, snakemake.wildcards
    k, seed = int(w.k), int(w.seed)
    ids, prep = load_prepared(snakemake.input.corpus)
    cache = ContentCache(snakemake.params.cache)
    record = fit_diagnostics(prep, k, seed, p, log=sys.stderr, cache=cache, ids=ids)
    seconds = record.pop("seconds")  # timing goes to the logs only: results stay byte-identical
    with open(snakemake.output[0], "w", encoding="utf-8") as fh:
        json.dump({key: round(v, 6) if isinstance(v, float) else v for key, v in record.items()}, fh)
    line = (
        f"{time.strftime('%Y-%m-%dT%H:%M:%S')} fit K={k} seed={seed} done in {seconds:.2f}s: "
        f"held-out log-likelihood/word {record['heldout_loglik']:.4f}, NPMI {record['npmi']:.3f}, "
        f"exclusivity {record['exclusivity']:.3f}"
    )
    print(line, file=sys.stderr, flush=True)
    # O_APPEND: concurrent fit jobs each add whole lines
    with open(snakemake.params.progress, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")


run(snakemake, main)
