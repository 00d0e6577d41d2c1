"""Business calendar and deadlines: every timed promise in Kefu (P-03, P-04)."""
