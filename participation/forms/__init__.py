"""Forms: the questions a questionnaire asks (`questions`), the answer sets several share (`choices`), one
data-driven reader for any of them (`reader`), and the one place typed text is cleaned (`text`)."""
