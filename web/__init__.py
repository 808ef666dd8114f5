"""Delivery over HTTP: Jinja2 pages with HTMX partials, and the JSON API under /api/v1."""
