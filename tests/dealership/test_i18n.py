"""zh-hans is the stores' language; every string has a translation."""

from __future__ import annotations

import subprocess
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parents[2] / "locale/zh_Hans/LC_MESSAGES/django.po"


def _entries() -> list[tuple[str, str]]:
    pairs, msgid, msgstr, current = [], None, None, None
    for line in [*PO.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("msgid "):
            msgid, current = line[7:-1], "id"
        elif line.startswith("msgstr ") or line.startswith("msgstr[0] "):
            msgstr, current = line.split(" ", 1)[1][1:-1], "str"
        elif line.startswith(("msgid_plural ", "msgstr[")):
            current = None
        elif line.startswith('"') and current:
            if current == "id":
                msgid += line[1:-1]
            else:
                msgstr += line[1:-1]
        elif not line.strip() and msgid is not None:
            pairs.append((msgid, msgstr))
            msgid, msgstr, current = None, None, None
    return [(i, s) for i, s in pairs if i]


def test_every_message_has_a_chinese_translation():
    untranslated = [msgid for msgid, msgstr in _entries() if not msgstr]
    assert untranslated == []
    assert "#, fuzzy" not in PO.read_text(encoding="utf-8")


def test_compiled_catalogue_matches_the_po_file(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(PO)], check=True)
    assert compiled.read_bytes() == PO.with_suffix(".mo").read_bytes()


def test_role_names_translate():
    from dealership.rules import Role

    with translation.override("zh-hans"):
        assert str(Role.SALES_MANAGER.label) == "销售经理"
    with translation.override("en"):
        assert str(Role.SALES_MANAGER.label) == "Sales manager"


def test_lists_in_messages_use_the_languages_separator():
    from django.utils import translation

    from dealership.text import join_list

    with translation.override("zh-hans"):
        assert join_list(["燃油", "电瓶"]) == "燃油、电瓶"
    with translation.override("en"):
        assert join_list(["fuel", "battery"]) == "fuel, battery"
