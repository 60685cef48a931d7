"""The privacy boundary, in one place.

- `normalise`: the one character fold shared by detection and the audit (and nothing else is
  shared between them);
- `detectors`, `names`, `register`, `trie`: what finds identifiers (patterns, public name lists
  and gazetteers with context, the team's register);
- `deidentify`: the only door from the private zone to the shareable zone;
- `key`: the private, append-only pseudonym key;
- `sheet`: participants-sheet descriptors are pseudonymous codes, not identifiers;
- `audit`: the independent second pair of eyes over every shareable byte.
"""
