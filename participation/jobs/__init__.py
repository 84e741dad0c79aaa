"""Jobs that run outside requests, each owning its transactions: delivering the outbox, reminding and
escalating late statements, and retention. `cli` wraps each in a command for a timer."""
