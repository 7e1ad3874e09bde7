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


def test_language_picker_returns_to_the_page_the_refused_form_came_from(rf):
    """A refused form is shown again at an address that takes posts only;
    switching the language there returned to it with a GET: a blank 405."""
    from dealership.context_processors import language_next

    assert language_next(rf.get("/followups/", {"page": "2"})) == {
        "language_next": "/followups/?page=2"
    }
    refused = rf.post("/followups/7/complete/", HTTP_REFERER="http://testserver/followups/?page=2")
    assert language_next(refused) == {"language_next": "/followups/?page=2"}
    assert language_next(rf.post("/x/", HTTP_REFERER="https://evil.example/")) == {
        "language_next": "/"
    }
    assert language_next(rf.post("/x/")) == {"language_next": "/"}


def test_language_picker_is_on_every_page_with_its_return_address(client):
    html = client.get("/accounts/login/?next=/sales/").content.decode()
    assert 'name="next" type="hidden" value="/accounts/login/?next=/sales/"' in html


def test_result_is_named_for_what_it_is_the_result_of():
    """One msgid "Result" served three forms; the follow-up's box read
    "抽查结果" (spot-check result)."""
    from followups.forms import CompleteForm
    from sales.forms import SpotCheckItemForm
    from showroom.forms import CheckForm

    with translation.override("zh-hans"):
        labels = [
            str(CompleteForm.base_fields["result_note"].label),
            str(SpotCheckItemForm.base_fields["result"].label),
            str(CheckForm.base_fields["result"].label),
        ]
    assert labels == ["回访结果", "抽查结果", "检查结果"]
