"""PDF: jobs (what a PDF is made of), the pool and cache that render them, and the WeasyPrint worker."""
