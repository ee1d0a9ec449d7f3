"""Privacy by design: retention and erasure, legal holds, the data subject's rights, the processing register."""
