"""Official documents generated from the records: DOCX, PDF and XLSX.

Entry points for other layers:
- files.write_directive_documents(session, directive_id, out_dir) -> list[Path]
- files.available_files / files.render_file: what can be downloaded now, rendered on demand
- provider.render_documents(session, directive_id, families, data_dir=…): what the
  `render-documents` flow writes (wired with its data folder by duthao/wiring.py)
- attachments.mail_attachments(session, outbox_message): the letter on invitations, the
  issued directive on the issuance mail
- synthesis.synthesis(session, directive_id): the synthesis table as plain data (web page)
- narrative.consultation_narrative(session, directive_id): the account of the consultation

Builders (letters, minutes, synthesis_doc, report, submission, directive) fill a
`model.Document`; docx_writer and pdf_writer turn it into files.
"""
