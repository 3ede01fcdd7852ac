"""`idextract serve`: the hosted OCR API and the extraction endpoints, served from this machine."""
