"""Uploaded pictures (re-encoded, in several widths), drawn share pictures and icons, and what search engines read."""
