"""The web writer: the document tree as one self-contained, accessible HTML page."""
