"""The register-free part of detection reads no register entry.

`Analyzer._unregistered` is reused from the detection cache when the register grows (its
entry's key leaves the register out: docs/deidentification.md), so a recognizer that reads the
register must run beside the joined names in `Analyzer.find`, never inside `_unregistered`.
These tests hold that promise: a recognizer moved there with register data fails them."""

import inspect
import re

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.register import Entity

SMALL = [Entity("PERSON", "Quorra Vantwistle"), Entity("PLACE", "Brindlecombe")]
GROWN = SMALL + [
    Entity("PERSON", "Zephyrine Quillborrow", aliases=("Zeffy",)),
    Entity("ORG", "Wrenfield Allotment Society"),
    Entity("PLACE", "Hollowmere"),
]
TEXT = (
    "Quorra Vantwistle met Zeffy at the Wrenfield Allotment Society in Hollowmere. "
    "zephyrine quillborrow said brindlecombe was quieter; #TeamZephyrine and @zquillborrow agreed. "
    "Call 0131 496 0000 or write to quorra.vantwistle@example.org before 3 March 1961."
)


# words of the invented register that no public list in data/reference holds: found in a
# recognizer's state before any text is read, they can only have come from the register
REGISTER_WORDS = frozenset(
    {"vantwistle", "zephyrine", "quillborrow", "zeffy", "wrenfield", "hollowmere", "brindlecombe"}
)
WORD = re.compile(r"[a-z]+")


def _holds_register(obj: object, depth: int = 4, seen: set[int] | None = None) -> bool:
    """Does `obj` hold an Entity or a string with a registered-only word, within `depth`
    attributes or containers?"""
    seen = set() if seen is None else seen
    if id(obj) in seen or depth < 0:
        return False
    seen.add(id(obj))
    if isinstance(obj, str):
        return not REGISTER_WORDS.isdisjoint(WORD.findall(obj.lower()))
    if isinstance(obj, Entity):
        return True
    if isinstance(obj, (bytes, int, float, bool, type(None))):
        return False
    if isinstance(obj, dict):
        items = [*obj.keys(), *obj.values()]
    elif isinstance(obj, (list, tuple, set, frozenset)):
        items = list(obj)
    else:
        pattern = getattr(obj, "pattern", None)  # a compiled expression: its source
        if isinstance(pattern, str):
            return _holds_register(pattern, depth, seen)
        attrs = getattr(obj, "__dict__", None)
        if attrs is None:
            slots = getattr(type(obj), "__slots__", ())
            attrs = {k: getattr(obj, k, None) for k in slots}
        items = list(attrs.values())
    others = 0
    for item in items:
        if isinstance(item, str):
            if _holds_register(item, depth, seen):
                return True
        elif others < 2000:
            others += 1
            if _holds_register(item, depth - 1, seen):
                return True
    return False


def test_no_recognizer_in_the_register_free_part_holds_the_register():
    analyzer = Analyzer(GROWN, Settings())
    names = re.findall(r"self\.(\w+)\.find\(", inspect.getsource(Analyzer._unregistered))
    assert len(names) >= 20  # the source was read: every register-free recognizer is listed
    holding = [n for n in names if _holds_register(getattr(analyzer, n))]
    assert holding == [], f"run these beside the joined names in find(), not in _unregistered: {holding}"


def test_the_checker_sees_a_recognizer_that_holds_the_register():
    # the check above can fail: the joined names read the register's forms
    analyzer = Analyzer(GROWN, Settings())
    assert _holds_register(analyzer.joined) and _holds_register(analyzer.register)


def test_register_free_spans_are_the_same_whatever_the_register():
    small, grown = Analyzer(SMALL, Settings()), Analyzer(GROWN, Settings())
    for patterns in (True, False):
        got = []
        for analyzer in (small, grown):
            seen, _ = analyzer._views(TEXT)
            before, after = analyzer._unregistered(seen, analyzer._index(TEXT), patterns)
            got.append([(s.start, s.end, s.type, s.detector) for s in before + after])
        assert got[0] == got[1]
    # and the register part does differ: the grown register finds more
    assert len(grown.find(TEXT)) > len(small.find(TEXT))
