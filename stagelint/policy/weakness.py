"""When a secret is too weak to be one: SL101's shortest length, SL103's detectors.

Two judges share them: the built-in rules (``rules/_secrets.py``) and ``stagelint
fingerprint``, which leaves out what is too weak to publish a hash of. That is why they
live here, with the rule API, rather than among the rules: stagelint never imports its
built-in rules.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise
from typing import Literal

from stagelint.model.regex import lazy
from stagelint.model.tuples import NamedTuple

DEFAULT_MIN_LENGTH = 32
"""SL101's default: RFC 7518 §3.2 asks 256 bits for HS256 keys; Auth.js 32 characters."""


# ------------------------------------------------------------------ SL103 weakness detectors

_ORDERS = (
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
    "1234567890",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
)
"""Orderings a typed sequence walks: the alphabet, the digits, the keyboard's rows."""
_SEPARATORS = r"[-_.:+/=\s]"
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a"})
_WORDS = tuple(
    sorted(
        {
            # the passwords every breach list opens with
            "password",
            "passwd",
            "secret",
            "admin",
            "root",
            "letmein",
            "welcome",
            "qwerty",
            "changeme",
            "changethis",
            "default",
            "master",
            "dragon",
            "monkey",
            "shadow",
            "sunshine",
            "iloveyou",
            "football",
            "baseball",
            "superman",
            "batman",
            "trustno",
            "hello",
            "love",
            "super",
            "guest",
            "login",
            "access",
            "private",
            "public",
            "random",
            "string",
            "strong",
            "please",
            "replace",
            "generate",
            "generated",
            "foobar",
            "foo",
            "bar",
            "baz",
            "lorem",
            "ipsum",
            "dummy",
            "temp",
            "test",
            "testing",
            "value",
            # words of this stack that hand-made secrets are built from
            "staging",
            "stage",
            "production",
            "prod",
            "develop",
            "development",
            "dev",
            "local",
            "demo",
            "example",
            "sample",
            "preview",
            "jwt",
            "token",
            "key",
            "session",
            "csrf",
            "auth",
            "nextauth",
            "cookie",
            "webhook",
            "signing",
            "sign",
            "user",
            "shop",
            "store",
            "app",
            "api",
            "web",
            "server",
            "backend",
            "frontend",
            "company",
            "sanity",
            "lemon",
            "squeezy",
            "railway",
            "vercel",
            "neon",
            "redis",
            "postgres",
            "database",
            "supabase",
            "mysecret",
        },
        key=len,
        reverse=True,
    )
)
"""Dictionary words for "a dictionary word padded out" (matched case-insensitively, with
common digit-for-letter swaps: ``p4ssw0rd``). Only flagged when the rest is padding, so a
word that random text happens to contain never makes a strong secret weak."""

Weakness = Literal["repeated", "cycle", "sequence", "padded-word", "low-entropy"]


class Finding(NamedTuple):
    """Why a secret is weak: a detector's name and a value-free explanation."""

    weakness: Weakness
    reason: str


def period(text: str) -> int | None:
    """The shortest period of ``text`` when it repeats at least twice (``abcabcab`` -> 3).

    Linear time (the longest proper border, as in Knuth-Morris-Pratt): values come from
    the linted repository, so no quadratic scan over a crafted one."""
    size = len(text)
    if size < 2:
        return None
    if size >= 8:
        # a period p <= size/2 repeats the first 4 characters at p: random values never do,
        # and str.find answers in C what the loop below answers character by character
        again = text.find(text[:4], 1)
        if again == -1 or again > size // 2:
            return None
    border = [0] * size
    for i in range(1, size):
        k = border[i - 1]
        while k and text[i] != text[k]:
            k = border[k - 1]
        if text[i] == text[k]:
            k += 1
        border[i] = k
    step = size - border[-1]
    return step if step <= size // 2 else None


def _step_table() -> dict[tuple[str, str], frozenset[tuple[int, int]]]:
    steps: dict[tuple[str, str], set[tuple[int, int]]] = {}
    for number, order in enumerate(_ORDERS):
        for a, b in pairwise(order):
            steps.setdefault((a, b), set()).add((number, 1))
            steps.setdefault((b, a), set()).add((number, -1))
    return {pair: frozenset(found) for pair, found in steps.items()}


_STEPS = _step_table()
"""(ordering, +1 or -1) for each ordering in which the pair's second character is next to
its first (lowercase pairs only; every other pair steps nowhere)."""
_NO_STEP: frozenset[tuple[int, int]] = frozenset()


_TRIPLES = frozenset(
    run
    for order in _ORDERS
    for start in range(len(order) - 2)
    for run in (order[start : start + 3], order[start : start + 3][::-1])
)
"""Every run of 3 that steps one way through one ordering (``abc``, ``cba``, ``qwe``)."""


@functools.cache
def _triples() -> re.Pattern[str]:
    """Matches (empty) where a run of :data:`_TRIPLES` starts: a lookahead, so that
    ``findall`` counts overlapping runs too. Compiled on first use, once for both uses."""
    return re.compile(f"(?={trie_pattern(sorted(_TRIPLES))})")


def _triple_finder() -> Callable[[str], re.Match[str] | None]:
    """Finds a run of :data:`_TRIPLES` in one pass in C (a slice per position cost 25 µs for
    a 64-character secret)."""
    return _triples().search


def sequence_share(text: str) -> float:
    """The share of characters inside runs of 3+ characters that step one way through one
    ordering (``abcdef``, ``4321``, ``qwerty``). Random text scores about 0.05; so do words,
    whose neighbouring letters (``er``, ``rs``) rarely continue one ordering."""
    folded = text.lower()  # may be longer than text (İ): only asked whether a run exists
    if _triple_finder()(folded) is None:
        return 0.0  # most values hold no run of 3: skip the per-character work below
    lowered = [c.lower() for c in text]  # per character: a few lowercase to two
    steps = [_STEPS.get(pair, _NO_STEP) for pair in pairwise(lowered)]
    steps.append(_NO_STEP)
    covered = [False] * len(text)
    start, current = 0, frozenset[tuple[int, int]]()
    for i in range(1, len(text) + 1):
        step = steps[i - 1]
        joined = current & step if current else step
        if joined:
            current = joined
            continue
        if i - start >= 3:
            covered[start:i] = [True] * (i - start)
        # the pair (i - 1, i) may start the next run
        start, current = (i - 1, step) if step else (i, frozenset())
    return sum(covered) / len(text)


def _mostly_sequential(text: str) -> bool:
    """``sequence_share(text) >= 0.5``, without the per-character work for the values that
    cannot reach it: in ASCII, each run of ``n >= 3`` covered characters starts ``n - 2``
    runs of 3, which :data:`_TRIPLES` all hold, so a share of 0.5 needs at least
    ``len(text) / 6`` of them (random text has about one)."""
    folded = text.lower()
    first = _triple_finder()(folded)
    if first is None:
        return False
    if text.isascii() and 6 * len(_triples().findall(folded, first.start())) < len(text):
        return False
    return sequence_share(text) >= 0.5


def shannon_entropy(text: str) -> float:
    """Bits per character of the value's own character distribution, with the Miller-Madow
    correction for its length: the plain estimate of a short sample is biased low (32
    random digits would measure about 3.1 of their 3.32 bits, and one in six below 3)."""
    counts = Counter(text)
    size = len(text)
    if not size:
        return 0.0
    plain = -sum(n / size * math.log2(n / size) for n in counts.values())
    return plain + (len(counts) - 1) / (2 * size * math.log(2))


_ASCII_ALNUM = lazy(r"[A-Za-z0-9]")


def character_class(text: str) -> str | None:
    """``lowercase letters``, ``uppercase letters``, ``digits`` or ``symbols`` when every
    character of ``text`` is of that one class; None for a mix."""
    if text.isascii():  # nearly every secret: str's own tests, in C
        if text.isalpha():  # ASCII letters only
            if text.islower():
                return "lowercase letters"
            return "uppercase letters" if text.isupper() else None
        if text.isdigit():
            return "digits"
        if not text or text.isalnum() or _ASCII_ALNUM.search(text):
            return None  # empty, or letters and digits, or symbols beside either
        return "symbols"
    classes = {
        "lowercase letters" if c.islower() else
        "uppercase letters" if c.isupper() else
        "digits" if c.isdigit() else
        "symbols"
        for c in text
    }  # fmt: skip
    return classes.pop() if len(classes) == 1 else None


def _is_padding(chunk: str) -> bool:
    """A piece beside dictionary words that adds little: short, few distinct characters,
    repeated or sequential."""
    return (
        len(chunk) < 8
        or len(set(chunk)) <= 4
        or period(chunk) is not None
        or _mostly_sequential(chunk)
    )


@functools.cache
def _words() -> re.Pattern[str]:
    """The longest word starting at each position (a lookahead finds overlapping words): one
    pass in C instead of a search per word. The words are written as a trie, so that each
    position costs a test per letter matched rather than one per word (a plain alternation
    of the 92 words took 3.5 times as long). Compiled on first use: most runs never judge a
    secret."""
    return re.compile(f"(?=({trie_pattern(_WORDS)}))")


def _word_finder() -> Callable[[str], Iterator[re.Match[str]]]:
    """Every position's longest word (:func:`_words`)."""
    return _words().finditer


_LEET_ASCII = bytes.maketrans(bytes(_LEET), "".join(map(str, _LEET.values())).encode("ascii"))
""":data:`_LEET` for ASCII bytes, which ``bytes.translate`` applies in one C loop (``str``'s
looks each character up in a dictionary: 1.3 us for a 64-character secret)."""


def _words_in_ascii(text: str) -> re.Match[str] | None:
    """The first dictionary word in an ASCII ``text``, folded as :func:`padded_word` folds it;
    None when it holds none."""
    folded = text.lower().encode("ascii").translate(_LEET_ASCII).decode("ascii")
    return _words().search(folded)


_Trie = dict[str, "_Trie"]


def trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching the longest of ``words`` that starts where it is
    tried: ``car|cart|cat`` as ``ca(?:r(?:t|)|t)``. Siblings start with different
    characters, so at most one is followed, and a shorter word's end is tried last."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        branches = [re.escape(char) + emit(child) for char, child in node.items() if char]
        if "" in node:
            branches.append("")
        if len(branches) == 1:
            return branches[0]
        return f"(?:{'|'.join(branches)})"

    return emit(trie)


def _lower_in_place(text: str) -> str:
    """``text.lower()`` with one character per character, so that indices still match:
    a few characters lowercase to two (``İ`` to ``i̇``)."""
    if text.isascii():
        return text.lower()
    return "".join(c.lower()[0] for c in text)


def padded_word(text: str) -> bool:
    """The value is dictionary words padded out: every piece between the words (separators
    dropped) is padding (``supersecretpassword1234567890!!``, ``my-staging-jwt-2026...``)."""
    if text.isascii() and _words_in_ascii(text) is None:
        return False  # no word: nearly every generated secret
    folded = _lower_in_place(text).translate(_LEET)
    covered = [False] * len(text)
    for match in _word_finder()(folded):
        start, end = match.span(1)
        covered[start:end] = [True] * (end - start)
    if not any(covered):
        return False
    rest = "".join(c if not hit else " " for c, hit in zip(text, covered, strict=True))
    return all(_is_padding(re.sub(_SEPARATORS, "", chunk)) for chunk in rest.split(" "))


MAX_JUDGED_LENGTH = 4096
"""Longer values are not judged for weakness: no generator makes them, and the detectors
cost about 40 bytes and 3 µs per character (a 9 MB value took 30 s and 400 MB)."""


def weakness(text: str) -> Finding | None:
    """The first weakness found, in the order of RULES.md: repetition, sequence,
    padded dictionary word, one character class with under 3 bits per character."""
    if len(text) > MAX_JUDGED_LENGTH:
        return None
    step = period(text)
    if step == 1:
        return Finding("repeated", "repeats one character")
    if step is not None:
        return Finding("cycle", f"repeats a {step}-character pattern")
    if _mostly_sequential(text):
        return Finding("sequence", "is mostly a run of sequential characters (abcdef, 123456)")
    if padded_word(text):
        return Finding("padded-word", "is a dictionary word padded out")
    kind = character_class(text)
    if kind is None:
        return None
    entropy = shannon_entropy(text)
    if entropy < 3.0:
        return Finding(
            "low-entropy",
            f"uses only {kind} with {entropy:.1f} bits of entropy per character (under 3)",
        )
    return None
