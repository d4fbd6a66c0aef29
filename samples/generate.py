"""Synthetic releases for benchmarks and the soak: N made-up releases in the sample sites' shapes.

Every page says it is generated (``<!-- Generated sample for Roadmap Monitor benchmarks; not a real
release -->`` / ``"sample": true`` in the manifest). Three sites share the corpus, round robin:

- ``gen_mofa_ja``: a MOFA-style HTML listing (Japanese dates under ``h2.date``), paged by ``p.past a``;
- ``gen_gac_en``: an Atom feed paged by ``<link rel="next">``, Canada.ca-style release pages (English);
- ``gen_pmo_fr``: an RSS 2.0 feed paged by ``<atom:link rel="next">``, Canada.ca-style pages (French).

``write_corpus(root, n)`` writes the files; ``source_entries(base_url)`` gives the config entries that
read them (register them with ``models.sources_repo.upsert_source(..., settings={"config": entry})``).
``python -m samples.generate N OUT_DIR`` writes a corpus from the command line.
"""
from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from pathlib import Path


NOTE = "<!-- Generated sample for Roadmap Monitor benchmarks; not a real release -->"
SITES = ("gen_mofa_ja", "gen_gac_en", "gen_pmo_fr")
LANG = {"gen_mofa_ja": "ja", "gen_gac_en": "en", "gen_pmo_fr": "fr"}
PER_PAGE = 100
NEWEST = date(2026, 11, 30)
CANADA_ARTICLE = {"title": "main h1", "date": 'meta[name="dcterms.issued"]', "content_type": "main .gc-content-type",
                  "body": "main .mwsgeneric-base-html", "drop": [".gc-byln", "#wb-dtmd", ".pagedetails"]}


@dataclass(frozen=True)
class GeneratedRelease:
    site: str
    path: str
    title: str
    published: date
    lang: str


def releases(n: int, *, seed: int = 0) -> list[GeneratedRelease]:
    """The corpus: ``n`` releases spread round robin over SITES, newest first, ~3 a day per site."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        site = SITES[i % len(SITES)]
        k = i // len(SITES)
        published = NEWEST - timedelta(days=k // 3)
        lang = LANG[site]
        path = {"gen_mofa_ja": f"/gen/mofaj/press/release/pressit_{k:06d}.html",
                "gen_gac_en": f"/gen/en/news/{published:%Y/%m}/release-{k:06d}.html",
                "gen_pmo_fr": f"/gen/fr/nouvelles/{published:%Y/%m/%d}/communique-{k:06d}.html"}[site]
        out.append(GeneratedRelease(site, path, title_for(lang, k, rng), published, lang))
    return out


def write_corpus(root: Path | str, n: int, *, seed: int = 0, page_kb: int = 0, filler: int = 2) -> list[GeneratedRelease]:
    """Write ``n`` generated releases, their listings/feeds and a manifest under ``root``; returns them.

    Pages are compact (~1.2 KB) by default. ``page_kb`` pads each release page to about that size with
    site navigation outside the release (real ministries' pages weigh 20–80 KB, mostly menus);
    ``filler`` is the number of made-up filler sentences per body (each ~12 words)."""
    root = Path(root)
    corpus = releases(n, seed=seed)
    for i, rel in enumerate(corpus):
        rng = random.Random(f"{seed}:{i}")
        page = _article(rel, body_sentences(rel.lang, i, rng, filler=filler))
        _write(root, rel.path, _padded(page, page_kb))
    for site in SITES:
        items = [r for r in corpus if r.site == site]
        pages = [items[i:i + PER_PAGE] for i in range(0, len(items), PER_PAGE)] or [[]]
        for number, page in enumerate(pages, 1):
            has_next = number < len(pages)
            _write(root, listing_path(site, number), _LISTINGS[site](page, number, has_next))
    manifest = {"sample": True, "generated": True, "releases": n, "seed": seed,
                "note": "Generated for Roadmap Monitor benchmarks; not real releases"}
    _write(root, "/gen/manifest.json", json.dumps(manifest, indent=1))
    return corpus


def listing_path(site: str, page: int = 1) -> str:
    """The path of a site's listing or feed page (1 = the newest)."""
    suffix = "" if page == 1 else f"_{page}"
    return {"gen_mofa_ja": f"/gen/mofaj/press/release/index{suffix}.html",
            "gen_gac_en": f"/gen/en/news/feed{suffix}.atom",
            "gen_pmo_fr": f"/gen/fr/nouvelles{suffix}.rss"}[site]


def source_entries(base_url: str, *, schedule: str = "* * * * *", max_pages: int = 1000) -> dict[str, dict]:
    """Config entries (as in ``config/sources.yaml``) reading the generated sites served at ``base_url``."""
    base = base_url.rstrip("/")
    mofa_article = {"title": "#maincontents h1", "date": "#maincontents p.rightalign", "body": "#maincontents",
                    "drop": ["#breadcrumb", ".link-back"]}
    common = {"schedule": schedule, "politeness": 0, "max_pages": max_pages}
    return {
        "gen_mofa_ja": {"ministry": "MOFA (generated)", "country": "JP", "language": "ja", "kind": "html-listing",
                        "url": base + listing_path("gen_mofa_ja"), "article": mofa_article,
                        "selectors": {"item": "#maincontents ul.link-list li", "group_date": "#maincontents h2.date",
                                      "next": "#maincontents p.past a"}, **common},
        "gen_gac_en": {"ministry": "GAC (generated)", "country": "CA", "language": "en", "kind": "atom",
                       "url": base + listing_path("gen_gac_en"), "article": CANADA_ARTICLE, **common},
        "gen_pmo_fr": {"ministry": "PMO (generated)", "country": "CA", "language": "fr", "kind": "rss",
                       "url": base + listing_path("gen_pmo_fr"), "article": CANADA_ARTICLE, **common},
    }


def _write(root: Path, path: str, text: str) -> None:
    target = root / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _padded(page: str, page_kb: int) -> str:
    """``page`` with a generated navigation menu after ``<body>`` (outside the release) up to ~``page_kb`` KB."""
    missing = page_kb * 1024 - len(page.encode("utf-8"))
    if missing <= 0:
        return page
    links, k = [], 0
    while sum(map(len, links)) < missing:
        links.append(f'<li><a href="/gen/menu/section-{k}.html">Generated menu entry {k}</a></li>\n')
        k += 1
    menu = f'<nav class="generated-menu"><ul>\n{"".join(links)}</ul></nav>\n'
    return page.replace("<body>\n", "<body>\n" + menu, 1)


def _wareki(d: date) -> str:
    return f"令和{d.year - 2018}年{d.month}月{d.day}日" if d >= date(2019, 5, 1) else f"{d.year}年{d.month}月{d.day}日"


def _article(rel: GeneratedRelease, sentences: list[str]) -> str:
    paras = "\n".join(f"<p>{escape(s)}</p>" for s in sentences)
    if rel.site == "gen_mofa_ja":
        return (f'<!DOCTYPE html>\n<html lang="ja"><head><meta charset="UTF-8"><title>{escape(rel.title)}｜外務省</title>'
                f'</head><body>\n{NOTE}\n<div id="breadcrumb"><a href="/gen/">トップ</a></div>\n<div id="maincontents">'
                f'<h1 class="title1"><span>{escape(rel.title)}</span></h1>\n<p class="rightalign">{_wareki(rel.published)}'
                f'</p>\n<div class="any-area">\n{paras}\n</div>\n<div class="link-back"><a href="index.html">報道発表へ戻る'
                f'</a></div></div></body></html>\n')
    label = "News release" if rel.lang == "en" else "Communiqué"
    return (f'<!DOCTYPE html>\n<html lang="{rel.lang}"><head><meta charset="utf-8"><title>{escape(rel.title)}</title>'
            f'<meta name="dcterms.issued" content="{rel.published.isoformat()}"></head><body>\n{NOTE}\n'
            f'<main><h1>{escape(rel.title)}</h1><div class="gc-byln"><p>Generated sample</p></div>'
            f'<p class="gc-content-type">{label}</p>\n<div class="mwsgeneric-base-html">\n{paras}\n</div>'
            f'<div class="pagedetails"><dl id="wb-dtmd"><dd>{rel.published.isoformat()}</dd></dl></div></main>'
            f'</body></html>\n')


def _mofa_listing(page: list[GeneratedRelease], number: int, has_next: bool) -> str:
    groups, current = [], None
    for rel in page:
        if rel.published != current:
            current = rel.published
            groups.append(f'</ul>\n<h2 class="date">{_wareki(current)}</h2>\n<ul class="link-list">')
        groups.append(f'<li><a href="{rel.path}">{escape(rel.title)}</a></li>')
    body = "".join(groups).removeprefix("</ul>") + ("</ul>" if groups else "")
    past = f'<p class="past"><a href="{listing_path("gen_mofa_ja", number + 1)}">過去の報道発表</a></p>' if has_next else ""
    return (f'<!DOCTYPE html>\n<html lang="ja"><head><meta charset="UTF-8"><title>報道発表（生成）</title></head><body>\n'
            f'{NOTE}\n<div id="maincontents"><h1>報道発表</h1>\n{body}\n{past}</div></body></html>\n')


def _atom(page: list[GeneratedRelease], number: int, has_next: bool) -> str:
    nxt = f'<link rel="next" href="{listing_path("gen_gac_en", number + 1)}"/>' if has_next else ""
    entries = "".join(f'<entry><title>{escape(r.title)}</title><link rel="alternate" href="{r.path}"/>'
                      f'<id>urn:gen:{escape(r.path)}</id><published>{r.published.isoformat()}T09:00:00-05:00</published>'
                      f'<updated>{r.published.isoformat()}T09:00:00-05:00</updated></entry>\n' for r in page)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{NOTE}\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">'
            f'<title>Generated news (sample)</title><id>urn:gen:gac_en</id><updated>2026-11-30T09:00:00Z</updated>'
            f'{nxt}\n{entries}</feed>\n')


def _rss(page: list[GeneratedRelease], number: int, has_next: bool) -> str:
    nxt = f'<atom:link rel="next" href="{listing_path("gen_pmo_fr", number + 1)}"/>' if has_next else ""
    items = "".join(f'<item><title>{escape(r.title)}</title><link>{r.path}</link><guid>{r.path}</guid>'
                    f'<pubDate>{r.published:%a, %d %b %Y} 09:00:00 -0500</pubDate></item>\n' for r in page)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{NOTE}\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
            f'<channel><title>Nouvelles (échantillon généré)</title><link>/gen/fr/</link><language>fr</language>'
            f'{nxt}\n{items}</channel></rss>\n')


# Made-up sentences (ours), some naming Japan–Canada mechanisms so extraction and linking have work.
_TEXT = {
    "ja": {"titles": ["日・カナダ{topic}に関する協議（第{n}回）", "{city}における{topic}の実施", "{topic}についての発表（第{n}号）"],
           "topics": ["防衛協力", "経済安全保障", "重要鉱物", "サイバー政策", "エネルギー", "人的交流", "開発協力"],
           "cities": ["東京", "オタワ", "バンクーバー", "大阪", "トロント", "横浜"],
           "sentences": ["{month}月{day}日、{city}において、日本とカナダは{topic}に関する協議を行いました。",
                         "会合では、インド太平洋地域の情勢について意見交換が行われました。",
                         "双方は、{topic}の分野で協力を一層強化していくことで一致しました。",
                         "本件は生成された試験用の文章であり、実際の発表ではありません（番号{n}）。",
                         "今後も関係省庁間で緊密に連携していく予定です。"]},
    "en": {"titles": ["Canada and Japan hold {topic} talks ({n})", "Minister announces {topic} support in {city}",
                      "Readout: {topic} meeting in {city} (no. {n})"],
           "topics": ["defence cooperation", "economic security", "critical minerals", "cyber policy", "energy",
                      "trade", "development"],
           "cities": ["Ottawa", "Tokyo", "Vancouver", "Toronto", "Osaka", "Halifax"],
           "sentences": ["On {month_name} {day}, officials from Canada and Japan met in {city} to discuss {topic}.",
                         "The minister announced funding of ${n} thousand for community projects in {city}.",
                         "Participants exchanged views on the situation in the Indo-Pacific region.",
                         "This generated sample text is not a real release (number {n}).",
                         "Officials will continue to work closely on {topic}."]},
    "fr": {"titles": ["Le Canada et le Japon discutent de {topic} ({n})", "Annonce sur {topic} à {city}",
                      "Compte rendu : réunion sur {topic} à {city} (no {n})"],
           "topics": ["la coopération en défense", "la sécurité économique", "les minéraux critiques",
                      "la cybersécurité", "l'énergie", "le commerce"],
           "cities": ["Ottawa", "Tokyo", "Montréal", "Québec", "Vancouver", "Osaka"],
           "sentences": ["Le {day} {month_fr}, des représentants du Canada et du Japon se sont réunis à {city}.",
                         "Le ministre a annoncé un financement de {n} milliers de dollars à {city}.",
                         "Les participants ont échangé leurs points de vue sur la région indo-pacifique.",
                         "Ce texte généré n'est pas un vrai communiqué (numéro {n}).",
                         "Les fonctionnaires poursuivront leur collaboration sur {topic}."]},
}
# One release in MENTION_EVERY names a Japan–Canada mechanism (as in real ministries' output, where few do).
MENTION_EVERY = 50
_MENTIONS = {
    "ja": ["海上自衛隊とカナダ海軍は日加共同訓練（KAEDEx）を実施しました。",
           "日加物品役務相互提供協定に基づき、物品の提供が行われました。",
           "日本とカナダは日・カナダ経済安全保障対話を開催しました。"],
    "en": ["The Royal Canadian Navy and the JMSDF conducted exercise KAEDEx.",
           "Supplies were provided under the Japan-Canada Acquisition and Cross-Servicing Agreement.",
           "Canada and Japan held the Canada-Japan Economic Security Dialogue."],
    "fr": ["La Marine royale canadienne et la JMSDF ont mené l'exercice KAEDEx.",
           "Des biens ont été fournis en vertu de l'Accord d'acquisition et de soutien logistique mutuel.",
           "Le Canada et le Japon ont tenu le dialogue sur la sécurité économique."],
}
_WORDS = {"ja": "協力 会合 声明 首脳 外相 閣僚 計画 報告 支援 投資 技術 人材 供給網 港湾 北極 宇宙 防災 水素".split(),
          "en": "cooperation meeting statement leaders ministers plan report support investment technology talent "
                "supply ports Arctic space resilience hydrogen".split(),
          "fr": "coopération réunion déclaration dirigeants ministres plan rapport soutien investissement technologie "
                "talents approvisionnement ports Arctique espace résilience hydrogène".split()}
_MONTHS_EN = "January February March April May June July August September October November December".split()
_MONTHS_FR = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()


def title_for(lang: str, n: int, rng: random.Random) -> str:
    """A made-up title in ``lang``, unique by its number ``n``."""
    t = _TEXT[lang]
    return rng.choice(t["titles"]).format(topic=rng.choice(t["topics"]), city=rng.choice(t["cities"]), n=n + 1)


def body_sentences(lang: str, n: int, rng: random.Random, *, filler: int = 2) -> list[str]:
    """Three to five made-up sentences in ``lang``, in an order and with numbers of their own, and
    ``filler`` made-up filler sentences."""
    t = _TEXT[lang]
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    values = {"n": n + 1, "city": rng.choice(t["cities"]), "topic": rng.choice(t["topics"]), "month": month,
              "day": day, "month_name": _MONTHS_EN[month - 1], "month_fr": _MONTHS_FR[month - 1]}
    chosen = rng.sample(t["sentences"], rng.randint(3, len(t["sentences"])))
    sep = "" if lang == "ja" else " "
    filler = [sep.join(rng.choice(t["topics"] + t["cities"] + _WORDS[lang]) for _ in range(12)) + ("。" if lang == "ja" else ".")
              for _ in range(filler)]  # unique text, so no two generated releases look like copies of each other
    mention = [_MENTIONS[lang][(n // MENTION_EVERY) % len(_MENTIONS[lang])]] if n % MENTION_EVERY == 0 else []
    return mention + [s.format(**values) for s in chosen] + filler


_LISTINGS = {"gen_mofa_ja": _mofa_listing, "gen_gac_en": _atom, "gen_pmo_fr": _rss}


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m samples.generate N OUT_DIR")
    written = write_corpus(Path(sys.argv[2]), int(sys.argv[1]))
    print(f"wrote {len(written)} generated releases under {sys.argv[2]}")
