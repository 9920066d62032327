"""The matchmaking engine (pure Python, no Django): cross-lingual, explainable ranking of
complementary opportunities and capacity-limited allocation.

- :mod:`.text` normalisation (NFKC, traditional / shinjitai → simplified, kana) and tokens
- :mod:`.glossary` zh / ja / en concepts from ``data/glossary.toml``
- :mod:`.profile` opportunity profiles, kinds and their complements, JSON reading
- :mod:`.fits` structured fits (industry, region, quantity, price, expiry)
- :mod:`.index` the index and ranking with explanations
- :mod:`.allocate` optimal (LP / min-cost flow) and greedy allocation
"""

from hezuo.core.matching.index import Analyzer, MatchIndex, Result, Weights
from hezuo.core.matching.profile import KINDS, Profile, ProfileError, complement, profile_from_dict

__all__ = [
    "KINDS",
    "Analyzer",
    "MatchIndex",
    "Profile",
    "ProfileError",
    "Result",
    "Weights",
    "complement",
    "profile_from_dict",
]
