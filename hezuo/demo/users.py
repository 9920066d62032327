"""One demo user for each kind of user in PRODUCT.md, all with the same published password."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from hezuo.accounts.choices import Language, Role
from hezuo.accounts.models import Membership, Profile
from hezuo.directory.models import Organisation
from hezuo.regions.models import Program, Region

from .world import DALIAN_ZONE, DASHANG_FRUIT, MIZUHO, NIDEC, PAIRING

# The demo's published password, printed by `hezuo demo`: public by design.
DEMO_PASSWORD = "hezuo-demo"  # nosec B105
#: A fixed salt keeps the demo deterministic; the password is public anyway.
DEMO_SALT = "hezuoDemoSalt2020DalianLiupanshui"  # 22+ characters: no rehash on login


@dataclass(frozen=True)
class DemoUser:
    username: str
    kind: str  # the role of the user's one membership
    language: str
    organisation: str | None  # Chinese name of a real organisation of the source document
    program: str | None  # program code
    first_name: str = ""
    regions: tuple[str, ...] = ()  # division codes, for the assisted side


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("zone", Role.ZONE_ADMIN, Language.ZH_HANS, None, DALIAN_ZONE, "示范区管委会"),
    DemoUser("officer", Role.PROMOTION_OFFICER, Language.JA, None, DALIAN_ZONE, "招商専員"),
    DemoUser("nidec", Role.ENTERPRISE, Language.JA, NIDEC, DALIAN_ZONE, "ニデック"),
    DemoUser("mizuho", Role.FINANCIAL, Language.EN, MIZUHO, DALIAN_ZONE, "Mizuho Bank"),
    DemoUser("dalian", Role.DONOR_OFFICE, Language.ZH_HANS, None, PAIRING, "大连协作办"),
    DemoUser(
        "liupanshui",
        Role.ASSISTED_OFFICE,
        Language.ZH_HANS,
        None,
        PAIRING,
        "六盘水协作办",
        regions=("520200",),
    ),
    DemoUser("buyer", Role.BUYER_SUPPLIER, Language.ZH_HANS, DASHANG_FRUIT, PAIRING, "大菜市果品"),
    DemoUser("leader", Role.LEADER, Language.ZH_HANS, None, None, "市领导"),
    DemoUser("auditor", Role.AUDITOR, Language.ZH_HANS, None, None, "审计"),
    DemoUser("admin", Role.SYSTEM_ADMIN, Language.EN, None, None, "Administrator"),
)


@transaction.atomic
def build_users() -> list[tuple[str, str, str, str]]:
    """Create or update the demo users and profiles; return (username, password, kind, language)."""
    user_model = get_user_model()
    password = make_password(DEMO_PASSWORD, salt=DEMO_SALT)
    logins = []
    for demo in DEMO_USERS:
        admin = demo.kind == Role.SYSTEM_ADMIN
        user = user_model.objects.filter(username=demo.username).first() or user_model(
            username=demo.username
        )
        user.password = password  # the same hash set_password gives with this salt
        user.first_name = demo.first_name
        user.email = f"{demo.username}@demo.hezuo.example"  # reserved domain: mail goes nowhere
        user.is_active = True
        user.is_staff = admin
        user.is_superuser = admin
        user.full_clean()
        user.save()
        profile = Profile.objects.filter(user=user).first() or Profile(user=user)
        profile.language = demo.language
        profile.full_clean()
        profile.save()
        membership = Membership.objects.filter(user=user).first() or Membership(user=user)
        membership.role = demo.kind
        membership.organisation = (
            Organisation.objects.get(name_zh_hans=demo.organisation, is_synthetic=False)
            if demo.organisation
            else None
        )
        membership.program = Program.objects.get(code=demo.program) if demo.program else None
        membership.full_clean()
        membership.save()
        membership.regions.set(Region.objects.filter(code__in=demo.regions))
        Membership.objects.filter(user=user).exclude(pk=membership.pk).delete()
        logins.append(
            (demo.username, DEMO_PASSWORD, str(Role(demo.kind).label), str(demo.language))
        )
    return logins
