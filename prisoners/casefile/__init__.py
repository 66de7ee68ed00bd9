"""The case file: cases in bulk as prisoner databases publish them, one row a person
(docs/import.md). Each module one step, each importing only those above it in this list:

- columns.py: the row's columns (a name in every language of LANGUAGES) and a stored case
  written as that row (the export, and the preview of what an import changes);
- reading.py: a row's cells read and checked (dates, terms, statuses in words);
- planning.py: what a row changes in a person's record, planned without a write;
- writing.py: a chunk of planned rows written in bulk;
- resource.py: django-import-export's resources (the case file's, and the vocabularies'
  it is matched against) that run them in the admin.
"""
