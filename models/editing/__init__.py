"""Editing-side models of Editable-DeepSC: attribute predictor P, text encoder SE_T, identity network F."""
