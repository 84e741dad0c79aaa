"""Jobs that run outside requests, each owning its transactions: delivering the outbox, and reminding and
escalating late statements. `cli` wraps each in a command for a timer."""
