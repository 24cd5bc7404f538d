"""Render: producers that turn the checked catalogue into files (pages, search index, guides, forms, Word).

Each is a pure function of the model and the templates; writing files is the build's business.
"""
