"""The presales app: inquiries, leads, needs analysis, recommendations, objections (S-*)."""
