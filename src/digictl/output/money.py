"""Amounts of money in whole kroner, written the Norwegian way in messages and reports."""

from __future__ import annotations

import decimal


def kr(amount: int) -> str:
    """12 000 000 kr (reports use ``grouped`` through the translator; messages this plain form)."""
    return f"{amount:,}".replace(",", " ") + " kr"


def grouped(amount: int, locale: str) -> str:
    """``amount`` with the digit grouping of ``locale`` (Babel), exact at any size.

    Babel rounds through the current decimal context, whose 28 digits make a larger
    amount fail; here the context holds every digit.
    """
    from babel.numbers import format_decimal

    digits = amount.bit_length() * 30103 // 100000 + 2  # log10(2) = 0.30103
    with decimal.localcontext() as ctx:
        ctx.prec = max(ctx.prec, digits + 2)
        ctx.Emax = max(ctx.Emax, digits + 2)
        return str(format_decimal(amount, locale=locale))
