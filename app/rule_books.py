"""What the pure rule books share (the case and RFC workflows, the sanction ladder): messages marked
for translation and worded by the caller, and the refusal of a status change."""


def N_(message: str) -> str:
    """Marks a message for translation without translating it (the caller translates)."""
    return message


class TransitionRefused(ValueError):
    """A status change the rule book does not allow; `template` and `values` let a caller word the
    message. `field` is "reason" when only the reason is missing (bad input), None when the current
    status refuses the move (a conflict). `options` are the statuses it could go to instead."""

    def __init__(self, template: str, current: str, target: str, options: tuple[str, ...], field: str | None = None):
        self.template = template
        self.current = current
        self.target = target
        self.options = options
        self.field = field
        super().__init__(template % self.values(str))

    def values(self, word) -> dict[str, str]:
        """The message's placeholders, each status code turned into a word by `word`."""
        options = ", ".join(word(s) for s in self.options)
        return {"current": word(self.current), "target": word(self.target), "options": options}
