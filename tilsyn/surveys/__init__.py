"""Built-in survey definitions, criteria catalogues and shared code lists (data, not code)."""
