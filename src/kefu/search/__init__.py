"""Chinese full-text search over the records of higher apps (tickets, customers, articles)."""
