"""Tests of the local demo: `flask demo load`, the demo accounts and their second factor."""
