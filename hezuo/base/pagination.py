"""The API's page size rules (kept apart from api.py: settings import this before DRF's views)."""

from rest_framework.pagination import LimitOffsetPagination as BaseLimitOffsetPagination


class LimitOffsetPagination(BaseLimitOffsetPagination):
    """Limit/offset pages with a largest page: an unbounded ``limit`` (2**63) overflows
    PostgreSQL's bigint and would fail the request instead of returning a page."""

    max_limit = 1000
