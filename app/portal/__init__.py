"""The participants' side: their organisation's cases, what is asked of them, their replies."""
