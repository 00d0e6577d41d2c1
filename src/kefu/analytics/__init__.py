"""The analytics app: service dashboard, customer, product and campaign analysis (Y-*)."""
