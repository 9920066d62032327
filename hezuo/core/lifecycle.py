"""The project life cycle: stage rules, required evidence, overdue and stuck detection.

Pure Python (no Django): the Django layer (``hezuo.projects``) stores the moves and translates the
problem codes returned here into the user's language.

Stages, in order (PRODUCT.md glossary): lead (推介) → negotiating (在谈) → signed (签约) →
registered (注册落地) → construction (开工) → production (投产) → capacity (达产) → expansion
(扩能); ``terminated`` stands outside the order and can be reached from any stage.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, timedelta
from difflib import SequenceMatcher
from enum import StrEnum

LEAD = "lead"
NEGOTIATING = "negotiating"
SIGNED = "signed"
REGISTERED = "registered"
CONSTRUCTION = "construction"
PRODUCTION = "production"
CAPACITY = "capacity"
EXPANSION = "expansion"
TERMINATED = "terminated"

#: The life cycle in order; ``terminated`` is not part of it.
STAGES: tuple[str, ...] = (
    LEAD,
    NEGOTIATING,
    SIGNED,
    REGISTERED,
    CONSTRUCTION,
    PRODUCTION,
    CAPACITY,
    EXPANSION,
)
ALL_STAGES: tuple[str, ...] = (*STAGES, TERMINATED)


class Evidence(StrEnum):
    """Kinds of evidence a zone office keeps for a stage (files or references to documents)."""

    CONTACT_RECORD = "contact_record"  # 洽谈记录: minutes of a meeting, a visit report
    LETTER_OF_INTENT = "letter_of_intent"  # 投资意向书 / 备忘录
    INVESTMENT_AGREEMENT = "investment_agreement"  # 投资协议 / 项目合同
    BUSINESS_LICENCE = "business_licence"  # 营业执照
    FOREIGN_INVESTMENT_REPORT = "foreign_investment_report"  # 外商投资信息报告回执
    PROJECT_FILING = "project_filing"  # 企业投资项目备案证明 / 核准文件
    LAND_USE_CERTIFICATE = "land_use_certificate"  # 不动产权证书 (土地) / 土地出让合同
    PLANNING_PERMIT = "planning_permit"  # 建设工程规划许可证
    CONSTRUCTION_PERMIT = "construction_permit"  # 建筑工程施工许可证
    COMPLETION_ACCEPTANCE = "completion_acceptance"  # 竣工验收备案
    DISCHARGE_PERMIT = "discharge_permit"  # 排污许可证
    PRODUCTION_LICENCE = "production_licence"  # 工业产品生产许可证 and similar
    OUTPUT_REPORT = "output_report"  # 产值/产量统计报表, audited accounts, tax statement
    OTHER = "other"


E = Evidence

#: For a move forward *into* a stage: the kinds of evidence of which at least one each is required.
#:
#: Why these (what a zone office asks for before it reports a project as having reached a stage):
#: - negotiating: a letter of intent or memorandum shows both sides are in talks, not just a name
#:   on a list of leads.
#: - signed: the signed investment agreement or project contract (投资协议), usually signed at a
#:   ceremony or fair (the source document's 2020-08-24 signing ceremony).
#: - registered (注册落地): the business licence (营业执照) the market regulation authority issues
#:   when the company (or branch) is registered — Company Law; for a foreign-invested enterprise
#:   registration is at the same authority under the Foreign Investment Law (2019), art. 34 of
#:   which adds the investment information report.
#: - construction (开工): the construction permit (建筑工程施工许可证): Construction Law art. 7,
#:   no building work may start without it.
#: - production (投产): the record of completion acceptance (竣工验收备案): Regulations on the
#:   Quality Management of Construction Projects art. 16 and 49: a project is used only after
#:   acceptance is passed and filed.
#: - capacity (达产): a statement of output (statistical report, audited accounts or tax
#:   statement) showing the designed capacity or output value is reached.
#: - expansion (扩能): the filing or approval of the expansion as an enterprise investment project
#:   (Regulations on the Administration of Approval and Filing of Enterprise Investment Projects,
#:   2016, art. 3).
REQUIRED_EVIDENCE: Mapping[str, tuple[Evidence, ...]] = {
    LEAD: (),
    NEGOTIATING: (E.LETTER_OF_INTENT,),
    SIGNED: (E.INVESTMENT_AGREEMENT,),
    REGISTERED: (E.BUSINESS_LICENCE,),
    CONSTRUCTION: (E.CONSTRUCTION_PERMIT,),
    PRODUCTION: (E.COMPLETION_ACCEPTANCE,),
    CAPACITY: (E.OUTPUT_REPORT,),
    EXPANSION: (E.PROJECT_FILING,),
    TERMINATED: (),
}

#: For each stage, every kind of evidence that may be attached to a move into it.
ACCEPTED_EVIDENCE: Mapping[str, tuple[Evidence, ...]] = {
    LEAD: (E.CONTACT_RECORD, E.OTHER),
    NEGOTIATING: (E.LETTER_OF_INTENT, E.CONTACT_RECORD, E.OTHER),
    SIGNED: (E.INVESTMENT_AGREEMENT, E.LETTER_OF_INTENT, E.OTHER),
    REGISTERED: (
        E.BUSINESS_LICENCE,
        E.FOREIGN_INVESTMENT_REPORT,
        E.PROJECT_FILING,
        E.OTHER,
    ),
    CONSTRUCTION: (
        E.CONSTRUCTION_PERMIT,
        E.LAND_USE_CERTIFICATE,
        E.PLANNING_PERMIT,
        E.PROJECT_FILING,
        E.OTHER,
    ),
    PRODUCTION: (
        E.COMPLETION_ACCEPTANCE,
        E.DISCHARGE_PERMIT,
        E.PRODUCTION_LICENCE,
        E.OTHER,
    ),
    CAPACITY: (E.OUTPUT_REPORT, E.OTHER),
    EXPANSION: (
        E.PROJECT_FILING,
        E.CONSTRUCTION_PERMIT,
        E.LAND_USE_CERTIFICATE,
        E.OTHER,
    ),
    TERMINATED: (E.CONTACT_RECORD, E.OTHER),
}

#: Days in a stage after which a project is flagged as stuck, unless the zone sets its own.
#: None: a project may stay in that stage for good (full capacity, expansion, terminated).
DEFAULT_STUCK_DAYS: Mapping[str, int | None] = {
    LEAD: 180,
    NEGOTIATING: 180,
    SIGNED: 180,  # a signed project is expected to register within half a year
    REGISTERED: 365,
    CONSTRUCTION: 730,
    PRODUCTION: 730,
    CAPACITY: None,
    EXPANSION: None,
    TERMINATED: None,
}


class Move(StrEnum):
    FORWARD = "forward"
    BACKWARD = "backward"
    TERMINATE = "terminate"
    REOPEN = "reopen"  # out of terminated, back into the life cycle


@dataclass(frozen=True)
class Problem:
    """One broken rule: ``code`` names it for translation, ``field`` the input it is about."""

    code: str
    field: str
    params: Mapping[str, str] = dataclass_field(default_factory=dict)


class StageError(ValueError):
    """A stage name that is not one of the life cycle's."""


def stage_index(stage: str) -> int:
    """Return the position of ``stage`` in the life cycle (terminated has none: StageError)."""
    try:
        return STAGES.index(stage)
    except ValueError:
        raise StageError(stage) from None


def classify(from_stage: str, to_stage: str) -> Move:
    """Return the kind of move from ``from_stage`` to ``to_stage`` (two different stages)."""
    for stage in (from_stage, to_stage):
        if stage not in ALL_STAGES:
            raise StageError(stage)
    if from_stage == to_stage:
        raise StageError(to_stage)
    if to_stage == TERMINATED:
        return Move.TERMINATE
    if from_stage == TERMINATED:
        return Move.REOPEN
    if stage_index(to_stage) > stage_index(from_stage):
        return Move.FORWARD
    return Move.BACKWARD


def skipped_stages(from_stage: str, to_stage: str) -> tuple[str, ...]:
    """Return the stages a forward move jumps over (none for other moves)."""
    if from_stage not in STAGES or to_stage not in STAGES:
        return ()
    start, end = stage_index(from_stage), stage_index(to_stage)
    return STAGES[start + 1 : end] if end > start else ()


def missing_evidence(to_stage: str, kinds: Iterable[str]) -> tuple[Evidence, ...]:
    """Return the required evidence kinds for a forward move into ``to_stage`` not in ``kinds``."""
    given = set(kinds)
    return tuple(k for k in REQUIRED_EVIDENCE.get(to_stage, ()) if k.value not in given)


def check_move(
    from_stage: str,
    to_stage: str,
    *,
    happened_on: date,
    today: date,
    previous_on: date | None = None,
    evidence_kinds: Iterable[str] = (),
    reason: str = "",
    skip_reason: str = "",
) -> list[Problem]:
    """Return every rule the move breaks (an empty list when it is allowed).

    - the stages must be known and different;
    - a move happens on a day not in the future and not before the previous move
      (``previous_on``, or the day the project entered its current stage);
    - a move backward, to terminated or out of terminated needs a ``reason``;
    - a move forward needs the required evidence of the stage it enters, and one that jumps
      over stages needs a ``skip_reason`` too;
    - evidence must be of a kind accepted for the stage entered.
    """
    problems: list[Problem] = []
    for name, stage in (("from_stage", from_stage), ("to_stage", to_stage)):
        if stage not in ALL_STAGES:
            problems.append(Problem("unknown_stage", name, {"stage": stage}))
    if problems:
        return problems
    if from_stage == to_stage:
        return [Problem("same_stage", "to_stage", {"stage": to_stage})]
    if happened_on > today:
        problems.append(Problem("future", "happened_on", {"date": happened_on.isoformat()}))
    if previous_on is not None and happened_on < previous_on:
        problems.append(
            Problem("before_previous", "happened_on", {"date": previous_on.isoformat()})
        )
    kinds = list(evidence_kinds)
    accepted = {k.value for k in ACCEPTED_EVIDENCE[to_stage]}
    for kind in kinds:
        if kind not in accepted:
            problems.append(Problem("evidence_kind", "evidence", {"kind": kind}))
    move = classify(from_stage, to_stage)
    if move in (Move.BACKWARD, Move.TERMINATE, Move.REOPEN) and not reason.strip():
        problems.append(Problem(f"reason_{move.value}", "reason"))
    if move == Move.FORWARD:
        skipped = skipped_stages(from_stage, to_stage)
        if skipped and not skip_reason.strip():
            problems.append(Problem("skip_reason", "skip_reason", {"stages": ", ".join(skipped)}))
        for kind in missing_evidence(to_stage, kinds):
            problems.append(Problem("evidence_missing", "evidence", {"kind": kind.value}))
    return problems


def furthest_stage(stages: Iterable[str]) -> str | None:
    """Return the furthest life-cycle stage among ``stages`` (terminated ignored), or None."""
    reached = [s for s in stages if s in STAGES]
    return max(reached, key=STAGES.index) if reached else None


# --- zone thresholds, stuck projects, overdue milestones and enquiries -------------------------


def threshold_problems(value: object) -> list[Problem]:
    """Return what is wrong with a zone's stuck thresholds ({stage: positive days})."""
    if not isinstance(value, dict):
        return [Problem("thresholds_shape", "stuck_days")]
    problems = []
    for stage, days in value.items():
        if stage not in ALL_STAGES:
            problems.append(Problem("unknown_stage", "stuck_days", {"stage": str(stage)}))
        elif days is not None and (
            isinstance(days, bool) or not isinstance(days, int) or days <= 0
        ):
            problems.append(Problem("threshold_days", "stuck_days", {"stage": str(stage)}))
    return problems


def thresholds(overrides: Mapping[str, int | None] | None = None) -> dict[str, int | None]:
    """Return the stuck threshold of each stage: the defaults with a zone's overrides applied."""
    merged = dict(DEFAULT_STUCK_DAYS)
    merged.update({k: v for k, v in (overrides or {}).items() if k in ALL_STAGES})
    return merged


def days_in_stage(since: date | None, on: date) -> int | None:
    """Return the whole days from ``since`` to ``on`` (None when the start is unknown)."""
    if since is None:
        return None
    return (on - since).days


def is_stuck(stage: str, since: date | None, on: date, limits: Mapping[str, int | None]) -> bool:
    """Return whether a project in ``stage`` since ``since`` has stayed too long by ``on``.

    Stuck means strictly more days in the stage than the stage's threshold; a stage without a
    threshold, or an unknown start date, is never stuck.
    """
    limit = limits.get(stage)
    days = days_in_stage(since, on)
    return limit is not None and days is not None and days > limit


def is_overdue(
    planned_on: date, actual_on: date | None, on: date, *, cancelled: bool = False
) -> bool:
    """Return whether a milestone planned for ``planned_on`` is overdue on ``on``.

    Overdue: not cancelled, no actual date, and the planned date is past (strictly before ``on``;
    on the planned day itself it is due, not overdue).
    """
    return not cancelled and actual_on is None and planned_on < on


def response_deadline(received_on: date, days: int) -> date:
    """Return the last day to answer an enquiry received on ``received_on`` (calendar days)."""
    return received_on + timedelta(days=days)


def is_enquiry_overdue(deadline: date, answered: bool, on: date) -> bool:
    """Return whether an enquiry is unanswered after its deadline (the day after it, at the earliest)."""
    return not answered and on > deadline


# --- dates -------------------------------------------------------------------------------------


def quarter_of(day: date) -> str:
    """Return the calendar quarter of ``day`` as ``YYYY-Qn``."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """Return the first and last day of quarter ``quarter`` (1–4) of ``year``."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(quarter)
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end - timedelta(days=1)


# --- possible duplicates -----------------------------------------------------------------------

#: Words that say nothing about which project a title names (compared after normalising).
FILLER_WORDS = (
    "项目",
    "プロジェクト",
    "project",
    "（示例）",
    "（サンプル）",
    "(sample)",
    "有限公司",
    "株式会社",
    "co.,ltd.",
    "ltd.",
)


def normalise_title(title: str) -> str:
    """Return ``title`` folded for comparison: NFKC, lower case, no filler words, punctuation
    or spaces (so 岩谷西中岛氢能利用项目 and 岩谷 西中岛 氢能利用 compare equal)."""
    text = unicodedata.normalize("NFKC", title).lower()
    for word in FILLER_WORDS:
        text = text.replace(unicodedata.normalize("NFKC", word).lower(), "")
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN")


def title_similarity(a: str, b: str) -> float:
    """Return the similarity (0–1) of two titles by their normalised characters.

    The ratio of difflib's matching blocks over both normalised strings (2·M / (|a| + |b|)).
    """
    x, y = normalise_title(a), normalise_title(b)
    if not x or not y:
        return 0.0
    return SequenceMatcher(None, x, y, autojunk=False).ratio()


def best_title_similarity(a: Iterable[str], b: Iterable[str]) -> float:
    """Return the best similarity between titles in the same language (pairs given in order)."""
    scores = [title_similarity(x, y) for x, y in zip(a, b, strict=False) if x and y]
    return max(scores, default=0.0)


def stage_as_of(
    changes: Iterable[tuple[date, str, str, date | None]],
    current_stage: str,
    current_since: date | None,
    on: date,
) -> tuple[str | None, date | None]:
    """Return the stage a project was in on ``on`` and since when, from its moves.

    ``changes`` are (happened_on, from_stage, to_stage, from_since) in the order they were
    recorded, ``from_since`` being the day the project had entered ``from_stage`` (None when
    unknown). Before its first move the project was in that move's ``from_stage``; with no moves
    at all, in its current stage from ``current_since``. Before the earliest known day it was in
    no known stage: (None, None).
    """
    ordered = [c for _i, c in sorted(enumerate(changes), key=lambda item: (item[1][0], item[0]))]
    if not ordered:
        if current_since is not None and current_since > on:
            return None, None
        return current_stage, current_since
    past = [c for c in ordered if c[0] <= on]
    if past:
        day, _from, to, _since = past[-1]
        return to, day
    _day, first_stage, _to, first_since = ordered[0]
    if first_since is not None and first_since > on:
        return None, None
    return first_stage, first_since
