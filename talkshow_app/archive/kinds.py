"""The kinds and states of a knowledge output. Pure, so the workflow rules can use them."""

from __future__ import annotations

import enum


class OutputType(enum.StrEnum):
    RECORDING = "recording"
    SUMMARY = "summary"
    REPORT = "report"
    PUBLICATION = "publication"
    SLIDES = "slides"
    PHOTO_SERIES = "photo_series"
    ARTICLE = "article"
    DATASET = "dataset"


class OutputState(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
