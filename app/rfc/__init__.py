"""The RFC desk (Meldpunt Indienen RFC): requests for change to the afsprakenstelsel, their CAB and releases."""
