"""Every key the site writes to the cache, and how long each entry lives."""

# /healthz writes and reads it back to see that the cache answers.
HEALTH_PROBE = "healthz"
