"""The language of every message: Chinese by default, English when asked for.

Messages are written in English in the code and marked for translation: `_("…")` where
the message is made, `N_("…")` where it is only named to be translated later (click help
texts, constants). The Chinese catalog is `locale/zh_CN/LC_MESSAGES/matrix.po`, compiled
into the `.mo` shipped beside it (`python -m matrix.i18n compile`; a test checks it is
current and that every marked message has its translation).

Chinese, unless `MATRIX_LANG=en` is set, or the locale asks for English (LANGUAGE,
LC_ALL, LC_MESSAGES or LANG beginning with `en`); `MATRIX_LANG=zh` wins over the locale.
click's own messages (usage errors, `--help`) go through the same catalog.
"""
from __future__ import annotations

import gettext as _gettext
import os
import sys
from pathlib import Path
from typing import Optional

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "matrix"
LANGUAGES = ("zh", "en")

_catalogs: dict[str, _gettext.NullTranslations] = {}
_current: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def choose(env: Optional[dict] = None) -> str:
    """The language the environment asks for: "zh" or "en"."""
    env = os.environ if env is None else env
    wanted = (env.get("MATRIX_LANG") or "").strip().lower()
    if wanted.startswith("en"):
        return "en"
    if wanted.startswith("zh"):
        return "zh"
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = (env.get(var) or "").strip().lower()
        if value:
            return "en" if value.startswith("en") else "zh"
    return "zh"


def _catalog(language: str) -> _gettext.NullTranslations:
    if language not in _catalogs:
        if language == "en":
            _catalogs[language] = _gettext.NullTranslations()
        else:
            _catalogs[language] = _gettext.translation(
                DOMAIN, LOCALE_DIR, languages=["zh_CN"], fallback=True)
    return _catalogs[language]


def set_language(language: str) -> None:
    global _current, _language
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    _language = language
    _current = _catalog(language)


def language() -> str:
    return _language


def _(message: str) -> str:
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a message for translation where it is only named; `_()` translates it later."""
    return message


_patched = False


def patch_click() -> None:
    """click's own messages (Usage:, Options:, no such option) and every help text through
    our catalog, in the language of the moment: click looks `_` and `ngettext` up in its
    modules, bound at import, and help texts are translated when they are shown."""
    global _patched
    if _patched:
        return
    _patched = True
    import click
    for name in list(sys.modules):
        if name == "click" or name.startswith("click."):
            mod = sys.modules[name]
            if getattr(mod, "_", None) is _gettext.gettext:
                mod._ = _
            if getattr(mod, "ngettext", None) is _gettext.ngettext:
                mod.ngettext = ngettext

    def shown_translated(method):
        def wrapper(self, *args, **kwargs):
            help_text = self.help
            if help_text:
                self.help = _(help_text)
            try:
                return method(self, *args, **kwargs)
            finally:
                self.help = help_text
        return wrapper

    click.Option.get_help_record = shown_translated(click.Option.get_help_record)
    click.Command.format_help_text = shown_translated(click.Command.format_help_text)
    click.Command.get_short_help_str = shown_translated(click.Command.get_short_help_str)


set_language(choose())


# --- the catalog: extract, compile ----------------------------------------------------

def marked_messages(root: Path = Path(__file__).parent) -> dict:
    """Every message marked in the package → where it is marked (file:line). A message
    with a plural is the pair (singular, plural)."""
    import ast
    found: dict = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            args = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
                    for a in node.args[:2]]
            if node.func.id in ("_", "N_") and args and args[0] is not None:
                key = args[0]
            elif node.func.id == "ngettext" and len(args) == 2 and None not in args:
                key = tuple(args)
            else:
                continue
            where = f"{path.relative_to(root.parent).as_posix()}:{node.lineno}"
            found.setdefault(key, []).append(where)
    return found


def translated(msgid, catalog: _gettext.NullTranslations) -> str:
    """A marked message (or pair) in that catalog; the message itself if it has none."""
    if isinstance(msgid, tuple):
        return catalog.ngettext(msgid[0], msgid[1], 2)
    return catalog.gettext(msgid)


def po_path() -> Path:
    return LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_catalog() -> Path:
    """The .po → the .mo shipped in the package (needs Babel, a development tool)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    with po_path().open("rb") as f:
        catalog = read_po(f)
    mo = po_path().with_suffix(".mo")
    with mo.open("wb") as f:
        write_mo(f, catalog, use_fuzzy=False)
    return mo


def main(argv: Optional[list[str]] = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["compile"]:
        print(compile_catalog())
        return 0
    if args == ["missing"]:
        from babel.messages.pofile import read_po
        with po_path().open("rb") as f:
            catalog = read_po(f)
        missing = 0
        for msgid, where in marked_messages().items():
            m = catalog.get(msgid[0] if isinstance(msgid, tuple) else msgid)
            if m is None or not m.string or (isinstance(m.string, (list, tuple)) and not m.string[0]):
                missing += 1
                print(f"{where[0]}: {msgid!r}")
        return 1 if missing else 0
    print("usage: python -m matrix.i18n compile|missing", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
