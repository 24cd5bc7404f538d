"""HTML: the engine that renders the docs tree (MkDocs, or Zensical), links to other sites, the security policy."""
