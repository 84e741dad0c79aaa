"""A child's records as a whole: everything held about one child, gathered for a subject access request (as a
PDF and as JSON), and the erasure of a child.

It stands above `figures` (erasure keeps the published figures as they were) and below the web layer and the
jobs: it reads every room that holds something about a child.
"""
