"""Derived governance facts: computed once per model and date, read by rules, views and reports."""
