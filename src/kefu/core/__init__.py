"""Shared kernel: users and teams, permissions, audit log, event outbox, domain errors."""
