"""The identifier register: what the research team knows about people, organisations, places.

The register is private (it *is* a list of identifiers). It is validated against
`workflow/schemas/register.schema.yaml` and expanded into the surface forms people actually
say: a full name, first name alone, surname alone, title + surname, and aliases.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..config import read_yaml, validate
from ..errors import InputError
from ..ingest import TITLES

TYPE_OF_SECTION = {"people": "PERSON", "organisations": "ORG", "places": "PLACE"}
SURFACE_TITLES = ("Dr", "Mr", "Mrs", "Ms", "Miss", "Prof", "Professor", "Cllr", "Councillor")


@dataclass(frozen=True)
class Entity:
    type: str  # PERSON | ORG | PLACE (| NAME: a review decision of no known kind)
    name: str  # canonical form: the key under which its pseudonym is stored
    aliases: tuple[str, ...] = ()
    role: str = ""
    participant_id: str = ""
    job_titles: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()


def load_register(path: str | Path) -> list[Entity]:
    """Read and validate a register YAML file; an empty file is an empty register.

    Parsed once per file version within a process: the workflow's start-up reads it both to
    check the participants sheet and to find the interviewers."""
    try:
        st = Path(path).stat()
    except OSError:
        return _load_register(path)  # the one-line error for a missing file
    return list(_load_register_version(str(Path(path).resolve()), st.st_mtime_ns, st.st_size))


@lru_cache(maxsize=8)
def _load_register_version(path: str, mtime_ns: int, size: int) -> tuple[Entity, ...]:
    return tuple(_load_register(path))


def _load_register(path: str | Path) -> list[Entity]:
    data = read_yaml(path, InputError) or {}
    validate(data, "register", path, InputError, echo=False)  # its values are names: never quoted
    entities = []
    for section, etype in TYPE_OF_SECTION.items():
        for k, item in enumerate(data.get(section) or [], start=1):
            for form in (item["name"], *(item.get("aliases") or [])):
                if sum(c.isalpha() for c in form) < 2:
                    raise InputError(
                        path,
                        f"{section} entry {k}: a name or alias has fewer than 2 letters",
                        "write the full name (a blank or one-letter name matches nothing, or everything)",
                    )
            entities.append(
                Entity(
                    etype,
                    item["name"].strip(),
                    tuple(a.strip() for a in item.get("aliases") or []),
                    item.get("role", ""),
                    item.get("participant_id", ""),
                    _forms(item.get("job_title")),
                    _forms(item.get("organisation")),
                )
            )
    return entities


def _forms(value: str | list[str] | None) -> tuple[str, ...]:
    if not value:
        return ()
    return (value.strip(),) if isinstance(value, str) else tuple(v.strip() for v in value)


def interviewer_labels(entities: list[Entity]) -> list[str]:
    """Names and aliases of register people whose role is 'interviewer'."""
    out = []
    for e in entities:
        if e.type == "PERSON" and e.role == "interviewer":
            out += [e.name, *e.aliases]
    return out


def person_variants(name: str) -> set[str]:
    """Surface forms of a person's name: full, first, last, title + last (possessives match via
    the word-boundary rule of the matcher)."""
    words = [w for w in name.replace(",", " ").split() if w.casefold().rstrip(".") not in TITLES]
    forms = {name, " ".join(words)}
    if len(words) >= 2:
        first, last = words[0], words[-1]
        forms |= {first, last, f"{first} {last}"}
        forms |= {f"{t} {last}" for t in SURFACE_TITLES}
        forms |= {f"{t}. {last}" for t in ("Dr", "Mr", "Mrs", "Ms", "Prof")}
    return {f for f in forms if len(f) >= 2}


def variants(entity: Entity) -> set[str]:
    """Every surface form the matcher should look for, for one register entity."""
    forms: set[str] = set()
    for form in (entity.name, *entity.aliases):
        forms |= person_variants(form) if entity.type == "PERSON" else {form}
    return forms
