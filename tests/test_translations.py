"""The Dutch catalog is complete and safe: Dutch is the default language of the Meldpunt.

Added or changed a UI string? Then run `make translations-update` (or the two pybabel commands in
UPDATE_HELP below), fill in the Dutch msgstr in app/translations/nl/LC_MESSAGES/messages.po
(informal "je", the words of shared/domain.md) and remove any "#, fuzzy" flag.
These tests read the source and the .po file; they need no compiled .mo file and no app.
"""

import re
from collections import Counter
from functools import cache
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
BABEL_CFG = ROOT / "babel.cfg"
CATALOG = ROOT / "app" / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
# The keywords of `pybabel extract -k _l -k lazy_gettext -k N_`: babel's defaults (_, gettext,
# ngettext...), Flask-Babel's lazy ones and N_, the no-op marker of app/cases/workflow.py.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "N_": None}
UPDATE_HELP = (
    "Run `make translations-update`, that is:\n"
    "  pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ --no-location --sort-output "
    "-o app/translations/messages.pot .\n"
    "  pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching --ignore-obsolete\n"
    "then fill in the Dutch msgstr of these entries in "
    "app/translations/nl/LC_MESSAGES/messages.po (and remove any '#, fuzzy' flag)."
)
# A printf conversion as Python's % operator reads it: %(name)s, %s, %5.1f, %%.
SPEC = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])")


@cache
def extracted() -> dict[tuple[str | tuple[str, ...], str | None], list[str]]:
    """Every message in the source, as `pybabel extract -F babel.cfg` finds it: id -> where."""
    with BABEL_CFG.open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, str(BABEL_CFG))
    found: dict = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True
    ):
        if isinstance(message, tuple):
            # ngettext("one", "many", n) gives ("one", "many"); a keyword given fewer
            # arguments than it names gives None in their place.
            message = tuple(part for part in message if part is not None)
            message = message[0] if len(message) == 1 else message
        if message:
            found.setdefault((message, context), []).append(f"{filename}:{lineno}")
    return found


@cache
def catalog():
    with CATALOG.open("rb") as po:
        return read_po(po, locale="nl")


def _forms(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _label(msgid) -> str:
    return " | ".join(msgid) if isinstance(msgid, tuple) else msgid


def test_the_source_has_ui_strings_to_check():
    # Guards the tests below against a broken extraction (a moved babel.cfg, a missing extractor).
    ids = {msgid for msgid, _context in extracted()}
    assert "Report an incident" in ids and "Edu-V Meldpunt" in ids  # from app/ and from templates/
    assert len(ids) > 100


def test_every_ui_string_has_a_dutch_translation():
    nl = catalog()
    missing = []
    for (msgid, context), places in sorted(extracted().items(), key=lambda item: str(item[0])):
        entry = nl.get(msgid, context)
        forms = _forms(entry) if entry is not None else ()
        wanted = nl.num_plurals if isinstance(msgid, tuple) else 1
        if len(forms) < wanted or not all(form and form.strip() for form in forms):
            missing.append(f"  {_label(msgid)!r}  ({places[0]})")
    assert not missing, (
        f"{len(missing)} UI string(s) have no Dutch translation in {CATALOG.relative_to(ROOT)}:\n"
        + "\n".join(missing)
        + "\n"
        + UPDATE_HELP
    )


def _specs(text: str) -> tuple[Counter, list[str], int]:
    """Named conversions, positional ones in order, and stray % signs that are no conversion."""
    named: Counter = Counter()
    positional: list[str] = []
    for match in SPEC.finditer(text):
        if match["name"] is not None:
            named[(match["name"], match["conv"])] += 1
        else:
            positional.append(match["conv"])
    stray = SPEC.sub("", text).count("%")
    return named, positional, stray


def _placeholder_problem(source: str, translation: str) -> str | None:
    src_named, src_positional, src_stray = _specs(source)
    dst_named, dst_positional, dst_stray = _specs(translation)
    if set(src_named) != set(dst_named):
        lost = sorted(f"%({n}){c}" for n, c in set(src_named) - set(dst_named))
        unknown = sorted(f"%({n}){c}" for n, c in set(dst_named) - set(src_named))
        return f"lost {lost}, unknown {unknown}"
    if src_positional != dst_positional:
        return f"positional conversions {src_positional} became {dst_positional}"
    if src_stray != dst_stray:
        return "a % sign that is no placeholder (write %% for a literal percent sign)"
    return None


def test_translations_keep_the_placeholders():
    problems = []
    for entry in catalog():
        if not entry.id:
            continue
        sources = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        for index, form in enumerate(_forms(entry)):
            if not form:
                continue  # an empty msgstr is reported by the completeness test
            # Dutch has two plural forms: msgstr[0] answers msgid, msgstr[1] msgid_plural.
            source = sources[min(index, len(sources) - 1)]
            problem = _placeholder_problem(source, form)
            if problem:
                problems.append(f"  {_label(entry.id)!r} -> {form!r}: {problem}")
    assert not problems, (
        "These Dutch translations do not keep the placeholders of the English text, "
        "so formatting them fails or drops a value:\n" + "\n".join(problems)
    )


def test_no_entry_is_fuzzy():
    nl = catalog()
    # A fuzzy header makes `pybabel compile` (without --use-fuzzy) skip the whole catalog.
    assert not nl.fuzzy, f"The header of {CATALOG.relative_to(ROOT)} is marked fuzzy."
    fuzzy = [f"  {_label(entry.id)!r}" for entry in nl if entry.id and entry.fuzzy]
    assert not fuzzy, (
        "These entries are marked '#, fuzzy' (a guess by pybabel, not shown to users): check the "
        "Dutch and remove the flag:\n" + "\n".join(fuzzy)
    )


def test_placeholder_check_catches_mistakes():
    assert _placeholder_problem("%(name)s is empty.", "%(name)s is leeg.") is None
    assert _placeholder_problem("%(h)s h %(m)s min", "%(m)s min, %(h)s u") is None
    assert _placeholder_problem("%(name)s is empty.", "%(naam)s is leeg.")
    assert _placeholder_problem("%(name)s is empty.", "Het bestand is leeg.")
    assert _placeholder_problem("%(limit)s MB", "%(limit)d MB")
    assert _placeholder_problem("Page %s of %s", "Pagina %s")
    assert _placeholder_problem("Done", "100% klaar")
    assert _placeholder_problem("100%% done", "100%% klaar") is None
