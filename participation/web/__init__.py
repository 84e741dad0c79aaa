"""The web layer: access rules, security headers, error pages, and three blueprints that never import each
other: `child` (a child's space), `respond` (feedback from a single-use link) and `staff`.

Views are thin: they read the request, call the domain packages with the acting person, and draw a page.
"""
