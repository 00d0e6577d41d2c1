"""Kefu (客服): customer-service operations on a Chinese business calendar."""
