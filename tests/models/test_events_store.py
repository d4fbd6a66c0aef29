"""Events that are true, end to end: our own written releases go through extraction, linking and
storing (``process_documents``), and the events in the database are the happenings.

- the Japanese and English reports (and a newswire copy) of one launch are one event, confirmed by
  both governments, though one says "launched" on the 9th and the other "held" on the 8th;
- the 13th and the 14th meetings of a dialogue, twelve days apart, are two events;
- a later call that mentions an exercise in passing joins the exercise's event and makes none;
- the roadmap's own release, a plan, and an intention make no event;
- the event is dated when it happened, and the history cut-off uses that date.
"""
from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from config.roadmap_data import load_bundle
from pipeline.process import process_documents
from models.evidence import recompute_statuses
from models.roadmaps import load_roadmap
from models.tables import Commitment, Document, Event, Evidence
from tests.support.link_fixtures import make_sources

D = dt.date


def _store(engine, releases):
    """``releases``: (source, title, lang, published, body); processed; returns the document ids."""
    with Session(engine, expire_on_commit=False) as s:
        load_roadmap(session=s, bundle=load_bundle())
        sources = make_sources(s)
        ids = []
        for i, (source, title, lang, published, body) in enumerate(releases):
            doc = Document(canonical_url=f"https://example.test/{i}", source_id=sources[source], title=title,
                           lang=lang, body=body, content_hash=f"h{i}", published=published)
            s.add(doc)
            s.flush()
            ids.append(doc.id)
        s.commit()
    process_documents(engine=engine)
    return ids


def _events_of(session, document_id):
    q = select(Event).join(Evidence, Evidence.event_id == Event.id).where(Evidence.document_id == document_id)
    return {e.id: e for e in session.exec(q)}


def test_reports_of_one_launch_in_two_languages_and_a_newswire_are_one_event(engine):
    en = ("OTTAWA, March 9, 2026 — Today, Canada and Japan held the first Japan-Canada Cyber Policy Dialogue "
          "in Ottawa. Officials exchanged views on threats to critical infrastructure.")
    ids = _store(engine, [
        ("mofa_press_ja", "日加サイバー政策対話の立ち上げ", "ja", D(2026, 3, 10),
         "2026年3月10日、オタワにおいて、日加サイバー政策対話が立ち上げられました。両国の関係省庁が出席しました。"),
        ("gac_news_en", "Canada and Japan hold first Cyber Policy Dialogue", "en", D(2026, 3, 9), en),
        ("newswire_en", "Canada and Japan hold first Cyber Policy Dialogue", "en", D(2026, 3, 11), en)])
    with Session(engine) as s:
        events = [_events_of(s, i) for i in ids]
        assert all(len(e) == 1 for e in events) and events[0].keys() == events[1].keys() == events[2].keys()
        [event] = events[0].values()
        assert event.confirmed_by_both and event.date == D(2026, 3, 9) and event.date_stated


def test_the_next_meeting_of_a_dialogue_is_another_event(engine):
    ids = _store(engine, [
        ("mofa_press_ja", "第13回日加経済対話の開催", "ja", D(2026, 4, 3),
         "2026年4月2日、東京において、第13回日加経済対話が開催されました。"),
        ("gac_news_en", "14th Japan-Canada Economic Dialogue", "en", D(2026, 4, 15),
         "April 15, 2026 — The 14th Japan-Canada Economic Dialogue was held in Ottawa on April 14.")])
    with Session(engine) as s:
        first, second = (list(_events_of(s, i).values()) for i in ids)
        assert len(first) == len(second) == 1 and first[0].id != second[0].id
        assert (first[0].ordinal, second[0].ordinal) == (13, 14)
        assert not first[0].confirmed_by_both and not second[0].confirmed_by_both


def test_an_exercise_mentioned_in_a_later_call_joins_its_event_and_makes_none(engine):
    ids = _store(engine, [
        ("gac_news_en", "Exercise KAEDEx 2026 concludes", "en", D(2026, 6, 10),
         "June 10, 2026 — The Royal Canadian Navy and the Japan Maritime Self-Defense Force conducted "
         "Exercise KAEDEx off the coast of Japan from June 1 to June 9."),
        ("gac_news_en", "Prime Minister speaks with Prime Minister of Japan", "en", D(2026, 9, 3),
         "September 3, 2026 — The Prime Minister spoke with the Prime Minister of Japan. The leaders welcomed "
         "the successful conduct of KAEDEx in June and concurred to expand participation in joint exercises.")])
    with Session(engine) as s:
        assert len(s.exec(select(Event)).all()) == 1
        [event] = s.exec(select(Event)).all()
        assert event.date == D(2026, 6, 1)
        assert set(_events_of(s, ids[1])) <= {event.id}
        call_evidence = s.exec(select(Evidence).where(Evidence.document_id == ids[1])).all()
        assert call_evidence and all("in passing" in e.rationale for e in call_evidence)


def test_the_roadmap_release_a_plan_and_an_intention_make_no_event(engine):
    _store(engine, [
        ("gac_news_en", "Japan-Canada Comprehensive Strategic Roadmap", "en", D(2026, 3, 6),
         "March 6, 2026 — Under this Roadmap, the Japan-Canada Acquisition and Cross-Servicing Agreement "
         "entered into force and our navies participate in KAEDEx every year."),
        ("gac_news_en", "Canada and Japan to hold Cyber Policy Dialogue", "en", D(2026, 3, 4),
         "OTTAWA, March 4, 2026 — Canada and Japan will hold the first Japan-Canada Cyber Policy Dialogue in "
         "Ottawa on March 9."),
        ("mofa_press_ja", "日加首脳電話会談", "ja", D(2026, 5, 20),
         "2026年5月20日、両首脳は電話会談を行い、KAEDExへの参加を拡大することで一致しました。")])
    with Session(engine) as s:
        assert s.exec(select(Evidence)).all()  # linked all the same, for analysts to see
        assert s.exec(select(Event)).all() == []


def test_consultations_held_after_the_roadmap_are_progress_and_a_plan_never_puts_them_on_track(engine):
    # announced before the roadmap (6 March) for 9 March, reported on 10 March: the plan makes no event
    # dated 4 March, the report dates the event 9 March, after the roadmap. 1.1-3 recurs every year:
    # a plan alone (the next round, announced on 20 March) does not put it on track, the round held does.
    ids = _store(engine, [
        ("gac_news_en", "Canada and Japan to hold Defence Policy Consultations", "en", D(2026, 3, 4),
         "OTTAWA, March 4, 2026 — Canada and Japan will hold the Japan-Canada Defence Policy Consultations in "
         "Ottawa on March 9."),
        ("gac_news_en", "Next round of Defence Policy Consultations", "en", D(2026, 3, 20),
         "OTTAWA, March 20, 2026 — Canada and Japan will hold the next Japan-Canada Defence Policy Consultations "
         "in Tokyo in the spring of 2027."),
        ("mofa_press_ja", "日加防衛政策協議の開催", "ja", D(2026, 3, 10),
         "2026年3月9日、オタワにおいて、日加防衛政策協議が開催されました。")])
    with Session(engine) as s:
        [event] = s.exec(select(Event)).all()
        assert event.date == D(2026, 3, 9)
        commitment = s.exec(select(Commitment).where(Commitment.cid == "1.1-3")).one()
        assert commitment.cadence == "annual"

        def accept(document_id):
            rows = s.exec(select(Evidence).where(Evidence.document_id == document_id,
                                                 Evidence.commitment_id == commitment.id)).all()
            assert rows, "the release should be linked to 1.1-3"
            for e in rows:
                e.status = "accepted"
                s.add(e)
            recompute_statuses(session=s, commitment_ids=[commitment.id], as_of=D(2026, 4, 1))
            s.refresh(commitment)

        accept(ids[1])
        assert commitment.status == "under way" and "plan or a statement" in commitment.status_rule
        accept(ids[2])
        assert commitment.status == "on track" and "2026-03-09" in commitment.status_rule


def test_the_review_history_mark_uses_the_day_the_event_happened():
    from models.review_events import EventSummary, before_roadmap

    released = D(2026, 3, 6)
    held_after = EventSummary(1, "Defence Policy Consultations held, 2026-03-09", False, D(2026, 3, 9))
    assert before_roadmap(D(2026, 3, 4), released)  # a release of 4 March alone is history
    assert not before_roadmap(D(2026, 3, 4), released, held_after)  # what it reports happened on 9 March
    assert before_roadmap(D(2026, 3, 20), released, EventSummary(2, "ACSA signed", False, D(2026, 3, 1)))


def test_reprocessing_under_the_rules_moves_a_linker_row_out_of_an_event_it_no_longer_reports(session):
    from extractors.happening import Happening
    from extractors.types import Link
    from models.evidence import store_links
    from tests.support.link_fixtures import make_document, make_roadmap

    make_roadmap(session)
    src = make_sources(session)["gac_news_en"]
    doc = make_document(session, src, "https://example.test/plan", D(2026, 5, 1))
    link = Link(commitment_id="1.1-2b", section="1.1", score=0.8, rationale="mentions KAEDEx",
                mention_spans=((0, 6),), action="conducted", canonical_id="kaedex")

    def seen_as(role):
        return {"1.1-2b": Happening("kaedex", "conducted", "exercise", D(2026, 5, 1), False, None, None, role,
                                    f"read as {role}")}

    store_links(session=session, document_id=doc, links=[link], happenings=seen_as("report"))
    session.commit()
    assert len(session.exec(select(Event)).all()) == 1
    store_links(session=session, document_id=doc, links=[link], happenings=seen_as("planned"))
    session.commit()
    [row] = session.exec(select(Evidence)).all()
    assert row.event_id is None and row.rationale.endswith("— event: read as planned")
    assert session.exec(select(Event)).all() == []  # no report left: the event is gone
