"""Load and validate YAML/TSV inputs against the JSON Schemas in `workflow/schemas/`.

Validation happens at start-up so that a typo in a config key stops the run with one line that
names the key and what is allowed, before any rule runs.
"""

from __future__ import annotations

import copy
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .errors import ConfigError, InputError

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "workflow" / "schemas"


def load_schema(name: str) -> dict:
    """Read `workflow/schemas/<name>.schema.yaml` (a copy: the caller may change it)."""
    return copy.deepcopy(_schema(name))


@cache
def _schema(name: str) -> dict:
    """The schema parsed once per process (the workflow's start-up reads the config's three
    times), with libyaml's parser when PyYAML has it (the same data from our schema files)."""
    with open(SCHEMA_DIR / f"{name}.schema.yaml", encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


MAX_ALIASES = 20


class StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys (a second `people:` block would silently replace
    the first) and more than MAX_ALIASES alias uses (a "billion laughs" alias bomb)."""

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201
        if self.check_event(yaml.AliasEvent):
            self.alias_count = getattr(self, "alias_count", 0) + 1
            if self.alias_count > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"more than {MAX_ALIASES} YAML aliases (refused as a possible alias bomb)",
                    mark,
                )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):  # noqa: ANN001, ANN201
        _refuse_duplicate_keys(self, node, deep)
        return super().construct_mapping(node, deep=deep)


def _refuse_duplicate_keys(loader, node, deep) -> None:  # noqa: ANN001
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if isinstance(key, str | int | float | bool) and key in seen:
            # a key may itself be an identifier (a register or deny-list mapping by name): only
            # the schemas' own field names are named, the line locates the others
            shown = f" '{key}'" if key in field_names() else ""
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key{shown}", key_node.start_mark)
        seen.add(key)


@lru_cache(maxsize=1)
def field_names() -> frozenset[str]:
    """Every property name in the schemas: the keys an error line may quote."""
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            names.update(k for k in node.get("properties", {}) if isinstance(k, str))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for path in sorted(SCHEMA_DIR.glob("*.schema.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return frozenset(names)


_CLoader = getattr(yaml, "CSafeLoader", None)
if _CLoader is not None:

    class _FastStrictLoader(_CLoader):
        """StrictLoader's duplicate-key check on libyaml's C parser (a 1,000-person register
        took a second to parse in pure Python, on every snakemake call). libyaml composes in C,
        so aliases are counted on the token stream first (strict_load)."""

        def construct_mapping(self, node, deep=False):  # noqa: ANN001, ANN201
            _refuse_duplicate_keys(self, node, deep)
            return super().construct_mapping(node, deep=deep)


def strict_load(text: str) -> Any:
    """Parse YAML text with StrictLoader's rules (duplicate keys, alias bombs refused)."""
    if _CLoader is None:
        return yaml.load(text, Loader=StrictLoader)  # noqa: S506 (a SafeLoader subclass)
    aliases = 0
    for token in yaml.scan(text, Loader=_CLoader):
        if isinstance(token, yaml.AliasToken):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"more than {MAX_ALIASES} YAML aliases (refused as a possible alias bomb)",
                    token.start_mark,
                )
    return yaml.load(text, Loader=_FastStrictLoader)  # noqa: S506 (a CSafeLoader subclass)


def read_yaml(path: str | Path, error: type = InputError) -> Any:
    """Parse a YAML file, turning I/O and syntax problems into one-line errors."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(path, "file not found", "check the path in config/config.yaml") from None
    except UnicodeDecodeError:
        raise error(path, "not UTF-8 text", "re-save the file as UTF-8") from None
    try:
        return strict_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise error(where, f"YAML syntax error ({problem})", "fix the YAML at that line") from None


def _key(path: list) -> str:
    return ".".join(str(p) for p in path) or "(top level)"


def _misspelt(key: object, allowed: list[str]) -> bool:
    """A lower-case key close to an allowed field name ('nam' for 'name'): a typo worth naming,
    not a name (which is capitalised, and rarely that close to a field)."""
    import difflib

    return (
        isinstance(key, str)
        and re.fullmatch(r"[a-z_]+", key) is not None
        and bool(difflib.get_close_matches(key, allowed, n=1, cutoff=0.75))
    )


# Config keys whose values (and, for deny, whose keys) are identifiers: never quoted.
SENSITIVE = {("deidentify", "allow"), ("deidentify", "deny"), ("audit", "allow")}


def _describe(err: jsonschema.ValidationError, echo: bool = True) -> tuple[str, str]:
    """Turn a jsonschema error into (problem, fix) phrased for a researcher. With `echo` off
    (the register) and under SENSITIVE keys, the value is never quoted: it may be a name."""
    path = list(err.absolute_path)
    if tuple(path[:2]) in SENSITIVE:
        echo = False
        path = path[:3] if path[:2] == ["deidentify", "allow"] or path[0] == "audit" else path[:2]
    schema = err.schema if isinstance(err.schema, dict) else {}
    got = f" (got {err.instance!r})" if echo else ""
    if err.validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(set(err.instance) - set(allowed))
        if extra and (echo or extra[0] in field_names() or _misspelt(extra[0], allowed)):
            where = f"key '{_key(path + [extra[0]])}'"
        else:
            where = f"key in '{_key(path)}'"
        return f"unknown {where}", f"allowed here: {', '.join(allowed)}"
    if err.validator == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        return (
            f"missing required key '{_key(path + [missing])}'",
            "add it (see the comments in config/config.yaml)",
        )
    if err.validator == "type":
        want = err.validator_value
        want = " or ".join(want) if isinstance(want, list) else want
        return f"key '{_key(path)}' must be {want}{got}", f"give a {want}"
    if err.validator == "enum":
        opts = ", ".join(map(str, err.validator_value))
        value = f"is {err.instance!r}" if echo else "has a value that is not allowed"
        return f"key '{_key(path)}' {value}", f"allowed values: {opts}"
    if err.validator in {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}:
        value = f" = {err.instance!r}" if echo else ""
        return f"key '{_key(path)}'{value} is out of range ({err.validator} {err.validator_value})", (
            "change the value"
        )
    if err.validator in {"minItems", "minLength"}:
        return f"key '{_key(path)}' is empty", "give at least one value"
    if err.validator == "anyOf":
        options = []
        for sub in err.validator_value:
            if "enum" in sub:
                options += [str(v) for v in sub["enum"]]
            elif "type" in sub:
                bound = f" >= {sub['minimum']}" if "minimum" in sub else ""
                options.append(f"{'an' if sub['type'][0] in 'aeiou' else 'a'} {sub['type']}{bound}")
        value = f"is {err.instance!r}" if echo else "has a value of the wrong kind"
        return f"key '{_key(path)}' {value}", f"allowed: {' or '.join(options)}"
    if err.validator == "pattern":
        value = f" = {err.instance!r}" if echo else ""
        return f"key '{_key(path)}'{value} does not match {err.validator_value}", "fix the value"
    if not echo:  # jsonschema's own message quotes the value
        return (
            f"key '{_key(path)}' is not valid here ({err.validator})",
            "see the schema in workflow/schemas/",
        )
    return f"key '{_key(path)}': {err.message}", "see the schema in workflow/schemas/"


def validate(
    data: Any, schema_name: str, where: str | Path, error: type = ConfigError, echo: bool = True
) -> Any:
    """Validate `data` against a schema; raise one line on the first (best) error. `echo=False`
    for files of identifiers (the register): the line then never quotes a value."""
    schema = load_schema(schema_name)
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(
        validator.iter_errors(data), key=lambda e: (len(e.absolute_path), str(list(e.absolute_path)))
    )
    if errors:
        best = jsonschema.exceptions.best_match(errors)
        while best.parent is not None and best.parent.validator == "anyOf":
            best = best.parent  # "auto or an integer", not just the first alternative's complaint
        problem, fix = _describe(best, echo)
        raise error(where, problem, fix)
    return data


def with_defaults(data: dict, schema: dict) -> dict:
    """Fill `default` values from the schema into a copy of `data` (nested objects too)."""
    out = copy.deepcopy(data) if data is not None else {}
    for key, sub in schema.get("properties", {}).items():
        if key not in out and "default" in sub:
            out[key] = copy.deepcopy(sub["default"])
        if isinstance(out.get(key), dict) and sub.get("type") == "object":
            out[key] = with_defaults(out[key], sub)
    return out


def load_config(config: dict, where: str = "config/config.yaml") -> dict:
    """Validate the Snakemake config dict and return it with schema defaults filled in; the
    zone folders must not nest (`coprod.zones.check_zones`)."""
    from .zones import check_zones

    schema = load_schema("config")
    filled = with_defaults(config or {}, schema)
    validate(filled, "config", where)
    check_zones(filled, where)
    return filled
