"""People: staff accounts, children in care (their age, personal link and secret), and the adults around a
child."""
