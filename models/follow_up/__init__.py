"""Follow-up after issuance: pure rules (calendar, plan, reminders)."""
