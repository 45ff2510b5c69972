"""Held-out evaluation of the default models and the model card (``semsim eval models``)."""
