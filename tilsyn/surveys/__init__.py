"""Built-in survey definitions, criteria catalogues and shared code lists (data, not code), and
`schema.py`: the description of every key those files may hold, as data for the checker."""
