"""Amounts of money in whole kroner, written the Norwegian way in messages."""

from __future__ import annotations


def kr(amount: int) -> str:
    """12 000 000 kr (Babel formats amounts for reports; messages use this plain form)."""
    return f"{amount:,}".replace(",", " ") + " kr"
