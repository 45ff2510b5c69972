"""Painters of the face's layers, one feature family per module."""
