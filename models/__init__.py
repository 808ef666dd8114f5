"""Rules and records: the lifecycle as pure rules, the tables, and one command per user action."""
