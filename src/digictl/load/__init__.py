"""Reading a partnership: files, YAML, schemas, dates and the national registry."""
