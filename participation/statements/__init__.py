"""Statements: what a child raises from their space at any time (good news, a change, a worker's visit, a
problem, "I don't feel safe"), who it goes to, and tracking it to an outcome."""
