"""The channels app: inbound email and WeChat messages become tickets and replies."""
