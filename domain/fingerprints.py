"""Fingerprints of release texts: the normalised body, its hash, and its shingles.

The content hash is a fingerprint of the *normalised* body (datelines, newswire trailers, spacing
and case removed), so the same release published elsewhere has the same hash, and a page that
only changed its markup is not a new revision. Shingles (hashed character 8-grams of the normalised
text, as a sorted numpy array) measure how near two texts are.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

import numpy as np

_NEWSWIRE_DATELINE = re.compile(
    r"^[^\n]{0,120}?/\s*(?:CNW|PRNewswire|Newswire|Canada NewsWire|Business Wire|Globe Newswire|Marketwired)\s*/\s*[-–—]*\s*",
    re.IGNORECASE)
_GOV_DATELINE = re.compile(
    r"^(?:(?:le\s+)?\d{1,2}(?:er)?\s+\w+\.?\s+\d{4}|\w+\.?\s+\d{1,2},?\s+\d{4})\s*[-–—]\s*[^\n]{0,80}?[-–—]\s*[^\n]{0,80}?(?:\n|$)",
    re.IGNORECASE)
_TRAILERS = re.compile(r"(?m)^\s*(?:SOURCE\s+\S.*|View original content.*|Voir le contenu original.*|"
                       r"For further information:.*|Renseignements\s*:.*)$[\s\S]*\Z")



@lru_cache(maxsize=32)  # storing one release normalises its body three times (fingerprint, exact and near copy)
def normalise_body(text: str) -> str:
    """The release text with datelines, newswire trailers, punctuation spacing and case removed."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    text = _TRAILERS.sub("", text)
    text = _NEWSWIRE_DATELINE.sub("", text, count=1)
    text = _GOV_DATELINE.sub("", text, count=1)
    return re.sub(r"\s+", " ", text).strip().casefold()


def content_fingerprint(body: str) -> str:
    """sha256 of the normalised body: equal for a release and its re-publications."""
    return hashlib.sha256(normalise_body(body).encode("utf-8")).hexdigest()


SHINGLE_SIZE = 8
_PRIME = np.uint64(1099511628211)  # FNV's 64-bit prime: a polynomial hash of the code points, mod 2**64


def shingles(normalised: str, size: int = SHINGLE_SIZE) -> np.ndarray:
    """The distinct hashed ``size``-grams of a normalised text, ignoring spaces and punctuation (sorted uint64)."""
    compact = re.sub(r"[\s\W]+", "", normalised)
    points = np.frombuffer(compact.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    count = len(points) - size + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    hashed = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(size):
            hashed = hashed * _PRIME + points[k:k + count]
    return np.unique(hashed)


def jaccard(mine: np.ndarray, theirs: np.ndarray) -> float:
    """|A ∩ B| / |A ∪ B| of two shingle arrays (0.0 when both are empty)."""
    common = np.intersect1d(mine, theirs, assume_unique=True).size
    union = mine.size + theirs.size - common
    return common / union if union else 0.0
