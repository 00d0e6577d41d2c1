"""Products, orders and the warranty / return verdict for an order item (O-*)."""
