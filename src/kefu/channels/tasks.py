"""Background work of channels: poll the IMAP support mailbox (when one is configured)."""

from kefu.channels.imap import poll_mailbox
from kefu.core.periodic import periodic


@periodic("channels.poll_mailbox", seconds=60)
def poll_support_mailbox() -> dict[str, int]:
    """File the unseen mail of KEFU_IMAP_FOLDER; nothing to do until KEFU_IMAP_HOST is set."""
    return poll_mailbox()
