"""A small, made-up data set for the review tests (not real releases)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlmodel import Session

from models.tables import Commitment, Document, Event, Evidence, Mention, Roadmap, Section, Source, SourceRun
from models.users import add_user

XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
PASSWORD = "correct horse battery"


@dataclass
class Seed:
    roadmap_id: int = 0
    commitments: dict[str, int] = field(default_factory=dict)  # cid -> id
    documents: dict[str, int] = field(default_factory=dict)    # key -> id
    evidence: dict[str, int] = field(default_factory=dict)     # key -> id
    sources: dict[str, int] = field(default_factory=dict)


def seed(session: Session, *, users: bool = True, extra: int = 0) -> Seed:
    """Roadmap with four commitments, three sources (one named with a script), five documents,
    an event reported by two documents, and suggestions with various scores; ``extra`` more
    suggestions for 1.1-2a."""
    out = Seed()
    rm = Roadmap(slug="jp-ca-2026", title_ja="日本・カナダ包括的戦略的ロードマップ",
                 title_en="Japan–Canada Comprehensive Strategic Roadmap", released=dt.date(2026, 3, 6))
    session.add(rm)
    session.flush()
    out.roadmap_id = rm.id
    for number, chapter, parent, title_ja, title_en, order in [
        ("1", "1", None, "安全保障・防衛協力の強化", "Security and defence", 0),
        ("1.1", "1", "1", "防衛協力", "Defence cooperation", 1),
        ("1.3", "1", "1", "サイバー、AI、宇宙", "Cyber, AI, space", 2),
    ]:
        session.add(Section(roadmap_id=rm.id, number=number, chapter=chapter, parent_number=parent,
                            title_ja=title_ja, title_en=title_en, order=order))
    for order, (cid, section, ja, en, cadence) in enumerate([
        ("1.1-2a", "1.1", "日加物品役務相互提供協定(ACSA)を活用しつつ、二国間・多国間演習の実施。",
         "Conduct bilateral and multilateral exercises, making use of the ACSA.", None),
        ("1.1-2b", "1.1", "二国間演習 KAEDEx を基盤とした合同航行の実施。",
         "Joint sails building on the bilateral exercise KAEDEx.", "annual"),
        ("1.1-3", "1.1", "防衛政策協議を拡大する。", "Expand defence policy consultations.", "annual"),
        ("1.3-1", "1.3", "サイバー政策対話を創設する。", "Establish a cyber policy dialogue.", None),
    ]):
        c = Commitment(roadmap_id=rm.id, cid=cid, chapter="1", section=section, kind="bullet", order=order,
                       text_ja=ja, text_en=en, cadence=cadence)
        session.add(c)
        session.flush()
        out.commitments[cid] = c.id
    for name, country, lang in [("mod_press_ja", "JP", "ja"), ("dnd_news_en", "CA", "en"), (f"adhoc{XSS}", "CA", "en")]:
        s = Source(name=name, country=country, lang=lang, kind="rss", url=f"http://127.0.0.1:9/{len(name)}",
                   last_success=dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.timezone.utc), healthy=name != "dnd_news_en",
                   last_error=None if name != "dnd_news_en" else f"HTTP 503 {XSS}")
        session.add(s)
        session.flush()
        out.sources[name] = s.id
        session.add(SourceRun(source_id=s.id, started_at=dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.timezone.utc),
                              finished_at=dt.datetime(2026, 4, 2, 9, 1, tzinfo=dt.timezone.utc), fetched=5, new=2))
    event = Event(key="kaedex-2026", canonical_id="kaedex", action="conducted", date=dt.date(2026, 4, 1),
                  countries=["JP", "CA"], confirmed_by_both=True)
    session.add(event)
    session.flush()
    docs = [
        ("kaedex_ja", "mod_press_ja", "ja", "日加共同訓練(KAEDEx)の実施について",
         "海上自衛隊は、カナダ海軍と共同訓練KAEDExを実施した。日本とカナダの相互運用性を高めた。", event.id),
        ("kaedex_en", "dnd_news_en", "en", "Canada and Japan conduct exercise KAEDEx",
         "The Royal Canadian Navy and the JMSDF conducted exercise KAEDEx. It improved interoperability.", event.id),
        ("cyber_en", "dnd_news_en", "en", "Japan and Canada hold first cyber policy dialogue",
         "Japan and Canada held the first Japan-Canada cyber policy dialogue in Ottawa.", None),
        ("policy_ja", "mod_press_ja", "ja", "日加防衛政策協議の開催",
         "日本とカナダは防衛政策協議を東京で開催した。", None),
        ("xss", f"adhoc{XSS}", "en", f"Release {XSS}",
         f"Japan and Canada signed an exercise plan. {XSS} The ACSA was used.", None),
    ]
    for key, source, lang, title, body, event_id in docs:
        d = Document(canonical_url=f"http://127.0.0.1:9/{key}", source_id=out.sources[source], lang=lang,
                     title=title, body=body, content_hash=key, published=dt.date(2026, 4, 1 + len(out.documents)))
        session.add(d)
        session.flush()
        out.documents[key] = d.id
        out.documents.setdefault("_event", event_id)
    mention_word = {"kaedex_ja": "KAEDEx", "kaedex_en": "KAEDEx", "cyber_en": "cyber policy dialogue",
                    "policy_ja": "防衛政策協議", "xss": "ACSA"}
    for key, cid, score, event_id in [
        ("kaedex_ja", "1.1-2b", 0.9, event.id), ("kaedex_en", "1.1-2b", 0.7, event.id),
        ("cyber_en", "1.3-1", 0.55, None), ("policy_ja", "1.1-3", 0.8, None), ("xss", "1.1-2a", 0.6, None),
    ]:
        body = next(d[4] for d in docs if d[0] == key)
        start = body.index(mention_word[key])
        end = start + len(mention_word[key])
        session.add(Mention(document_id=out.documents[key], type="exercise", text=body[start:end], start=start,
                            end=end, sentence=body, canonical_id=mention_word[key].lower()))
        ev = Evidence(document_id=out.documents[key], commitment_id=out.commitments[cid], event_id=event_id,
                      score=score, rationale=f"mentions {mention_word[key]} {XSS if key == 'xss' else ''}".strip(),
                      mention_spans=[[start, end]], status="suggested")
        session.add(ev)
        session.flush()
        out.evidence[key] = ev.id
    for i in range(extra):
        body = f"Japan and Canada held bilateral exercise number {i} under the ACSA."
        d = Document(canonical_url=f"http://127.0.0.1:9/extra{i}", source_id=out.sources["dnd_news_en"], lang="en",
                     title=f"Exercise {i} (sample)", body=body, content_hash=f"extra{i}", published=dt.date(2026, 5, 1 + i))
        session.add(d)
        session.flush()
        start = body.index("ACSA")
        ev = Evidence(document_id=d.id, commitment_id=out.commitments["1.1-2a"], score=0.95 - i * 0.01,
                      rationale="mentions ACSA", mention_spans=[[start, start + 4]], status="suggested")
        session.add(ev)
        session.flush()
        out.evidence[f"extra{i}"] = ev.id
    if users:
        add_user(session=session, username="ana", password=PASSWORD, role="analyst")
        add_user(session=session, username="rita", password=PASSWORD, role="reader")
        add_user(session=session, username="adam", password=PASSWORD, role="admin")
    session.commit()
    return out
