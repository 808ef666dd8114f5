"""One command per user action: `<entity>_<action>(session, *, ..., by, now)`.

Each checks its guard first, then writes in one transaction (the change, its audit row,
its outbox rows) and commits. A refused command raises DomainError and writes nothing.
"""
