"""The participation figures for the annual report: what each row counts for (facts), the tally kept as
things happen (models, tally), the periods they cover, disclosure control, one function per published table
(took_part, feedback_given, statements_raised, trends, report), the dashboard's headlines, the annual report's
summary, workbook and document, and the national return (SSDA903)."""
