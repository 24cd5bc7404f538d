"""Web: the citizens' site. Its pages (the docs tree the HTML engine renders), the search index, the offline copy."""
