"""Certificates of attendance (issue 17): a PDF for a person checked in at the door, and a public check of its code."""
