"""Customer records (C-*): profiles, import, assignment, the 360 view, personal-data protection."""
