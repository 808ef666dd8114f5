"""Prefect flows: one per transition with side effects, the sweep, and outbox delivery.

Flows hold no rules: they are async flows of small retried tasks that call the commands in
models/commands and are idempotent (a second run for the same transition changes nothing).
"""
