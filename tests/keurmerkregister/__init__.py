"""Tests of the public Keurmerkregister: page, participant page, CSV, Atom feed and API."""
