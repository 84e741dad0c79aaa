"""Reviews of a child's care plan: scheduling them, and recording how the child took part (PN codes)."""
