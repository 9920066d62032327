"""Number formats for zh-Hans that override Django's: amounts grouped by thousands with commas
(53,042.9), as Chinese statistical tables and financial statements print them; Django's own
zh_Hans formats print no separator at all. Everything else falls back to Django's formats."""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
