"""Models of the presales app."""
