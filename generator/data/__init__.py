"""Data: what machines read. The open data (JSON, CSV, DCAT), linked data (schema.org, CPSV-AP) and the Atom feed."""
