"""Pages of the complaints app: staff pages behind login, and the public customer pages."""
