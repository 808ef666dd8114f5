"""HTMX triggers (sent as HX-Trigger) that dependent partials listen for; not the domain
events of models/events.py, which drive the reactions."""

ROUND_CLOSED = "round.closed"
ROUND_EXTENDED = "round.extended"
INVITATION_REISSUED = "round.invitation-reissued"
DISPOSITION_SAVED = "comment.disposition-saved"
OPINION_RECORDED = "conference.opinion-recorded"
ATTENDANCE_SAVED = "conference.attendance-saved"
REPORT_ENTERED = "grassroots.report-entered"
