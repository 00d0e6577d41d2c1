"""The retention app: care touches, repurchase reminders, consent, outbound campaigns (R-*)."""
