"""Proposals from outside (issue 17): students and researchers propose a knowledge output for the archive."""
