"""Editor: the browser editor at ``/quan-tri/`` (Sveltia CMS), its configuration made from the record model."""
