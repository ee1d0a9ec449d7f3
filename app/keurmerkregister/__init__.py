"""The public Keurmerkregister: its pages, CSV download and Atom feed, above the register and compliance."""
