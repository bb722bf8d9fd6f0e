"""Security plumbing shared by the whole site: response headers (headers.py) and the admin
login lock-out's settings helpers (lockout.py). The threat model is docs/security.md."""
