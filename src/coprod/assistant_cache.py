"""The coding assistant's selection reused by content (`coprod.cache`): the nested held-out
suggestions and the per-code choices (grouped cross-validation over every candidate model), which
are most of the assistant's work, are a function of the human-coded units alone — their texts and
transcripts, the human consensus, the rule hits on them, the codebook's code documents, the
settings — and of the code. The key is the hash of exactly those, plus the library's source and
the versions of the packages that fit the models; so an edit that leaves the coded units alone (a
transcript outside the coding sample, a new transcript, a de-identification decision that changes
no coded unit) scores every unit with the chosen models again without choosing them again, and
anything that changes what the selection reads (a coded unit's text, a codebook keyword, a human
coding, `coding.assistant`) chooses again. The entry holds numbers and code ids only; it lives
with the other caches in the private zone, is bounded, and an entry of the wrong shape is ignored
and rebuilt. Deleting it only costs time: the results are byte-identical either way.

The rule hits of every unit (`rule_hits_cached`, a sub-folder of the same cache) are kept per
code's rules and unit text, so an edited keyword applies only its code's rules again. The
selection itself cannot be kept across a keyword edit: a code's keywords are part of its codebook
document (`codebook_documents`, `codebook_parts`), which is in every fold's TF-IDF vocabulary, in
every code's training rows and in the shared model's label features, so every candidate's
out-of-fold probabilities move (on the bundled example one more keyword moved all of them). What
the selection computes without reading a rule hit is kept apart (`Memo`, another sub-folder):
an edit that changes rule hits but no codebook document re-selects from it.
"""

from __future__ import annotations

import hashlib
import math
import sys
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

FORMAT = "coprod-assistant-select 2"
# packages whose arithmetic the selection depends on
PACKAGES = ("numpy", "scipy", "scikit-learn")


@lru_cache(maxsize=1)
def code_version() -> str:
    """sha256 over every module of the library (the assistant and all it calls: tokenizer, stemmer,
    kappa, rules) and the versions of the packages that fit the models."""
    h = hashlib.sha256(FORMAT.encode())
    for pkg in PACKAGES:
        try:
            h.update(f"|{pkg} {version(pkg)}".encode())
        except PackageNotFoundError:
            h.update(f"|{pkg} none".encode())
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        h.update(f"{len(rel)}:{rel}".encode("utf-8", "surrogateescape"))
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def selection_key(texts, groups, y, rules, ids, extra, opts, ratings=None) -> str:
    """The key of one selection: every input it reads (each coder's codes too), the code and the
    packages."""
    from .cache import digest

    return digest(
        FORMAT,
        code_version(),
        list(texts),
        list(groups),
        np.asarray(y).astype(int).tolist(),
        np.asarray(rules).astype(int).tolist(),
        list(ids),
        {c: extra.get(c, "") for c in ids},
        {k: opts[k] for k in sorted(opts)},
        None if ratings is None else np.asarray(ratings).astype(int).tolist(),
    )


def _float(x) -> float:
    """A float from JSON (NaN is written as NaN; None read as nan)."""
    return math.nan if x is None else float(x)


def _dump(held: np.ndarray, a) -> dict:
    from .cache import pack_array

    return {
        "held": pack_array(held.astype(float)),
        "choices": [
            {
                "code": c.code,
                "positives": int(c.positives),
                "units": int(c.units),
                "status": c.status,
                "method": c.method,
                "threshold": float(c.threshold),
                "kappa": {k: float(v) for k, v in c.kappa.items()},
            }
            for c in a.choices
        ],
        "fill_empty": bool(a.fill_empty),
        "fill_kappa": [float(v) for v in a.fill_kappa],
        "exclusive": bool(a.exclusive),
        "exclusive_kappa": [float(v) for v in a.exclusive_kappa],
        "shared_oof": None if a._shared_oof is None else pack_array(a._shared_oof),
    }


def _load(entry: dict | None, ids, n_units: int, make):
    """(held, Assistant) from an entry, or None when it does not have exactly the shape this
    selection needs."""
    from .assistant import SHARED_FEATURES, Choice
    from .cache import unpack_array

    if entry is None:
        return None
    try:
        held = unpack_array(entry["held"])
        choices = [
            Choice(
                str(c["code"]),
                int(c["positives"]),
                int(c["units"]),
                str(c["status"]),
                str(c["method"]),
                float(c["threshold"]),
                {str(k): _float(v) for k, v in c["kappa"].items()},
            )
            for c in entry["choices"]
        ]
        shared = entry["shared_oof"]
        oof = None if shared is None else unpack_array(shared)
        fill_kappa = tuple(_float(v) for v in entry["fill_kappa"])
        fill_empty = entry["fill_empty"]
        exclusive_kappa = tuple(_float(v) for v in entry["exclusive_kappa"])
        exclusive = entry["exclusive"]
        a = make()
        stacked = n_units * a.repeats  # the repeats' out-of-fold features, stacked
        if (
            held.shape != (n_units, len(ids))
            or not np.isin(held, (0.0, 1.0)).all()
            or [c.code for c in choices] != list(ids)
            or (oof is not None and oof.shape != (stacked, len(ids), SHARED_FEATURES))
            or len(fill_kappa) != 2
            or not isinstance(fill_empty, bool)
            or len(exclusive_kappa) != 2
            or not isinstance(exclusive, bool)
        ):
            return None
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    a.choices, a._shared_oof, a.fill_empty, a.fill_kappa = choices, oof, fill_empty, fill_kappa
    a.exclusive, a.exclusive_kappa = exclusive, exclusive_kappa
    return held.astype(bool), a


# --- the rule hits of every unit, per code ------------------------------------------------------

HITS_FORMAT = "coprod-assistant-rule-hits 1"
# the texts' digests in an entry: the first 128 bits of each text's SHA-256, in hex
TEXT_HEX = 32
# the rule hits' share of the assistant's cache folder (in its own sub-folder, bounded apart)
HITS_SHARE = 8


def rules_key(code) -> str:  # noqa: ANN001 (a coprod.coding.Code)
    """The key of one code's rule hits: its rules (keywords with their language and exclusions,
    regular expressions with their flags, proximity rules) and the library, not its id, label or
    theme (which no rule reads)."""
    from .cache import digest

    return digest(
        HITS_FORMAT,
        code_version(),
        repr(code.keywords),
        [(rx.pattern, int(rx.flags)) for rx in code.regex],
        repr(code.proximity),
    )


def _known_hits(entry: dict | None) -> dict[str, int]:
    """text digest -> 0/1 from a rule-hits entry; empty when the entry is missing or of the wrong
    shape (then every hit is computed again and the entry rewritten)."""
    if entry is None:
        return {}
    try:
        digests, bits = entry["texts"], entry["hits"]
        n = len(bits)
        if (
            not isinstance(digests, str)
            or not isinstance(bits, str)
            or len(digests) != TEXT_HEX * n
            or bits.strip("01")
            or digests.strip("0123456789abcdef")
        ):
            return {}
    except (KeyError, TypeError):
        return {}
    return {digests[i * TEXT_HEX : (i + 1) * TEXT_HEX]: int(b) for i, b in enumerate(bits)}


def rule_hits_cached(texts: list[str], codes: list, cache=None) -> np.ndarray:  # noqa: ANN001
    """`coprod.assistant.rule_hits` (units × codes 0/1), each code's column reused by content from
    a sub-folder of `cache` (a `coprod.cache.ContentCache`): an entry per code's rules holds, for
    the units it was last computed on, each text's digest and the hit. So an edited keyword applies
    that code's rules to every unit again and no other code's, and an edited or added transcript
    applies every code's rules to its units only. The entry holds digests and bits, no text (it is
    in the private zone with the selection's entries all the same); it is rewritten with the
    current units whenever they differ, so it stays the size of one run's units."""
    from .assistant import rule_hits
    from .cache import ContentCache, text_digest

    if cache is None or not texts or not codes:
        return rule_hits(texts, codes)
    store = ContentCache(Path(cache.folder) / "rule_hits", max(cache.max_bytes // HITS_SHARE, 1))
    hexes = [text_digest(t)[:TEXT_HEX] for t in texts]
    out = np.zeros((len(texts), len(codes)), dtype=np.int8)
    missing = np.zeros(out.shape, dtype=bool)
    keys = [rules_key(code) for code in codes]
    stale = []
    for j, key in enumerate(keys):
        known = _known_hits(store.get(key))
        for i, h in enumerate(hexes):
            bit = known.get(h)
            if bit is None:
                missing[i, j] = True
            else:
                out[i, j] = bit
        if missing[:, j].any() or len(known) != len(set(hexes)):
            stale.append(j)
    rows, cols = np.flatnonzero(missing.any(1)), np.flatnonzero(missing.any(0))
    if len(rows):
        fresh = rule_hits([texts[i] for i in rows], [codes[j] for j in cols])
        out[np.ix_(rows, cols)] = fresh
    for j in stale:
        first = {}
        for i, h in enumerate(hexes):
            first.setdefault(h, out[i, j])
        store.put(
            keys[j],
            {"texts": "".join(first), "hits": "".join(str(int(b)) for b in first.values())},
            evict=False,
        )
    if stale:
        store.evict()
    return out


# --- what the selection computes without reading a rule hit -------------------------------------

MEMO_FORMAT = "coprod-assistant-memo 1"
# the memo's share of the assistant's cache folder (in its own sub-folder, bounded apart)
MEMO_SHARE = 2


def _matrix(a) -> list:
    return np.asarray(a).astype(int).tolist()


def assistant_key(a) -> str:
    """What an Assistant's models read besides its units: its codes, their codebook documents,
    statements and labels, its settings, the library and the packages."""
    from .cache import digest

    return digest(
        MEMO_FORMAT,
        code_version(),
        a.code_ids,
        a.extra,
        a.parts,
        a.labels,
        a.min_positive,
        a.folds,
        a.seed,
        a.repeats,
    )


def _probabilities(d) -> np.ndarray | None:
    """An array of probabilities (nan: not scored) from an entry, or None if malformed."""
    from .cache import unpack_array

    p = unpack_array(d)
    ok = np.isnan(p) | ((p >= 0.0) & (p <= 1.0))
    return p if ok.all() else None


class Memo:
    """What the assistant's selection computes without reading a rule hit, reused by content from a
    sub-folder of the assistant's cache (`coprod.cache.ContentCache`): per training set, every
    per-code model's out-of-fold probabilities and the shared model's out-of-fold features (the
    rule-hit feature left 0); per training set and new units, the shared features of the new units
    and each chosen model's probabilities for them. None of these reads a rule hit, so after an
    edit that changes only rule hits (a regular expression, a proximity rule, a keyword's `stem` or
    `not_in`; each coder's codes where the consensus stays the same) the selection re-decides (the
    shared model refitted, the candidates' κ, the pooled choices) from these without fitting a
    per-code model or vectorising a unit again. A keyword's term is also in its code's codebook
    document (`coprod.assistant.codebook_documents`), which every model reads, so a keyword edit
    misses. The entries hold numbers only; a malformed one is ignored and rebuilt, and the results
    are byte-identical to a run without it."""

    def __init__(self, cache) -> None:  # noqa: ANN001 (a coprod.cache.ContentCache)
        from .cache import ContentCache

        self.cache = ContentCache(Path(cache.folder) / "memo", max(cache.max_bytes // MEMO_SHARE, 1))

    def out_of_fold(self, a, texts, groups, y, scope, shared: bool):  # noqa: ANN001
        """`a._out_of_fold(...)`, reused when these units were selected on before."""
        from .assistant import MODELS, RULE_HIT, SHARED_FEATURES
        from .cache import digest, pack_array, unpack_array

        key = digest(
            "oof", assistant_key(a), list(texts), list(groups), _matrix(y), _matrix(scope), bool(shared)
        )
        entry = self.cache.get(key)
        if entry is not None:
            try:
                out = {m: _probabilities(entry["models"][m]) for m in MODELS}
                feats = None if entry["shared"] is None else unpack_array(entry["shared"])
                if (
                    all(p is not None and p.shape == y.shape for p in out.values())
                    and (feats is None) != shared
                    and (feats is None or feats.shape == y.shape + (SHARED_FEATURES,))
                    and (feats is None or not feats[:, :, RULE_HIT].any())
                ):
                    return out, feats
            except (KeyError, TypeError, ValueError, AttributeError):
                pass
        out, feats = a._out_of_fold(texts, groups, y, scope, shared)
        self.cache.put(
            key,
            {
                "models": {m: pack_array(p) for m, p in out.items()},
                "shared": None if feats is None else pack_array(feats),
            },
        )
        return out, feats

    def scored(self, a, texts, scope) -> _Scored:  # noqa: ANN001
        """The entry of `a` (fitted) scoring `texts` in `scope`."""
        from .cache import digest

        texts_fit, y, scope_fit = a._fit_data
        key = digest(
            "scored",
            assistant_key(a),
            texts_fit,
            _matrix(y),
            _matrix(scope_fit),
            list(texts),
            _matrix(scope),
        )
        return _Scored(self.cache, key, a, list(texts), scope)


class _Scored:
    """One fitted assistant's features and probabilities for one set of new units: read from the
    entry, computed (and written back by `save`) when missing."""

    def __init__(self, cache, key: str, a, texts: list[str], scope: np.ndarray) -> None:  # noqa: ANN001
        self.cache, self.key, self.a, self.texts, self.scope = cache, key, a, texts, scope
        self.value, self.changed = {"shared": None, "proba": {}}, False
        shape = scope.shape
        entry = cache.get(key)
        if entry is None:
            return
        try:
            from .assistant import RULE_HIT, SHARED_FEATURES
            from .cache import unpack_array

            shared = None if entry["shared"] is None else unpack_array(entry["shared"])
            proba = {str(k): None if v is None else _probabilities(v) for k, v in entry["proba"].items()}
            if shared is not None and (
                shared.shape != shape + (SHARED_FEATURES,) or shared[:, :, RULE_HIT].any()
            ):
                return
            if any(
                v is None and entry["proba"][k] is not None or v is not None and v.shape != shape[:1]
                for k, v in proba.items()
            ):
                return
        except (KeyError, TypeError, ValueError, AttributeError):
            return
        self.value = {"shared": shared, "proba": proba}

    def shared_features(self) -> np.ndarray:
        if self.value["shared"] is None:
            self.value["shared"] = self.a._shared_features(self.texts, self.scope)
            self.changed = True
        return self.value["shared"]

    def proba(self, j: int, model: str) -> np.ndarray | None:
        name = f"{self.a.code_ids[j]}:{model}"
        if name not in self.value["proba"]:
            self.value["proba"][name] = self.a._proba(j, model, self.texts)
            self.changed = True
        return self.value["proba"][name]

    def save(self) -> None:
        from .cache import pack_array

        if not self.changed:
            return
        shared, proba = self.value["shared"], self.value["proba"]
        self.cache.put(
            self.key,
            {
                "shared": None if shared is None else pack_array(shared),
                "proba": {k: None if v is None else pack_array(v) for k, v in sorted(proba.items())},
            },
        )
        self.changed = False


def _select(texts, groups, y, rules, ids, extra, opts, ratings, memo=None):
    """`Assistant.select` on every coded unit: the Assistant with its choices."""
    from .assistant import Assistant

    a = Assistant(ids, extra, **opts, store=memo)
    a.select(texts, groups, y, rules, ratings=ratings)
    return a


def select_cached(texts, groups, y, rules, ids, extra, opts, cache=None, log=None, ratings=None, workers=1):
    """`nested_heldout` and `Assistant.select` on the coded units: (held-out suggestions units ×
    codes, the Assistant with its choices, ready for `fit`), reused from `cache` (a
    `coprod.cache.ContentCache`) when exactly these inputs were selected on before. With
    `workers` > 1 the selection on every unit and the outer folds, which are independent of each
    other, run side by side in that many forked processes (the job's `threads`; on Linux): the same
    choices and suggestions, in less time where there are cores to spare."""
    from .assistant import Assistant, nested_heldout

    def make() -> Assistant:
        return Assistant(ids, extra, **opts)

    key = None
    if cache is not None:
        key = selection_key(texts, groups, y, rules, ids, extra, opts, ratings)
        got = _load(cache.get(key), ids, len(texts), make)
        if got is not None:
            if log is not None:
                print("assistant: selection reused from the cache", file=log, flush=True)
            return got
    # fork: the children start with the libraries this process has loaded (no second import).
    # Linux only: elsewhere fork is missing (Windows) or not safe after the maths libraries have
    # started threads (macOS), and the selection runs in this process as before.
    memo = None if cache is None else Memo(cache)
    if workers > 1 and sys.platform.startswith("linux"):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from .assistant import analyse_all

        analyse_all(texts, extra, opts.get("parts"))

        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            full = pool.submit(_select, texts, groups, y, rules, ids, extra, opts, ratings, memo)
            held, _ = nested_heldout(
                texts, groups, y, rules, ids, extra, **opts, ratings=ratings, pool=pool, store=memo
            )
            a = full.result()
    else:
        held, _ = nested_heldout(texts, groups, y, rules, ids, extra, **opts, ratings=ratings, store=memo)
        a = _select(texts, groups, y, rules, ids, extra, opts, ratings, memo)
    a.store = None  # the scores of every unit are computed afresh (they change with any transcript)
    if cache is not None:
        cache.put(key, _dump(held, a))
    return held, a
