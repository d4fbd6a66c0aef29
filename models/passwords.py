"""The password policy, after NIST SP 800-63B: long enough, not common, not the user's name.

No composition rules (a long passphrase beats `P@ssw0rd1`). A password is refused when, once the
user's name, common passwords (``config/common_passwords.txt``, also spelled with digits for letters),
repeats (``aaaa``, ``abcabc``) and runs (``12345``, ``qwerty``, ``cba``) are taken out, too little is left.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from config.settings import CONFIG_DIR

MIN_LENGTH = 15  # 800-63B rev. 4: single-factor passwords of at least 15 characters
MAX_LENGTH = 256  # at least 64 must be allowed; more only costs hashing time
MIN_DISTINCT = 5  # eight spaces, `aaaa…`, `abab…`
MIN_LEFT = 6  # characters left once common words, the name, repeats and runs are taken out
COMMON_PASSWORDS_FILE = CONFIG_DIR / "common_passwords.txt"

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s",
                       "!": "i", "|": "l", "+": "t"})
_KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qsdfghjklm", "wxcvbn",
                  "qwertzuiop", "yxcvbnm", "1qaz2wsx3edc4rfv5tgb", "zaq1xsw2cde3vfr4")
_REPEAT = re.compile(r"(.)\1{2,}|(.{2,}?)\2+")


def password_problem(password: str, *, username: str = "") -> str | None:
    """Why ``password`` is refused for ``username``, as a sentence for the user; None when it is fine."""
    text = unicodedata.normalize("NFKC", password)
    if len(text) < MIN_LENGTH:
        return f"the password must have at least {MIN_LENGTH} characters (a few unrelated words make a good one)"
    if len(text) > MAX_LENGTH:
        return f"the password may have at most {MAX_LENGTH} characters"
    if len(set(text.lower())) < MIN_DISTINCT:
        return "the password repeats too few different characters"
    left = _strip_guessable(text.lower(), username.strip().lower())
    if len("".join(left.split())) < MIN_LEFT:
        return ("the password is too easy to guess: it is made of common passwords, the user name, repeats "
                "or keyboard runs")
    return None


def _strip_guessable(text: str, username: str) -> str:
    for part in {username, *re.split(r"[._-]+", username)}:
        if len(part) >= 3:
            text = text.replace(part, " ")
    text = _strip_runs(text)
    text = _REPEAT.sub(" ", text)
    for variant in (text, text.translate(_LEET)):
        stripped = variant
        for word in _common_words():
            if word in stripped:
                stripped = stripped.replace(word, " ")
        if len(stripped.replace(" ", "")) < len(text.replace(" ", "")):
            text = stripped
            break
    return _REPEAT.sub(" ", _strip_runs(text))


def _strip_runs(text: str, shortest: int = 4) -> str:
    """``text`` without runs of ``shortest`` or more characters that step by one code point (``abcd``,
    ``4321``) or follow a keyboard row either way."""
    out, i = [], 0
    while i < len(text):
        j = i + 1
        while j < len(text) and _next_in_run(text[i:j + 1]):
            j += 1
        if j - i >= shortest:
            out.append(" ")
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _next_in_run(chunk: str) -> bool:
    step = ord(chunk[1]) - ord(chunk[0])
    if step in (1, -1) and all(ord(b) - ord(a) == step for a, b in zip(chunk, chunk[1:])):
        return True
    return any(chunk in row or chunk in row[::-1] for row in _KEYBOARD_ROWS)


@lru_cache(maxsize=1)
def _common_words() -> tuple[str, ...]:
    """The list's entries of four characters or more, longest first (so `password1` goes before `pass`)."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    words = {line.strip().lower() for line in lines if line.strip() and not line.startswith("#")}
    return tuple(sorted((w for w in words if len(w) >= 4), key=len, reverse=True))
