"""A masked ID number must not be rebuilt from what a masked role is shown.

The attacker here is the one of issue 14: logged in as ``leader`` (every household, no personal
data), it reads a member's masked ID number, birth date and sex from the list's export, the API
and the record page, and the member's village from the household. It then lists every GB 11643
number that agrees with all of it. Worked out from the standard, not from the code under test:

GB 11643-1999: digits 1–6 the address code, 7–14 the birth date (YYYYMMDD), 15–17 the sequence
(the 17th odd for men, even for women), 18 the check character: ISO 7064 MOD 11-2 over the
first 17 digits with the weights 2^(17-i) mod 11, the remainder r giving "10X98765432"[r].

The attacker is given the most it could hope for: the address code is taken as the village's
county (people are mostly registered where they were born). With the old mask (first four and
last four characters, birth date and sex in clear) one number was left per person; with what is
shown now at least a million must be (``MIN_CANDIDATES``).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from hezuo.assistance import models as m

pytestmark = pytest.mark.django_db

MIN_CANDIDATES = 10**6
WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]  # 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, …
CHECK = "10X98765432"
MALE = {"男", "M", "male", "男性"}
FEMALE = {"女", "F", "female", "女性"}


def _fits(shown: str, text: str) -> bool:
    """Whether ``text`` agrees with ``shown``, where "*" hides one character."""
    return len(shown) == len(text) and all(s in ("*", t) for s, t in zip(shown, text, strict=True))


def _residues(segments: list[str], offset: int) -> Counter[int]:
    """How many of ``segments`` (digits starting at position ``offset``) give each weighted
    sum mod 11."""
    return Counter(
        sum(int(ch) * WEIGHTS[offset + i] for i, ch in enumerate(s)) % 11 for s in segments
    )


def candidates(masked_id: str, birth: str, sex: str, address_codes: list[str], today: date) -> int:
    """Return how many valid ID numbers agree with the masked number, the birth date as shown
    (a date, or one with "*" for hidden digits, or hidden whole), the sex as shown and one of
    the address codes."""
    if len(masked_id) != 18:
        return 0
    addresses = [a for a in address_codes if _fits(masked_id[:6], a)]
    dates = []
    day = date(1900, 1, 1)
    birth = birth.strip()
    dated = len(birth) == 10 and birth[:1].isdigit()
    while day <= today:
        digits = day.strftime("%Y%m%d")
        if _fits(masked_id[6:14], digits) and (not dated or _fits(birth, day.isoformat())):
            dates.append(digits)
        day += timedelta(days=1)
    sequences = [
        f"{n:03d}"
        for n in range(1000)
        if _fits(masked_id[14:17], f"{n:03d}")
        and not (sex in MALE and n % 2 == 0)
        and not (sex in FEMALE and n % 2 == 1)
    ]
    # combine the three parts by their weighted sums mod 11, so the check character can be
    # compared without listing every number
    total: Counter[int] = Counter()
    for ra, na in _residues(addresses, 0).items():
        for rd, nd in _residues(dates, 6).items():
            for rs, ns in _residues(sequences, 14).items():
                total[(ra + rd + rs) % 11] += na * nd * ns
    check = masked_id[17]
    return sum(n for r, n in total.items() if check == "*" or CHECK[r] == check)


@pytest.fixture(autouse=True)
def _read_from_the_number(ledger):
    """Give each member of the ledger the birth date and sex its number holds (as clean() and
    every import do; the ledger saves them without)."""
    for person in m.HouseholdMember.objects.filter(household__program=ledger.program):
        n = person.id_number
        person.birth_date = date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
        person.sex = "M" if int(n[16]) % 2 else "F"
        person.save(update_fields=["birth_date", "sex"])


def test_the_attacker_rebuilds_a_number_shown_the_old_way(ledger):
    """The search itself: the old mask with birth date and sex in clear leaves one number."""
    number = ledger.ids["C"]  # 520203 19800517 103 + check
    old_mask = number[:4] + "*" * 10 + number[-4:]
    assert candidates(old_mask, "1980-05-17", "男", ["520203"], ledger.today) == 1
    # and the check character is GB 11643's: the real number is among what it finds
    assert _fits(old_mask, number)


def _column(rows: list[list[str]], header: list[str], field: str) -> list[str]:
    with translation.override("zh-hans"):
        label = str(m.HouseholdMember._meta.get_field(field).verbose_name)
    index = header.index(label)
    return [row[index] for row in rows]


def test_leader_cannot_rebuild_id_numbers_from_the_export(ledger, client_as):
    response = client_as("leader").get(
        reverse("assistance:householdmember_list"), {"q": "T-H", "export": "csv"}
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    header, *rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 9
    numbers = _column(rows, header, "id_number")
    births = _column(rows, header, "birth_date")
    sexes = _column(rows, header, "sex")
    counts = [
        candidates(n, b, s, ["520203"], ledger.today)
        for n, b, s in zip(numbers, births, sexes, strict=True)
    ]
    assert min(counts) >= MIN_CANDIDATES, list(zip(numbers, births, sexes, counts, strict=True))


def test_leader_cannot_rebuild_id_numbers_from_the_api_or_the_page(ledger, user_named, client_as):
    person = ledger.people["C"]
    api = APIClient()
    api.force_authenticate(user_named("leader"))
    data = api.get(f"/api/assistance/members/{person.pk}/").json()
    assert ledger.ids["C"] not in str(data)
    assert (
        candidates(data["id_number"], data["birth_date"], data["sex"], ["520203"], ledger.today)
        >= MIN_CANDIDATES
    )
    html = client_as("leader").get(person.get_absolute_url()).content.decode()
    assert "1980-05-17" not in html and "1980年5月17日" not in html
    assert data["id_number"] in html  # the page shows what the API shows


def test_the_assisted_side_still_sees_the_person(ledger, user_named):
    api = APIClient()
    api.force_authenticate(user_named("liupanshui"))
    data = api.get(f"/api/assistance/members/{ledger.people['C'].pk}/").json()
    assert data["id_number"] == ledger.ids["C"]
    assert data["birth_date"] == "1980-05-17" and data["sex"] == "M"
