"""Loading the roadmap into the database: idempotent, versioned, history kept."""
import csv
import io
import json
from pathlib import Path

from sqlmodel import select
from typer.testing import CliRunner

from cli.main import app
from config.roadmap_data import load_bundle
from models.roadmaps import current_commitments, load_roadmap
from models.tables import Commitment, CommitmentRevision, Evidence, RoadmapVersion, Document, Source

TEXT = (Path(__file__).resolve().parents[2] / "config/roadmaps/jp-ca-2026/roadmap-ja.txt").read_text(encoding="utf-8")


def test_loading_twice_changes_nothing(session):
    first = load_roadmap(session=session, bundle=load_bundle())
    session.commit()
    assert first.new_version and len(first.added) == first.commitments
    second = load_roadmap(session=session, bundle=load_bundle())
    session.commit()
    assert second.unchanged and second.version == 1
    assert session.exec(select(RoadmapVersion)).all()[0].number == 1
    assert len(session.exec(select(Commitment)).all()) == first.commitments


def test_edited_copy_reports_difference_and_keeps_history(session):
    load_roadmap(session=session, bundle=load_bundle())
    session.commit()
    old = session.exec(select(Commitment).where(Commitment.cid == "1.5-5")).one()
    source = Source(name="s")
    session.add(source)
    session.flush()
    doc = Document(canonical_url="http://x/1", source_id=source.id, content_hash="h")
    session.add(doc)
    session.flush()
    session.add(Evidence(document_id=doc.id, commitment_id=old.id, status="accepted"))
    session.commit()

    edited = (TEXT.replace("協力を促進する方法を模索する。", "協力を大胆に促進する。")  # changes 1.2-4
              .replace("- 国連平和維持活動及び女性・平和・安全保障(WPS)の実施上の更なる二国間協力の機会を探る。\n", "")
              + "\n- 新しい約束を加える。\n")
    report = load_roadmap(session=session, bundle=load_bundle(text=edited))
    session.commit()
    assert report.new_version and report.version == 2
    assert report.changed == ["1.2-4"]
    assert report.removed == ["1.5-5"]
    assert report.added == ["6-7"]
    removed = session.exec(select(Commitment).where(Commitment.cid == "1.5-5")).one()
    assert removed.removed_in_version == 2
    assert session.exec(select(Evidence).where(Evidence.commitment_id == removed.id)).one().status == "accepted"
    changed = session.exec(select(Commitment).where(Commitment.cid == "1.2-4")).one()
    versions = [r.version for r in session.exec(select(CommitmentRevision).where(CommitmentRevision.commitment_id == changed.id))]
    assert sorted(versions) == [1, 2]
    current = [c.cid for c in current_commitments(session=session, slug="jp-ca-2026")]
    assert "1.5-5" not in current and "6-7" in current


def test_cli_init_and_commitments_json(engine):
    runner = CliRunner()
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    assert "commitments" in result.output
    result = runner.invoke(app, ["commitments", "--format", "json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert {"id", "chapter", "section", "kind", "parent_id", "text_ja", "text_en", "status"} <= set(items[0])
    by_id = {i["id"]: i for i in items}
    assert by_id["1.1-2a"]["parent_id"] == "1.1-2"
    assert all(i["text_ja"] for i in items)
    result = runner.invoke(app, ["commitments", "--section", "1.1", "--format", "csv"])
    assert result.exit_code == 0 and result.stdout.splitlines()[0].startswith("id,chapter,section")
    assert [row["id"] for row in csv.DictReader(io.StringIO(result.stdout))][:3] == ["1.1-1", "1.1-2", "1.1-2a"]
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 8


def test_reloading_an_earlier_text_makes_it_current_again(session):
    load_roadmap(session=session, bundle=load_bundle())
    session.commit()
    edited = TEXT.replace("文化協力を推進する。", "文化協力を力強く推進する。")
    assert load_roadmap(session=session, bundle=load_bundle(text=edited)).changed == ["6-5"]
    session.commit()
    back = load_roadmap(session=session, bundle=load_bundle())
    session.commit()
    assert back.version == 1 and back.new_version and back.changed == ["6-5"]
    row = session.exec(select(Commitment).where(Commitment.cid == "6-5")).one()
    assert "力強く" not in row.text_ja
    assert [v.number for v in session.exec(select(RoadmapVersion).where(RoadmapVersion.is_current))] == [1]
    assert load_roadmap(session=session, bundle=load_bundle()).unchanged


def test_statuses_are_computed_when_the_roadmap_loads(session):
    load_roadmap(session=session, bundle=load_bundle())
    session.commit()
    rows = session.exec(select(Commitment)).all()
    assert {c.status for c in rows} == {"no evidence"}
    assert {c.score for c in rows} == {-1} and all(c.status_rule for c in rows)
