"""Loading a roadmap into the database, keeping every version's commitments and their evidence."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from config.roadmap_data import RoadmapBundle
from config.roadmap_parser import text_hash
from models.evidence import recompute_statuses
from models.tables import Commitment, CommitmentRevision, Roadmap, RoadmapVersion, Section


@dataclass
class LoadReport:
    slug: str
    version: int
    new_version: bool
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    commitments: int = 0

    @property
    def unchanged(self) -> bool:
        return not (self.new_version or self.added or self.changed or self.removed)


def load_roadmap(*, session: Session, bundle: RoadmapBundle) -> LoadReport:
    """Load ``bundle`` idempotently. A changed text becomes a new version; old commitments stay.

    Translations and annotations (keywords, cadence, entities) are refreshed on every load; they do
    not make a new version. Returns what changed.
    """
    roadmap = session.exec(select(Roadmap).where(Roadmap.slug == bundle.slug)).first()
    if roadmap is None:
        roadmap = Roadmap(slug=bundle.slug, title_ja=bundle.title_ja)
        session.add(roadmap)
    roadmap.title_ja, roadmap.title_en, roadmap.released = bundle.title_ja, bundle.title_en, bundle.released
    session.flush()

    digest = text_hash(bundle.text)
    versions = session.exec(select(RoadmapVersion).where(RoadmapVersion.roadmap_id == roadmap.id)).all()
    version = next((v for v in versions if v.text_hash == digest), None)
    new_version = version is None or not version.is_current
    if version is None:
        version = RoadmapVersion(roadmap_id=roadmap.id, number=max((v.number for v in versions), default=0) + 1,
                                 text_hash=digest)
        session.add(version)
    for v in versions:
        v.is_current = v is version
    version.is_current = True
    session.flush()

    report = LoadReport(slug=bundle.slug, version=version.number, new_version=new_version)
    _sync_sections(session, roadmap, bundle)
    existing = {c.cid: c for c in session.exec(select(Commitment).where(Commitment.roadmap_id == roadmap.id))}
    infos = {i.cid: i for i in bundle.commitment_infos()}
    for parsed in bundle.parsed.commitments:
        info = infos[parsed.cid]
        row = existing.get(parsed.cid)
        if row is None:
            row = Commitment(roadmap_id=roadmap.id, cid=parsed.cid, first_version=version.number,
                             chapter=parsed.chapter, section=parsed.section, kind=parsed.kind, text_ja=parsed.text)
            session.add(row)
            report.added.append(parsed.cid)
        elif row.removed_in_version is not None:
            report.added.append(parsed.cid)
        elif row.text_hash != parsed.text_hash:
            report.changed.append(parsed.cid)
        row.removed_in_version = None
        row.chapter, row.section, row.kind = parsed.chapter, parsed.section, parsed.kind
        row.parent_cid, row.order, row.text_ja, row.text_hash = parsed.parent_cid, parsed.order, parsed.text, parsed.text_hash
        row.text_en = info.text_en
        row.keywords, row.cadence, row.entities = list(info.keywords), info.cadence, list(info.entities)
        session.flush()
        _record_revision(session, row, version.number)
    for cid, row in existing.items():
        if cid not in infos and row.removed_in_version is None:
            row.removed_in_version = version.number
            report.removed.append(cid)
    report.commitments = len(infos)
    if report.added or report.changed or report.removed:
        version.summary = {"added": report.added, "changed": report.changed, "removed": report.removed}
    session.flush()
    recompute_statuses(session=session, roadmap_slug=bundle.slug)  # new commitments get their rule's status
    return report


def _record_revision(session: Session, row: Commitment, version: int) -> None:
    """Keep the text this commitment has in ``version`` (once per version; a reload of an earlier
    text finds its revision already there)."""
    revisions = session.exec(select(CommitmentRevision).where(CommitmentRevision.commitment_id == row.id)).all()
    if any(r.version == version for r in revisions):
        return
    latest = max(revisions, key=lambda r: r.version, default=None)
    if latest is not None and latest.text_hash == row.text_hash:  # unchanged since its last revision
        return
    session.add(CommitmentRevision(commitment_id=row.id, version=version, text_ja=row.text_ja, text_hash=row.text_hash))


def _sync_sections(session: Session, roadmap: Roadmap, bundle: RoadmapBundle) -> None:
    existing = {s.number: s for s in session.exec(select(Section).where(Section.roadmap_id == roadmap.id))}
    for parsed in bundle.parsed.sections:
        row = existing.get(parsed.number) or Section(roadmap_id=roadmap.id, number=parsed.number,
                                                      chapter=parsed.chapter, title_ja=parsed.title)
        row.chapter, row.parent_number, row.title_ja, row.order = parsed.chapter, parsed.parent, parsed.title, parsed.order
        row.title_en = bundle.section_title(parsed.number, "en")
        session.add(row)


def current_commitments(*, session: Session, slug: str, section: str | None = None) -> list[Commitment]:
    """The commitments of the roadmap's current version, in roadmap order; ``section`` filters by
    section or chapter number (``1`` includes ``1.1``…)."""
    roadmap = session.exec(select(Roadmap).where(Roadmap.slug == slug)).first()
    if roadmap is None:
        return []
    rows = session.exec(select(Commitment).where(Commitment.roadmap_id == roadmap.id,
                                                 Commitment.removed_in_version.is_(None))
                        .order_by(Commitment.order)).all()
    if section:
        rows = [c for c in rows if c.section == section or c.chapter == section]
    return list(rows)
