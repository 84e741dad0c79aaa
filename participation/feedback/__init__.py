"""Feedback after a review from the young person, parents and carers, and professionals.

Feedback opens when the IRO records a review as held. The young person answers in their space; the others
answer from a single-use link that stops working after ``FEEDBACK_DAYS``. What they say is kept apart from
who said it: a response holds only the review's date and IRO, the kind of respondent, the young person's
age band, the language used, and for professionals their agency.
"""
