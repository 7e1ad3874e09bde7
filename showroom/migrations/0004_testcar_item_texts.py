"""SHW-TESTCAR: 0003 split fuel and battery out of the condition item into
items of their own, but a database that had run 0002 kept the condition
item's old text, which still asked for fuel and battery (asked twice there),
and the papers item's old text. Bring both to the current defaults where they
still read as 0002 wrote them; a text a manager edited is left alone."""

from django.db import migrations

OLD = {
    "testcar-condition": (
        "检查车况是否良好，燃油是否充足，电瓶是否有电",
        "Condition good, fuel sufficient, battery charged",
    ),
    "testcar-papers": (
        "号牌齐全，行驶证、保险在有效期内",
        "Plates on, registration and insurance valid",
    ),
}


def current_texts(apps, schema_editor):
    from showroom.rules import DEFAULT_CHECKLIST_ITEMS

    new = {code: (text, text_en) for code, _kind, text, text_en in DEFAULT_CHECKLIST_ITEMS}
    Item = apps.get_model("showroom", "ChecklistItem")
    for code, (text, text_en) in OLD.items():
        Item.objects.filter(code=code, text=text).update(text=new[code][0])
        Item.objects.filter(code=code, text_en=text_en).update(text_en=new[code][1])


def old_texts(apps, schema_editor):
    from showroom.rules import DEFAULT_CHECKLIST_ITEMS

    new = {code: (text, text_en) for code, _kind, text, text_en in DEFAULT_CHECKLIST_ITEMS}
    Item = apps.get_model("showroom", "ChecklistItem")
    for code, (text, text_en) in OLD.items():
        Item.objects.filter(code=code, text=new[code][0]).update(text=text)
        Item.objects.filter(code=code, text_en=new[code][1]).update(text_en=text_en)


class Migration(migrations.Migration):
    dependencies = [("showroom", "0003_testcar_readiness")]

    operations = [migrations.RunPython(current_texts, old_texts)]
