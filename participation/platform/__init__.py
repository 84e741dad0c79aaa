"""What every domain stands on: the database and the unit of work (`db`), time (`clock`, `working_days`),
signed-in sessions (`auth_sessions`), tokens and hashing (`crypto`), the audit trail, spreadsheet exports,
languages (`i18n`, `catalogs`), the mail outbox, absolute links (`urls`), QR codes, and the exceptions domain
code raises instead of speaking HTTP."""
