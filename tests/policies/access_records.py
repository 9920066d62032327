"""The policy records in the generated access tests (tests/access).

``ACCESS_RECORDS`` says, in the domain's terms, what each test record belongs to: a policy and
its rules belong to their zone; an application to its policy's zone and to the enterprise that
applied. tests/access/cast.py adds them to its table; tests/access/conftest.py builds them with
:func:`build_access_records` on the projects it made. Every test policy is in force (drafts are
hidden from those who may only read policies; tests/policies checks that on its own).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.world import DALIAN_ZONE, IWATANI, NIDEC, ORIX_CHINA

TIANJIN_ZONE = "cn-jp-tianjin"

#: key → (model label, programs, organisations, regions)
ACCESS_RECORDS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "policy:dalian": ("policies.policy", (DALIAN_ZONE,), (), ()),
    "policy:tianjin": ("policies.policy", (TIANJIN_ZONE,), (), ()),
    "eligibilityrule:dalian": ("policies.eligibilityrule", (DALIAN_ZONE,), (), ()),
    "eligibilityrule:tianjin": ("policies.eligibilityrule", (TIANJIN_ZONE,), (), ()),
    "application:nidec": ("policies.application", (DALIAN_ZONE,), (NIDEC,), ()),
    "application:iwatani": ("policies.application", (DALIAN_ZONE,), (IWATANI,), ()),
    "application:tianjin": ("policies.application", (TIANJIN_ZONE,), (ORIX_CHINA,), ()),
}

ACCESS_GROUPS = {
    "policies.policy": "policies",
    "policies.eligibilityrule": "policies",
    "policies.application": "applications",
}


def build_access_records(records: dict[str, Any]) -> dict[str, Any]:
    """Create the policy records on the projects of ``records``; return them by key."""
    from hezuo.directory.models import Organisation
    from hezuo.policies.models import Application, EligibilityRule, Policy
    from hezuo.regions.models import Program

    def org(name: str) -> Organisation:
        return Organisation.objects.get(name_zh_hans=name, is_synthetic=False)

    r: dict[str, Any] = {}
    for key, code in (("dalian", DALIAN_ZONE), ("tianjin", TIANJIN_ZONE)):
        policy = Policy.objects.create(
            code=f"acc-{key}",
            title_zh_hans=f"{key}测试政策",
            program=Program.objects.get(code=code),
            area="fiscal_tax",
            effective_from=date(2020, 1, 1),
            benefit_kind="subsidy",
            status="in_force",
        )
        r[f"policy:{key}"] = policy
        r[f"eligibilityrule:{key}"] = EligibilityRule.objects.create(
            policy=policy, rule={"all": [{"field": "stage", "op": "gte", "value": "signed"}]}
        )
    for key, project, enterprise, policy in (
        ("nidec", "project:nidec", NIDEC, "policy:dalian"),
        ("iwatani", "project:iwatani", IWATANI, "policy:dalian"),
        ("tianjin", "project:tianjin", ORIX_CHINA, "policy:tianjin"),
    ):
        r[f"application:{key}"] = Application.objects.create(
            enterprise=org(enterprise),
            project=records[project],
            policy=r[policy],
            applied_on=date(2024, 1, 1),
        )
    return r
