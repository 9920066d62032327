"""The demo data set: the facts of the source document, a marked synthetic layer, demo users."""
