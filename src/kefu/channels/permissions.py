"""Who may see and re-run the email quarantine: admins, who run the mailboxes (P-01, P-02)."""

from kefu.core.permissions import ADMINS, register

register("channels.quarantine", roles=ADMINS)
