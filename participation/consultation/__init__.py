"""A child's consultation before a review: versioned question sets, answers saved page by page, sending it to
the IRO, and the agenda a child builds to chair their review."""
