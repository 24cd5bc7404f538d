"""National records in: ``catalogue import`` (a stage before load).

The national procedure database is read from the files an office can get (the
procedure page by section, the same page saved as HTML, the portal's procedure
JSON, the Excel list) and written as records of our format, never as a second
model: :mod:`generator.national.sources` reads and bounds the files,
:mod:`~generator.national.page` and :mod:`~generator.national.portal` turn each
shape into a record's data (:mod:`~generator.national.cells` reads the table
cells both share), :mod:`~generator.national.agencies` maps national agency
names through the settings' table, :mod:`~generator.national.merge` keeps local
edits apart from national changes, :mod:`~generator.national.emit` writes
readable YAML, and :mod:`~generator.national.importer` checks everything, then
writes it all or nothing. See ``docs/national-import.md``.
"""
