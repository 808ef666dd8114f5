"""Pure rules of a directive's follow-up after issuance (issue 12): the reporting calendar
(calendar.py), the days off it skips (holidays.py and its data folder), the plan of duties as
the officer confirms it (plan.py). No I/O beyond reading the packaged holiday data, no clock.
"""
