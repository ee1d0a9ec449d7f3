"""The access log: who looked at which case, downloaded which file or exported what (append-only)."""
