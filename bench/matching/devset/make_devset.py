"""Build the matching development set from the hand-written topics (deterministic, seeded).

    .venv/bin/python bench/matching/devset/make_devset.py

writes ``profiles.jsonl`` (320 profiles), ``queries.jsonl`` (48 queries) and ``qrels.txt``
(TREC qrels: ``QUERY_ID 0 PROFILE_ID GRADE``) beside this file, and ``devset.json`` (counts).

Judgements follow fixed rules, decided before the engine was tuned and never looking at it:
for a query of topic T, a profile of the complementary kind is graded
3 if it is of topic T, 2 if of a topic listed as related to T, 1 if of the same sector, and is
not judged (0) otherwise. Profiles are in zh (simplified), zh (traditional, converted with OpenCC
s2tw from the simplified text), ja and en. A query is *cross-lingual* when none of its grade-3
profiles is in its language; 20 of the 48 are.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from topics import TOPICS  # noqa: E402

PAIRS = {
    "business_offer": "business_request",
    "technology_offer": "technology_request",
    "financing_offer": "financing_request",
    "product_supply": "purchase_demand",
    "job_offer": "job_seeker",
    "site_offer": "investment_intent",
}

FILLER = {
    "zh": [
        "欢迎有意向的企业联系洽谈。",
        "可提供样品和资质证明。",
        "希望建立长期合作关系。",
        "联系人：王经理。",
        "详情请电话咨询。",
        "",
    ],
    "ja": [
        "ご関心のある企業様はご連絡ください。",
        "長期的な取引を希望します。",
        "サンプルの提供が可能です。",
        "担当：営業部 佐藤。",
        "詳細はお問い合わせください。",
        "",
    ],
    "en": [
        "Interested parties are welcome to contact us.",
        "We look for a long-term partnership.",
        "Samples and certificates are available.",
        "Contact: sales office.",
        "Details on request.",
        "",
    ],
}
COMPANY = {
    "zh": [
        "六盘水{}有限公司",
        "大连{}股份有限公司",
        "贵州{}科技有限公司",
        "深圳{}集团",
        "上海{}实业",
    ],
    "ja": ["{}株式会社", "株式会社{}", "{}工業", "{}商事", "{}ホールディングス"],
    "en": ["{} Ltd.", "{} Co.", "{} Group", "{} Holdings", "{} Partners"],
}
NAME_PART = {
    "zh": ["恒达", "凯盛", "华源", "博远", "金桥", "鼎丰", "瑞合", "新禾"],
    "ja": ["山田", "北斗", "東邦", "みずほ野", "大和", "三協", "浪速", "葵"],
    "en": [
        "Northbridge",
        "Evergreen",
        "Pacific Rim",
        "Bluestone",
        "Summit",
        "Harbor",
        "Keystone",
        "Lotus",
    ],
}
REGIONS = {
    "zh": ["520200", "520100", "210200", "210211", "440300", "310000", "520201"],
    "zh-Hant": ["TW", "HK"],
    "ja": ["JP", "JP-13", "JP-27", "JP-23"],
    "en": ["CN", "JP", "520200", "210200", "SG", "DE"],
}
UNITS = {"zh": "吨", "ja": "トン", "en": "t"}
PEOPLE = {"zh": "人", "ja": "名", "en": "persons"}
LANGS = ["zh", "ja", "en"]
ALL_LANGS = ["zh", "zh-Hant", "ja", "en"]
PER_SIDE = 5


def base_lang(lang: str) -> str:
    return "zh" if lang.startswith("zh") else lang


def text_in(topic: dict, side: str, lang: str, converter) -> tuple[str, str]:
    title, sentence = topic[side][base_lang(lang)]
    if lang == "zh-Hant":
        return converter.convert(title), converter.convert(sentence)
    return title, sentence


def structured(rng: random.Random, topic: dict, kind: str, lang: str) -> dict:
    out: dict = {}
    roll = rng.random()
    code = topic["industry"]
    if roll < 0.6:
        out["industry"] = [code]
    elif roll < 0.8:
        out["industry"] = [code[:3]]
    if rng.random() < 0.8:
        out["region"] = rng.choice(REGIONS[lang])
    b = base_lang(lang)
    if kind in ("product_supply", "purchase_demand"):
        out["quantity"] = rng.choice([50, 100, 200, 300, 500, 800])
        out["unit"] = UNITS[b]
        out["price"] = rng.choice([8, 12, 20, 35, 60])
        out["currency"] = "CNY"
    elif kind in ("job_offer", "job_seeker"):
        out["quantity"] = rng.choice([1, 3, 5, 10, 20])
        out["unit"] = PEOPLE[b]
    return out


def make_text(rng: random.Random, sentence: str, lang: str, converter) -> str:
    b = base_lang(lang)
    company = rng.choice(COMPANY[b]).format(rng.choice(NAME_PART[b]))
    filler = rng.choice(FILLER[b])
    sep = " " if b == "en" else ""
    text = sep.join(x for x in (company + (":" if b == "en" else "："), sentence, filler) if x)
    if lang == "zh-Hant":
        text = converter.convert(text)
    return text


def main() -> None:
    import opencc

    converter = opencc.OpenCC("s2tw")
    rng = random.Random(20261128)
    profiles: list[dict] = []
    queries: list[dict] = []
    meta_topic: dict[str, dict] = {}
    topic_ids = list(TOPICS)
    for i, tid in enumerate(topic_ids):
        topic = TOPICS[tid]
        offer_kind = topic["kind"]
        kinds = {"offer": offer_kind, "request": PAIRS[offer_kind]}
        q1_side = "request" if i % 2 == 0 else "offer"
        q1_ranks = "offer" if q1_side == "request" else "request"
        q1_lang = LANGS[i % 3]
        q1_cross = i % 8 == 1
        plan: dict[str, list[str]] = {}
        pool = [lang for lang in ALL_LANGS if base_lang(lang) != q1_lang]
        if q1_cross:
            plan[q1_ranks] = [pool[k % len(pool)] for k in range(PER_SIDE)]
        else:
            plan[q1_ranks] = [q1_lang] + [rng.choice(ALL_LANGS) for _ in range(PER_SIDE - 1)]
        q2 = None
        if i % 2 == 0:
            q2_lang = LANGS[(i // 2 + 1) % 3]
            q2_side = q1_ranks
            pool2 = [lang for lang in ALL_LANGS if base_lang(lang) != q2_lang]
            plan[q1_side] = [pool2[k % len(pool2)] for k in range(PER_SIDE)]
            q2 = (q2_side, q2_lang)
        else:
            plan[q1_side] = [rng.choice(ALL_LANGS) for _ in range(PER_SIDE)]
        for side in ("offer", "request"):
            for lang in plan[side]:
                title, sentence = text_in(topic, side, lang, converter)
                profile = {
                    "id": f"p{len(profiles) + 1:04d}",
                    "kind": kinds[side],
                    "lang": base_lang(lang),
                    "title": title,
                    "text": make_text(rng, sentence, lang, converter),
                    **structured(rng, topic, kinds[side], lang),
                    "_topic": tid,
                    "_script": lang,
                }
                profiles.append(profile)
        for side, lang, cross in [(q1_side, q1_lang, q1_cross)] + (
            [(q2[0], q2[1], True)] if q2 else []
        ):
            title, sentence = text_in(topic, side, lang, converter)
            queries.append(
                {
                    "id": f"q{len(queries) + 1:02d}",
                    "kind": kinds[side],
                    "lang": lang,
                    "title": title,
                    "text": make_text(rng, sentence, lang, converter),
                    **structured(rng, topic, kinds[side], lang),
                    "_topic": tid,
                    "_cross_lingual": cross,
                }
            )
        meta_topic[tid] = {"plan": plan}
    # judgements by rule
    qrels: list[str] = []
    cross_count = 0
    for q in queries:
        topic = TOPICS[q["_topic"]]
        want_kind = {v: k for k, v in PAIRS.items()} | PAIRS
        target = want_kind[q["kind"]]
        grade3_langs = set()
        for p in profiles:
            if p["kind"] != target:
                continue
            if p["_topic"] == q["_topic"]:
                grade = 3
                grade3_langs.add(p["lang"])
            elif p["_topic"] in topic["related"]:
                grade = 2
            elif TOPICS[p["_topic"]]["sector"] == topic["sector"]:
                grade = 1
            else:
                continue
            qrels.append(f"{q['id']} 0 {p['id']} {grade}")
        is_cross = q["lang"] not in grade3_langs
        if is_cross != q["_cross_lingual"]:
            raise SystemExit(f"{q['id']}: cross-lingual flag does not hold")
        cross_count += is_cross
    with (HERE / "profiles.jsonl").open("w", encoding="utf-8") as f:
        for p in profiles:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    with (HERE / "queries.jsonl").open("w", encoding="utf-8") as f:
        for q in queries:
            f.write(json.dumps(q, ensure_ascii=False) + "\n")
    (HERE / "qrels.txt").write_text("\n".join(qrels) + "\n", encoding="utf-8")
    stats = {
        "profiles": len(profiles),
        "queries": len(queries),
        "cross_lingual_queries": cross_count,
        "judgements": len(qrels),
        "languages": {lang: sum(1 for p in profiles if p["_script"] == lang) for lang in ALL_LANGS},
        "query_languages": {lang: sum(1 for q in queries if q["lang"] == lang) for lang in LANGS},
    }
    (HERE / "devset.json").write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
