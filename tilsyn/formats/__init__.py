"""What readers and writers of the same file format agree on, kept apart from both so that no
reader imports a writer or back: the Word form's layout (field -> content control), OOXML
names, the CSV escaping of risky text, column letters, and the sheets of an export that hold
no records."""
