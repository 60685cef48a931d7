"""Where coprod's detection time goes: CPU time by stage and by recognizer, on the texts and
batches of `benchmarks/deidentify.py` (the bundled example corpus, one transcript per batch).

Each recognizer's `find`, the per-text pattern step and its hints, the shared word index, the
folded view and the allow-list/overlap/merge pass are timed (CPU time of this process) over the
same passes; shares are of the whole `find_many` time. Parts nest: `finish` includes `allow-list`;
`word index` is the one tokenisation every word-reading recognizer shares.

Also printed: the share of the text in texts where any recognizer finds anything before the
allow-list and overlap pass. A prefilter that skips texts no recognizer can fire on (exactly,
not by guess) saves at most the rest of the scanning; it bounds that lever.
Usage: .venv/bin/python benchmarks/deidentify_parts.py [--repeat N]
"""

from __future__ import annotations

import argparse
import bisect
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from deidentify import example_inputs  # noqa: E402

import coprod.privacy.analyzer as analyzer  # noqa: E402
from coprod.privacy.deidentify import SEP, Detector, Settings, common_words, speaker_entities  # noqa: E402


def timed(fn, label: str, spent: dict[str, float]):
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - start

    return wrapper


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5, help="timed passes (after one warm-up pass)")
    args = ap.parse_args()
    entities, transcripts, rows, batches = example_inputs()
    ours = Detector(entities + speaker_entities(transcripts, entities), Settings(), common_words(transcripts))

    # the prefilter bound: text in texts where some recognizer finds a span (before `_finish`)
    chars = hit = 0
    for batch in batches:
        texts = list(dict.fromkeys(batch))
        starts = [0]
        for t in texts[:-1]:
            starts.append(starts[-1] + len(t) + len(SEP))
        found = ours.find(SEP.join(texts), patterns=True, finish=False)
        with_span = {bisect.bisect_right(starts, s.start) - 1 for s in found}
        chars += sum(len(t) for t in texts)
        hit += sum(len(t) for k, t in enumerate(texts) if k in with_span)

    spent: dict[str, float] = {}
    for attr, part in sorted(vars(ours).items()):
        if attr != "names" and callable(getattr(part, "find", None)) and hasattr(part, "name"):
            part.find = timed(part.find, part.name, spent)
    for part in ours.identifiers:  # the structured-identifier recognizers, held as a tuple
        part.find = timed(part.find, part.name, spent)
    ours.common_uses.filter = timed(ours.common_uses.filter, "common_uses", spent)
    index_of = ours._index

    def index_built(text):  # the words are found lazily, by the first recognizer to read them
        index = index_of(text)
        index.distinct  # noqa: B018  (found here, so that their time is the index's)
        return index

    ours._index = timed(index_built, "word index", spent)
    for method, label in (("_views", "folded view"), ("_finish", "finish")):
        setattr(ours, method, timed(getattr(ours, method), label, spent))
    ours.protected = timed(ours.protected, "allow-list", spent)
    ours._protected_near = timed(ours._protected_near, "allow-list", spent)  # `_finish`'s own
    analyzer.pattern_hints = timed(analyzer.pattern_hints, "pattern hints", spent)

    for batch in batches:  # warm-up: the per-word memo tables fill as in the benchmark's passes
        ours.find_many(batch)
    spent.clear()
    start = time.process_time()
    for _ in range(args.repeat):
        for batch in batches:
            ours.find_many(batch)
    total = (time.process_time() - start) / args.repeat
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"coprod detection CPU by part: {total:.3f} s a pass, {args.repeat} passes (load average {load})")
    for label, secs in sorted(spent.items(), key=lambda kv: -kv[1]):
        secs /= args.repeat
        if secs >= 0.0005 * total:
            print(f"  {label:<24}{secs:>8.4f} s {100 * secs / total:>6.1f} %")
    print(
        f"text in texts where any recognizer finds a span: {100 * hit / chars:.1f} % "
        "(an exact prefilter skips at most the rest)"
    )


if __name__ == "__main__":
    main()
