"""Email: templates, the outbox delivery over aiosmtplib, digests, and a local SMTP sink."""
