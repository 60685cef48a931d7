"""The coding assistant: wall time on the bundled study, and held-out agreement on real coded sets.

    python benchmarks/assistant.py                 # bundled study: wall time on 2 cores (budget 10 s)
    python benchmarks/assistant.py REALCODED_DIR   # per set, held out by document
    python benchmarks/assistant.py REALCODED_DIR --dev  # development part only (for choosing features)
    python benchmarks/assistant.py REALCODED_DIR --dev --diagnose  # and where the misses lie
    python benchmarks/assistant.py REALCODED_DIR --dev --seed 3  # another inner seed (its spread)
    python benchmarks/assistant.py REALCODED_DIR --dev --cv-repeats 1  # one dealing into folds

Bundled study: runs the assistant stage's library calls (reading the human codings, selection by
grouped CV, nested held-out agreement, fitting, scoring every participant turn) on `results/` of
this checkout (run the pipeline first), pinned to two cores, three times: prints the best and
median wall time against the 10 s budget, the CPU time, whether the runs gave identical
suggestions, the load average, and the rule coder's time on the same corpus.

Real coded sets (folders with units.tsv, codes.tsv, codebook.yaml): documents (`doc_id`) are dealt
into 5 folds by a fixed hash; fold 0 is the evaluation part, never seen by selection or fitting.
The assistant is trained on the other documents (reference: every unit's coders under consensus
'all'; each code's label, definition, examples and sub-code names (`code->sub-code`, as the
codebook lists them) as its codebook document, and each of them — each line of the examples, each
sub-code name — also as one of its separate statements). The rule baseline has no project
keyword list there: each code's keywords are the words of its label (stop words dropped, Snowball
stems), nothing more. Printed: pooled kappa (all in-scope unit x code items stacked) of assistant
and rules against the reference, per-code wins, and where two coders exist kappa against each coder
beside the human-human kappa on the same held-out units. Aggregates only: no text is printed.
With --dev, fold 0 is not read at all: each of folds 1-4 is held out in turn and suggested by an
assistant trained on the other three, and the figures are over the four (for choosing candidates
without touching the evaluation part). With --diagnose, also: per way a code was decided (rules, a
model of its own, the shared model, the shared model with no training positive) the reference
positives, suggestions and agreements; the same by the rank of a code's score among the unit's
in-scope codes; how many unsuggested lower-ranked items with a score >= 0.1 are reference
positives (whether a lower threshold could find the misses); and against each coder, on the units
that coder coded, the false positives and negatives (how many of them the other coder rated as the
assistant did), by how the code was decided, by the number of codes the coder gave the unit, and
the units either side left without a code; and how many of the positives found and missed, and of
the false suggestions, share at least one stemmed word with the code's codebook statements.
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
import time
from pathlib import Path

import numpy as np
import yaml
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from coprod.assistant import Assistant, rule_hits  # noqa: E402
from coprod.coding import Code, keyword  # noqa: E402
from coprod.reliability import cohen_kappa  # noqa: E402

SEED, FOLDS, MIN_POSITIVE = 20220203, 5, 5
CV_GIVEN = [False]  # --cv-repeats given: the bundled study uses it instead of the config's
CV_REPEATS = [2]  # the assistant's dealings into folds (coding.assistant.repeats; --cv-repeats)


def read_tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def label_rules(codes: list[dict]) -> list[Code]:
    out = []
    for c in codes:
        ws = [w for w in re.split(r"[^A-Za-z0-9]+", c.get("label") or c["id"]) if w]
        ws = [w.lower() for w in ws if len(w) > 2 and w.lower() not in ENGLISH_STOP_WORDS]
        out.append(Code(c["id"], "", c.get("label") or c["id"], tuple(keyword(w, stem=True) for w in ws), ()))
    return out


def extra_docs(codes: list[dict]) -> dict[str, str]:
    out = {}
    for c in codes:
        parts = [c.get("label") or "", c.get("definition") or "", c.get("examples") or ""]
        # a code's sub-code names (`code->sub-code`, listed in the codebook) say what it covers,
        # as an include note would
        parts += [str(x) for x in c.get("sub_codes") or []]
        out[c["id"]] = " ".join(str(p) for p in parts if p)
    return out


def extra_parts(codes: list[dict]) -> dict[str, list[str]]:
    """Per code, the separate statements of its codebook entry: label, definition, each line of
    the examples, each sub-code's name (the part after `->`)."""
    out = {}
    for c in codes:
        parts = [c.get("label") or "", c.get("definition") or ""]
        parts += str(c.get("examples") or "").splitlines()
        parts += [str(x).split("->")[-1] for x in c.get("sub_codes") or []]
        out[c["id"]] = [str(p).strip() for p in parts if str(p).strip()]
    return out


def fold_of(doc: str) -> int:
    return int(hashlib.sha256(doc.encode()).hexdigest(), 16) % 5


def kappa(a: np.ndarray, b: np.ndarray) -> float:
    return cohen_kappa(a.astype(int).tolist(), b.astype(int).tolist())


def load(folder: Path):
    book = yaml.safe_load((folder / "codebook.yaml").read_text(encoding="utf-8"))
    codes = book["codes"]
    ids = [c["id"] for c in codes]
    col = {c: j for j, c in enumerate(ids)}
    units = read_tsv(folder / "units.tsv")
    by_unit: dict[str, dict[str, set[str]]] = {}
    for r in read_tsv(folder / "codes.tsv"):
        code = r["code"].split("->")[0]
        s = by_unit.setdefault(r["unit_id"], {}).setdefault(r["coder"], set())
        if code in col:
            s.add(code)
    units = [u for u in units if u["unit_id"] in by_unit]
    coders = list(book.get("coders") or sorted({c for u in by_unit.values() for c in u}))
    n, k = len(units), len(ids)
    scope = np.ones((n, k), dtype=bool)
    if any(c.get("scope") for c in codes):
        scope = np.array([[c.get("scope") in (None, u.get("scope")) for c in codes] for u in units])
    per = {c: np.full((n, k), -1, dtype=np.int8) for c in coders}  # -1: this coder did not code the unit
    for i, u in enumerate(units):
        for c, s in by_unit[u["unit_id"]].items():
            per[c][i] = 0
            for code in s:
                per[c][i, col[code]] = 1
    # consensus 'all': a code carries when every coder who coded the unit applied it
    coded = sum((per[c] >= 0).astype(int) for c in coders)
    applied = sum((per[c] == 1).astype(int) for c in coders)
    y = ((applied == coded) & (coded > 0)).astype(np.int8)
    return units, codes, ids, scope, per, y


def held_out(texts, groups, y, rules, scope, codes, ids, tr, te, min_positive, per, seed=SEED, folds=FOLDS):
    """The assistant selected and fitted on units `tr`, its suggestions for units `te`."""
    labels = {c["id"]: c.get("label") or c["id"] for c in codes}
    a = Assistant(
        ids,
        extra_docs(codes),
        min_positive=min_positive,
        folds=folds,
        seed=seed,
        labels=labels,
        parts=extra_parts(codes),
        repeats=CV_REPEATS[0],
    )
    tt = [texts[i] for i in tr]
    ratings = np.stack([per[c] for c in per], axis=2)  # each coder's codes: the choices' κ
    a.select(tt, [groups[i] for i in tr], y[tr], rules[tr], scope[tr], ratings[tr])
    a.fit(tt, y[tr], scope[tr])
    scores, pred = a.score([texts[i] for i in te], rules[te], scope[te])
    return a, pred, scores


def kinds(choices) -> np.ndarray:
    """Per code, how the assistant decided it: 0 rules, 1 a choice of its own (learned), 2 the
    shared model (one to min_positive - 1 training positives), 3 the shared model from the codebook
    text alone (no training positive)."""
    return np.array(
        [
            0 if c.model is None else 1 if c.status.startswith("learned") else 2 if c.positives else 3
            for c in choices
        ]
    )


def diagnose(ref, pred, scores, kind, sc) -> None:
    """Where the held-out disagreement with the reference lies (counts only): by how each code was
    decided, and by the rank of the code's score among the unit's in-scope codes."""
    names = ("rules", "own model", "shared model", "shared model, no training positive")
    for k, name in enumerate(names):
        m = sc & (kind == k)
        tp = int((pred & (ref == 1) & m).sum())
        print(f"  {name}: reference positives {int(ref[m].sum())}, suggested {int(pred[m].sum())}, both {tp}")
    s = np.where(sc, scores, -np.inf)
    rank = (-s).argsort(1, kind="stable").argsort(1, kind="stable") + 1
    for r in (1, 2, 3):
        m = sc & ((rank == r) if r < 3 else (rank >= r))
        print(
            f"  rank {r}{'+' if r == 3 else ''} of the unit's scores: reference positives "
            f"{int(ref[m].sum())}, found {int((pred & (ref == 1) & m).sum())}, "
            f"suggested {int(pred[m].sum())}"
        )
    m = sc & (rank >= 2) & ~pred & (scores >= 0.1)
    print(
        f"  not suggested, rank 2+, score >= 0.1: {int(m.sum())} items, "
        f"{int(ref[m].sum())} reference positives"
    )


def lexical_gap(texts: list[str], codes: list[dict], ref, pred, sc) -> None:
    """Whether a unit shares any stemmed word (stop words left out) with a code's codebook
    statements (label, definition, example lines, sub-code names), counted for the reference
    positives found and missed, and for the suggestions that are not reference positives (counts
    only): a miss that shares no word is out of reach of every lexical feature."""
    from coprod.text import stem, tokens

    def stems(text: str) -> set[str]:
        return {stem(t) for t in tokens(text.replace("_", " ")) if t.lower() not in ENGLISH_STOP_WORDS}

    unit = [stems(t) for t in texts]
    code = [set().union(*(stems(p) for p in ps)) if ps else set() for ps in extra_parts(codes).values()]
    shares = np.array([[bool(u & c) for c in code] for u in unit]) & sc
    for name, m in (
        ("found", sc & pred & (ref == 1)),
        ("missed", sc & ~pred & (ref == 1)),
        ("suggested, not a reference positive", sc & pred & (ref == 0)),
    ):
        both = int((m & shares).sum())
        print(f"  {name}: {int(m.sum())} items, sharing a stemmed word with the code's statements {both}")


def diagnose_coders(per: dict[str, np.ndarray], pred, kind, sc) -> None:
    """Against each coder, on the in-scope items of the units that coder coded (counts only): false
    positives and negatives, how many of them the other coder (where they coded the unit) rated
    as the assistant did (the coders split there); by how the code was decided; by how many codes
    the coder gave the unit (0, 1, 2, 3+); and the units each side left without a code."""
    names = ("rules", "own model", "shared model", "shared, no training positive")
    coders = list(per)
    for c in coders:
        r = per[c]
        rated = (r >= 0) & sc
        fp, fn = rated & pred & (r == 0), rated & ~pred & (r == 1)
        split_fp = split_fn = 0
        for o in coders:
            if o != c:
                split_fp += int((fp & (per[o] == 1)).sum())
                split_fn += int((fn & (per[o] == 0)).sum())
        print(
            f"  vs {c}: items {int(rated.sum())}, positives {int((rated & (r == 1)).sum())}, "
            f"suggested {int((rated & pred).sum())}, FP {int(fp.sum())} (other coder also gave it "
            f"{split_fp}), FN {int(fn.sum())} (other coder also left it {split_fn})"
        )
        print(
            "    by decision: "
            + "; ".join(
                f"{n} FP {int((fp & (kind == k)).sum())} FN {int((fn & (kind == k)).sum())}"
                for k, n in enumerate(names)
            )
        )
        ncodes = np.where(rated, r == 1, False).sum(1)
        unit = rated.any(1)
        parts = []
        for lo, hi, n in ((0, 0, "0"), (1, 1, "1"), (2, 2, "2"), (3, 999, "3+")):
            m = unit & (ncodes >= lo) & (ncodes <= hi)
            parts.append(
                f"{n}: units {int(m.sum())} FP {int(fp[m].sum())} FN {int(fn[m].sum())} "
                f"suggested/unit {pred[m].sum() / max(int(m.sum()), 1):.2f}"
            )
        print("    by the coder's codes per unit: " + "; ".join(parts))
        none_p = unit & ~(pred & rated).any(1)
        print(
            f"    units with no code: coder {int((unit & (ncodes == 0)).sum())}, assistant "
            f"{int(none_p.sum())}, both {int((none_p & (ncodes == 0)).sum())}"
        )


def run_set(
    folder: Path,
    min_positive: int = MIN_POSITIVE,
    dev: bool = False,
    diag: bool = False,
    seed: int = SEED,
    folds: int = FOLDS,
) -> None:
    units, codes, ids, scope, per, y = load(folder)
    texts = [u["text"] for u in units]
    groups = [u["doc_id"] for u in units]
    fold = np.array([fold_of(g) for g in groups])
    rules = rule_hits(texts, label_rules(codes))
    t0 = time.perf_counter()
    if dev:  # development part only: each of folds 1-4 held out in turn, trained on the other three
        te = np.flatnonzero(fold != 0)
        pred = np.zeros((len(te), len(ids)), dtype=bool)
        scores, kind = np.zeros(pred.shape), np.zeros(pred.shape, dtype=int)
        for f in (1, 2, 3, 4):
            part = np.flatnonzero(fold[te] == f)
            a, pred[part], scores[part] = held_out(
                texts,
                groups,
                y,
                rules,
                scope,
                codes,
                ids,
                np.flatnonzero((fold != 0) & (fold != f)),
                te[part],
                min_positive,
                per,
                seed,
                folds,
            )
            kind[part] = kinds(a.choices)
        tr = np.flatnonzero((fold != 0) & (fold != 4))  # the last model's training units (counts only)
    else:
        tr, te = np.flatnonzero(fold != 0), np.flatnonzero(fold == 0)
        a, pred, scores = held_out(
            texts, groups, y, rules, scope, codes, ids, tr, te, min_positive, per, seed, folds
        )
        kind = np.broadcast_to(kinds(a.choices), pred.shape)
    secs = time.perf_counter() - t0
    sc, ref, rl = scope[te], y[te], rules[te].astype(bool)
    learned = sum(c.model is not None and c.status == "learned" for c in a.choices)
    shared = sum(c.status.startswith("few human") for c in a.choices)
    mode = "development part, folds 1-4 held out in turn" if dev else "fold 0 held out"
    print(
        f"\n## {folder.name} (min_positive {min_positive}; seed {seed}; inner folds {folds} "
        f"x {CV_REPEATS[0]} dealings; {mode})"
    )
    print(
        f"units {len(units)} ({len(tr)} train / {len(te)} held out, documents "
        f"{len({groups[i] for i in tr})} / {len({groups[i] for i in te})}); "
        f"codes {len(ids)}, model chosen per code {learned}, "
        f"shared neighbour model (too few positives) {shared}, "
        f"shared model from the codebook text (no human positive) "
        f"{sum(c.positives == 0 and c.model is not None for c in a.choices)}, "
        f"rules (chosen or too few positives) "
        f"{sum(c.model is None for c in a.choices)}; {secs:.1f} s"
    )
    ka, kr = kappa(ref[sc], pred[sc]), kappa(ref[sc], rl[sc])
    print(f"pooled kappa vs reference (consensus all): assistant {ka:.3f}, rules {kr:.3f}")
    wins = ties = losses = 0
    for j in range(len(ids)):
        rows = sc[:, j]
        if ref[rows, j].sum() == 0:
            continue
        x, z = kappa(ref[rows, j], pred[rows, j]), kappa(ref[rows, j], rl[rows, j])
        x, z = (0.0 if np.isnan(x) else x), (0.0 if np.isnan(z) else z)
        wins += x > z + 1e-9
        losses += z > x + 1e-9
        ties += abs(x - z) <= 1e-9
    print(f"codes with a held-out positive: assistant better {wins}, equal {ties}, worse {losses}")
    if diag:
        diagnose(ref, pred, scores, kind, sc)
        lexical_gap([texts[i] for i in te], codes, ref, pred, sc)
    coders = list(per)
    if diag:
        diagnose_coders({c: per[c][te] for c in coders}, pred, kind, sc)
    if len(coders) == 2:
        a0, a1 = per[coders[0]][te], per[coders[1]][te]
        both = (a0 >= 0) & (a1 >= 0) & sc
        hh = kappa(a0[both], a1[both])
        line = [f"on {int(both.any(axis=1).sum())} held-out units coded by both: human-human kappa {hh:.3f}"]
        for c, m in zip(coders, (a0, a1), strict=True):
            k = kappa(m[both], pred[both])
            line.append(f"assistant vs {c} {k:.3f} ({k / hh:.2f} x human-human)")
            line.append(f"rules vs {c} {kappa(m[both], rl[both]):.3f}")
        print("; ".join(line))


BUDGET_SECONDS = 10.0


def run_bundled(repeats: int = 3) -> None:
    """Wall time of the assistant stage's library calls on the bundled study, on at most 2 cores
    (the process is pinned to two of the available cores), best and median of `repeats` runs,
    against the 10 s budget; the load average is printed beside it (other work on the machine
    slows the figure down)."""
    import glob
    import os
    import statistics

    from coprod.assistant import assist, unit_table
    from coprod.coding import apply_codebook, load_codebook
    from coprod.human import load_human_inputs
    from coprod.segment import load_docs
    from coprod.tables import read_tsv

    root = Path(__file__).resolve().parents[1]
    results = root / "results"
    if not (results / "segments.tsv").exists():
        sys.exit(f"{results}/segments.tsv: not found; run the pipeline first")
    cores = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, cores[:2])
    cfg = yaml.safe_load((root / "config" / "config.yaml").read_text(encoding="utf-8"))["coding"]
    if CV_GIVEN[0]:
        cfg["assistant"] = {**cfg["assistant"], "repeats": CV_REPEATS[0]}
    human = [h["file"] for h in cfg["human"]]
    coders = [h["coder"] for h in cfg["human"]]
    os.chdir(root)
    times, cpu, digests = [], [], set()
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        ids, segments, codings, sample = load_human_inputs(
            cfg["codebook"], human, coders, cfg["human_sample"], str(results / "segments.tsv")
        )
        codebook, codes = load_codebook(cfg["codebook"])
        docs = load_docs(sorted(glob.glob(str(results / "deidentified" / "*.json"))))
        out = assist(
            unit_table(docs), codebook, codes, codings, sample, coders, cfg["consensus"], cfg["assistant"]
        )
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        digests.add(hashlib.sha256(out["suggestions"].to_csv(index=False).encode()).hexdigest())
    t0 = time.perf_counter()
    apply_codebook(read_tsv(results / "segments.tsv"), load_codebook(cfg["codebook"])[1])
    t_rules = time.perf_counter() - t0
    best, median = min(times), statistics.median(times)
    n = out["manuscript"]["numbers"]
    load1, _, _ = os.getloadavg()
    print(
        f"bundled study on {len(os.sched_getaffinity(0))} cores (load average {load1:.1f}): assistant "
        f"best {best:.2f} s, median {median:.2f} s of {repeats} runs, CPU time (all threads) best "
        f"{min(cpu):.2f} s "
        f"({len(out['suggestions'])} unit x code scores; identical outputs: {len(digests) == 1}); "
        f"rule coder on the same corpus {t_rules:.2f} s"
    )
    ka, kr, ha = (
        n[k]
        for k in ("kappa_assistant_pooled", "kappa_rules_pooled_same_codes", "alpha_humans_pooled_same_codes")
    )
    print(
        f"held-out pooled kappa over {n['codes_learned']} codes: assistant {ka:.3f}, rules {kr:.3f} "
        f"(humans alpha {ha:.3f}); assistant better on {n['codes_assistant_better']}; "
        f"shared model for {n['codes_shared_model']}"
    )
    verdict = "within" if best <= BUDGET_SECONDS else "OVER"
    print(
        f"budget {BUDGET_SECONDS:.0f} s on 2 cores: {verdict} (best wall time; on a busy machine the "
        "CPU time is the figure an idle one would approach)"
    )


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument(
        "realcoded", nargs="?", help="folder of real coded sets (units.tsv, codes.tsv, codebook.yaml)"
    )
    ap.add_argument("--min-positive", type=int, default=MIN_POSITIVE, help="coding.assistant.min_positive")
    ap.add_argument(
        "--dev",
        action="store_true",
        help="measure on the development part only (folds 1-4, each held out in turn); fold 0 unread",
    )
    ap.add_argument(
        "--seed",
        type=int,
        default=SEED,
        help="the assistant's seed (its inner folds); the outer folds stay fixed. Compare over several",
    )
    ap.add_argument(
        "--folds", type=int, default=FOLDS, help="the assistant's inner folds (coding.assistant.folds)"
    )
    ap.add_argument(
        "--cv-repeats",
        type=int,
        help="the assistant's dealings into folds (coding.assistant.repeats; real sets: default 2, "
        "bundled study: the config's)",
    )
    ap.add_argument("--only", help="run only the set whose folder name contains this")
    ap.add_argument(
        "--diagnose",
        action="store_true",
        help="also print where the held-out disagreement lies: by how codes were decided, by score rank",
    )
    ap.add_argument("--repeats", type=int, default=3, help="bundled study: timed runs")
    args = ap.parse_args()
    if args.cv_repeats is not None:
        CV_GIVEN[0], CV_REPEATS[0] = True, args.cv_repeats
    if args.realcoded:
        base = Path(args.realcoded)
        for folder in sorted(p for p in base.iterdir() if (p / "units.tsv").exists()):
            if not args.only or args.only in folder.name:
                run_set(folder, args.min_positive, args.dev, args.diagnose, args.seed, args.folds)
    else:
        run_bundled(args.repeats)
