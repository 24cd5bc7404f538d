"""The model: scalar types, records, settings, the site's texts, the checked catalogue, and the JSON Schema.

Pure data and rules; nothing here reads or writes a file.
"""
