"""Text: the one home of Vietnamese text handling (NFC, slugs, folding, collation, numbers) and the Markdown subset."""
