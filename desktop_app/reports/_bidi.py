"""Reorders one line of reshaped Persian text for display (Unicode bidi, base RTL).

No Qt; any thread may call it (pure functions, no shared state).

Why not simply call a python-bidi function:

* `bidi.get_display` (the package top level, python-bidi 0.6) is the Rust
  implementation. It pairs brackets but never mirrors them, so "(کد ملی)" comes out
  as ")یلم دک(", and it mangles text holding several lines.
* `bidi.algorithm.get_display` (pure Python) mirrors brackets but predates rule N0
  (paired brackets, Unicode 6.3). Without N0 a bracket next to Latin text flips to the
  wrong side: "نام: Ali (۱۲)" showed as "(Ali (۱۲ :نام" and "Golestan (GIS) است"
  put its closing bracket in front of the Latin run.

So this module runs the pure-Python steps of python-bidi itself and inserts N0
(with BD16's bracket-pair search) between the weak and the neutral rules. The result
matches the Rust implementation's ordering and still mirrors the glyphs. Isolates
(LRI/RLI/FSI/PDI) are not supported by the underlying implementation; Miz never
puts them in printed text.
"""

from __future__ import annotations

from typing import Any

from bidi import algorithm as _alg

# Bidi_Paired_Bracket pairs (opening → closing) that can occur in Miz documents.
_OPENING = {
    "(": ")",
    "[": "]",
    "{": "}",
    "\u2329": "\u232a",  # angle brackets, old and CJK code points
    "\u3008": "\u3009",
    "\u27e8": "\u27e9",  # mathematical angle brackets
    "\u300a": "\u300b",  # double angle brackets
}
_CLOSING = {close: open_ for open_, close in _OPENING.items()}
_MAX_DEPTH = 63  # BD16: stop looking for pairs once the stack would overflow

Char = dict[str, Any]


def display_rtl(line: str) -> str:
    """Visual (left-to-right drawing) order of one logical line, paragraph level RTL."""
    if "\n" in line:
        raise ValueError("display_rtl takes one line; split the text first")
    storage = _alg.get_empty_storage()
    storage["base_level"] = 1
    storage["base_dir"] = "R"
    _alg.get_embedding_levels(line, storage)
    _alg.explicit_embed_and_overrides(storage)  # X1-X10, drops BN such as ZWNJ
    _alg.resolve_weak_types(storage)  # W1-W7
    _resolve_paired_brackets(storage)  # N0, missing from python-bidi
    _alg.resolve_neutral_types(storage, False)  # N1-N2
    _alg.resolve_implicit_levels(storage, False)  # I1-I2
    _alg.reorder_resolved_levels(storage, False)  # L1-L2
    _alg.apply_mirroring(storage, False)  # L4
    return "".join(ch["ch"] for ch in storage["chars"])


def _strong(char_type: str) -> str | None:
    """The direction a resolved type counts as inside N0 (numbers count as R)."""
    if char_type == "L":
        return "L"
    if char_type in ("R", "AL", "EN", "AN"):
        return "R"
    return None


def _bracket_pairs(chars: list[Char]) -> list[tuple[int, int]]:
    """BD16: positions of matching bracket pairs, sorted by the opening bracket."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for index, ch in enumerate(chars):
        if ch["type"] != "ON":
            continue
        char = ch["ch"]
        if char in _OPENING:
            if len(stack) == _MAX_DEPTH:
                break
            stack.append((_OPENING[char], index))
        elif char in _CLOSING:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == char:
                    pairs.append((stack[depth][1], index))
                    del stack[depth:]
                    break
    pairs.sort()
    return pairs


def _resolve_paired_brackets(storage: dict[str, Any]) -> None:
    """N0: give each bracket pair the direction of the text it encloses or follows."""
    for run in storage["runs"]:
        start, length = run["start"], run["length"]
        chars: list[Char] = storage["chars"][start : start + length]
        if not chars:
            continue
        embedding = "R" if chars[0]["level"] % 2 else "L"
        for open_at, close_at in _bracket_pairs(chars):
            inside = {_strong(ch["type"]) for ch in chars[open_at + 1 : close_at]}
            inside.discard(None)
            if embedding in inside:
                direction = embedding
            elif inside:  # only the opposite direction inside: look before the pair
                before = run["sor"]
                for ch in reversed(chars[:open_at]):
                    found = _strong(ch["type"])
                    if found:
                        before = found
                        break
                direction = before  # the opposite direction only if the context agrees
            else:
                continue  # no strong text inside: N1/N2 decide
            chars[open_at]["type"] = chars[close_at]["type"] = direction
