"""The open data under /api: its schemas, error shape, paging, CORS, the OpenAPI document and its page.

The features keep their own API views (series, labs, archive, matching); this package holds what they
share. ``wiring.init_app`` connects it to the app.
"""
