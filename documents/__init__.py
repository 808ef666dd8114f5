"""Official documents generated from the records: DOCX, PDF and XLSX."""
