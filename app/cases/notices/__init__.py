"""E-mails about cases: news to the parties and the letters of case handling."""
