"""Choosing in a searchable choice (hezuo/base/widgets.py): type, then pick what the server found."""

from __future__ import annotations


def choose(page, name: str, typed: str, value: object) -> None:
    """Type ``typed`` into the Tom Select of the select named ``name`` and pick record ``value``."""
    select_id = page.locator(f"select[name='{name}']").get_attribute("id")
    page.locator(f"#{select_id}-ts-control").press_sequentially(typed, delay=30)
    page.locator(f".ts-dropdown .option[data-value='{value}']").click()
    assert str(value) in page.locator(f"#{select_id}").evaluate(
        "e => [...e.selectedOptions].map(o => o.value)"
    )
