"""Template tags and filters of the Kefu pages."""
