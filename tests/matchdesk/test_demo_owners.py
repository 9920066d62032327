"""The demo's synthetic matchmaking layer is plausible: every opportunity's owner works in the
industry of what it offers or asks for (GB/T 4754-2017: same division, else same section), not a
tea company offering semiconductor cleaning nor a ship-parts firm supplying konjac flour."""

from __future__ import annotations

from hezuo.demo.matching import MARK, SYNTHETIC, build_matching, industry_of
from hezuo.demo.synthetic import build_synthetic
from hezuo.matchdesk.models import Opportunity


def industries(orgs) -> set[tuple[str, str]]:
    return {industry_of(c.code) for org in orgs for c in org.industry_classes.all()}


def test_every_synthetic_opportunity_has_an_owner_of_its_industry(db) -> None:
    build_synthetic(1, 2020)
    build_matching(scale=1)
    titles = {title + MARK[lang] for _k, lang, title, *_rest in SYNTHETIC}
    made = list(
        Opportunity.objects.filter(title__in=titles)
        .select_related("owner", "owner_person")
        .prefetch_related("industry_classes")
    )
    assert len(made) == len(SYNTHETIC)  # none left out for want of an owner
    for opp in made:
        wanted = {industry_of(c.code) for c in opp.industry_classes.all()}
        assert wanted, opp.title
        if opp.owner is not None:
            theirs = industries([opp.owner])
        else:  # a job seeker: the person, by the organisations they work at
            assert opp.kind == "job_seeker" and opp.owner_person is not None, opp.title
            theirs = industries(p.organisation for p in opp.owner_person.positions.all())
        divisions = {d for _s, d in theirs}
        sections = {s for s, _d in theirs}
        assert any(d in divisions for _s, d in wanted) or any(s in sections for s, _d in wanted), (
            opp.title,
            str(opp.owner or opp.owner_person),
            sorted(wanted),
            sorted(theirs),
        )
