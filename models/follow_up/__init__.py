"""Following a directive after its issuance (issue 12): the pure rules."""
