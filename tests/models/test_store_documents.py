"""Storing releases: idempotent, revisions kept, newswire copies recognised, concurrent runs safe."""
from __future__ import annotations

import threading
from datetime import date

from sqlmodel import Session, select

from models.documents import content_fingerprint, normalise_body, store_release
from models.tables import Document, DocumentRevision, Source
from sources.release import ParsedRelease

BODY = ("Today, the Prime Minister of Canada and the Prime Minister of Japan released the Canada-Japan "
        "Comprehensive Strategic Roadmap. (Sample written for Roadmap Monitor tests; not a real release.) "
        "The leaders agreed to hold a two-plus-two dialogue every year and to expand KAEDEX exercises.")


def release(url="https://www.pm.gc.ca/en/news/readouts/2026/03/06/sample", body=BODY, title="Sample readout",
            published=date(2026, 3, 6)):
    return ParsedRelease(canonical_url=url, title=title, published=published, body=body, lang="en",
                         content_type="readout")


def make_source(session, name="pm_ca_en") -> int:
    src = Source(name=name, country="CA", lang="en", kind="rss", url="https://www.pm.gc.ca/en/news.rss")
    session.add(src)
    session.commit()
    return src.id


def test_first_store_is_new_and_second_unchanged(session):
    sid = make_source(session)
    first = store_release(session=session, source_id=sid, release=release())
    again = store_release(session=session, source_id=sid, release=release())
    assert (first.status, again.status) == ("new", "unchanged") and first.document_id == again.document_id
    assert len(session.exec(select(Document)).all()) == 1
    assert len(session.exec(select(DocumentRevision)).all()) == 1


def test_changed_page_becomes_a_new_revision_and_old_is_kept(session):
    sid = make_source(session)
    store_release(session=session, source_id=sid, release=release())
    changed = store_release(session=session, source_id=sid, release=release(body=BODY + " A correction was added."))
    assert (changed.status, changed.revision) == ("revised", 2)
    doc = session.get(Document, changed.document_id)
    assert doc.revision == 2 and doc.body.endswith("correction was added.")
    revisions = session.exec(select(DocumentRevision).order_by(DocumentRevision.revision)).all()
    assert [r.revision for r in revisions] == [1, 2] and revisions[0].body == BODY


def test_markup_only_changes_are_not_revisions_but_titles_are_fixed(session):
    sid = make_source(session)
    store_release(session=session, source_id=sid, release=release())
    outcome = store_release(session=session, source_id=sid,
                            release=release(body=BODY.replace(" ", "  \n"), title="Sample readout (updated title)"))
    assert outcome.status == "unchanged"
    assert session.get(Document, outcome.document_id).title == "Sample readout (updated title)"


def test_newswire_copy_points_at_the_original(session):
    sid, wire = make_source(session), make_source(session, "newswire")
    original = store_release(session=session, source_id=sid, release=release())
    copy_body = ("TOKYO, March 6, 2026 /CNW/ - " + BODY + "\n\nSOURCE Prime Minister's Office\n"
                 "View original content: https://www.newswire.ca/sample")
    copy = store_release(session=session, source_id=wire,
                         release=release(url="https://www.newswire.ca/news-releases/sample-1.html", body=copy_body))
    assert copy.status == "copy"
    assert session.get(Document, copy.document_id).copy_of_id == original.document_id


def test_near_identical_copy_with_small_edits_is_recognised(session):
    sid = make_source(session)
    original = store_release(session=session, source_id=sid, release=release())
    edited = "OTTAWA, ON, le 6 mars 2026 /CNW/ - " + BODY.replace("every year", "each year")
    copy = store_release(session=session, source_id=sid,
                         release=release(url="https://example.org/copy", body=edited, published=date(2026, 3, 7)))
    assert copy.status == "copy" and session.get(Document, copy.document_id).copy_of_id == original.document_id


def test_different_releases_are_not_copies(session):
    sid = make_source(session)
    store_release(session=session, source_id=sid, release=release())
    other = store_release(session=session, source_id=sid, release=release(
        url="https://example.org/other", body="Sample written for tests: the ministers met in Ottawa to discuss "
        "critical minerals, batteries and energy security across the Indo-Pacific region in detail."))
    assert other.status == "new"


def test_empty_bodies_are_never_taken_for_copies(session):
    sid = make_source(session)
    store_release(session=session, source_id=sid, release=release(url="https://example.org/a", body=""))
    assert store_release(session=session, source_id=sid, release=release(url="https://example.org/b", body="")).status == "new"


def test_normalise_strips_datelines_and_trailers():
    assert normalise_body("TOKYO, March 6, 2026 /CNW/ - Hello  World\nSOURCE PMO") == "hello world"
    assert normalise_body("March 6, 2026 - Tokyo, Japan - Prime Minister's Office\nHello World") == "hello world"
    assert content_fingerprint("Ｈｅｌｌｏ World") == content_fingerprint("hello   world")


def test_two_runs_storing_the_same_url_at_once_store_it_once(engine):
    with Session(engine) as s:
        sid = make_source(s)
    barrier, outcomes, errors = threading.Barrier(4), [], []

    def run():
        try:
            with Session(engine, expire_on_commit=False) as s:
                barrier.wait(timeout=10)
                outcomes.append(store_release(session=s, source_id=sid, release=release()).status)
                outcomes.append(store_release(session=s, source_id=sid, release=release(body=BODY + " Revised.")).status)
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(outcomes).count("new") == 1 and outcomes.count("revised") == 1
    with Session(engine) as s:
        assert len(s.exec(select(Document)).all()) == 1
        assert [r.revision for r in s.exec(select(DocumentRevision).order_by(DocumentRevision.revision))] == [1, 2]


TEMPLATE = ("Sample written for Roadmap Monitor tests; not a real release. The Minister for Foreign Affairs "
            "held a telephone talk with the Foreign Minister of {who}. The two ministers welcomed the progress "
            "of bilateral cooperation and agreed to continue close communication on regional issues.")


def test_template_like_releases_of_one_source_are_not_copies(session):
    sid = make_source(session, "mofa_press_en")
    first = store_release(session=session, source_id=sid, release=release(
        url="https://www.mofa.go.jp/press/release/pressite_000001.html", body=TEMPLATE.format(who="Canada")))
    same_text = store_release(session=session, source_id=sid, release=release(
        url="https://www.mofa.go.jp/press/release/pressite_000002.html", body=TEMPLATE.format(who="Canada")))
    near = store_release(session=session, source_id=sid, release=release(
        url="https://www.mofa.go.jp/press/release/pressite_000003.html", body=TEMPLATE.format(who="Chile")))
    assert (first.status, same_text.status, near.status) == ("new", "new", "new")
    assert all(session.get(Document, o.document_id).copy_of_id is None for o in (same_text, near))


def test_the_same_text_from_another_source_is_still_a_copy(session):
    ministry, wire = make_source(session, "mofa_press_en"), make_source(session, "newswire")
    original = store_release(session=session, source_id=ministry, release=release(
        url="https://www.mofa.go.jp/press/release/pressite_000001.html", body=TEMPLATE.format(who="Canada")))
    copy = store_release(session=session, source_id=wire, release=release(
        url="https://www.newswire.ca/news-releases/sample-2.html", body=TEMPLATE.format(who="Canada")))
    assert copy.status == "copy" and session.get(Document, copy.document_id).copy_of_id == original.document_id


def test_a_copy_stored_in_the_same_batch_as_its_original_is_recognised(session):
    # Batched storing keeps one transaction open over many releases: the copy window it caches
    # must include what the batch itself stored, and drop what a revision changed.
    sid = make_source(session)
    other = store_release(session=session, source_id=sid, commit=False,
                          release=release(url="https://www.pm.gc.ca/en/news/2026/03/06/other",
                                          body="Another sample release of ours, on another subject entirely. " * 4))
    original = store_release(session=session, source_id=sid, release=release(), commit=False)
    edited = "OTTAWA, ON, le 6 mars 2026 /CNW/ - " + BODY.replace("every year", "each year")
    copy = store_release(session=session, source_id=sid, commit=False,
                         release=release(url="https://example.org/copy", body=edited))  # the window of 6 March is cached
    assert copy.status == "copy" and session.get(Document, copy.document_id).copy_of_id == original.document_id

    revised = store_release(session=session, source_id=sid, commit=False,  # "other" now says what BODY says
                            release=release(url="https://www.pm.gc.ca/en/news/2026/03/06/other", body=BODY + " Updated."))
    assert revised.status == "revised" and revised.document_id == other.document_id
    second = store_release(session=session, source_id=sid, commit=False,
                           release=release(url="https://example.org/copy-2",
                                           body=(BODY + " Updated.").replace("expand", "grow")))
    assert session.get(Document, second.document_id).copy_of_id == other.document_id  # the revised text, not the old
    session.commit()
