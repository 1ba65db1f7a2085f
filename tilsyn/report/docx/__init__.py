"""The Word writer of the report: the document tree laid out in a restylable Word template,
with native charts, a table of contents and the accessibility touches Word needs."""
