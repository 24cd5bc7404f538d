"""Paper: what is printed. PDF guides and handbooks, forms to print and to fill in a PDF reader, forms in Word."""
