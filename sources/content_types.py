"""Content types of releases as slugs: news-release, readout, statement, backgrounder, media-advisory, speech."""
from __future__ import annotations

import re

LABELS = {
    "news release": "news-release", "news releases": "news-release", "press release": "news-release",
    "(press release)": "news-release", "communiqué de presse": "news-release", "communiqué": "news-release",
    "報道発表": "news-release", "プレスリリース": "news-release",
    "statement": "statement", "déclaration": "statement", "談話": "statement", "声明": "statement",
    "readout": "readout", "compte rendu": "readout",
    "backgrounder": "backgrounder", "document d'information": "backgrounder",
    "media advisory": "media-advisory", "avis aux médias": "media-advisory",
    "speech": "speech", "discours": "speech",
}
_URL_PARTS = (
    (re.compile(r"/(readouts|comptes-rendus)/"), "readout"),
    (re.compile(r"/(statements|declarations)/"), "statement"),
    (re.compile(r"/(news-releases|communiques(-de-presse)?)/"), "news-release"),
    (re.compile(r"/(backgrounders|documents-d-information)/"), "backgrounder"),
    (re.compile(r"/(media-advisories|avis-aux-medias)/"), "media-advisory"),
    (re.compile(r"/(speeches|discours)/"), "speech"),
)


def classify(label: str) -> str:
    """The slug for a content-type label such as `News release` or `Compte rendu`; '' if it is not one."""
    key = " ".join(label.replace("\u2019", "'").split()).lower()
    return LABELS.get(key, "")


def from_url(url: str) -> str:
    """The slug implied by a URL path such as pm.gc.ca's `/en/news/readouts/…`; '' if none."""
    for pattern, slug in _URL_PARTS:
        if pattern.search(url):
            return slug
    return ""
