"""Whether a case page is asked for its whole timeline (?timeline=all) rather than folded."""

from flask import request

WHOLE = "all"


def whole_timeline() -> bool:
    return request.args.get("timeline") == WHOLE
