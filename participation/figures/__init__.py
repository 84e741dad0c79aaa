"""The participation figures for the annual report, counted by the database (``GROUP BY`` on indexed columns;
only the grouped counts come back to Python): the periods they cover, disclosure control, and one function
per published table."""
