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


NEW = {
    "testcar-condition": (
        "检查车况是否良好（无故障灯、轮胎正常）",
        "Condition good: no warning lights, tyres fine",
    ),
    "testcar-papers": (
        "号牌齐全，行驶证、交强险及商业险在有效期内",
        "Plates on, registration and insurance dates valid",
    ),
}


def current_texts(apps, schema_editor):
    Item = apps.get_model("showroom", "ChecklistItem")
    for code, (text, text_en) in OLD.items():
        Item.objects.filter(code=code, text=text).update(text=NEW[code][0])
        Item.objects.filter(code=code, text_en=text_en).update(text_en=NEW[code][1])


class Migration(migrations.Migration):
    dependencies = [("showroom", "0003_testcar_readiness")]

    # Going back leaves the texts as they are: the current wording is right
    # for the items 0003 split out, whichever migration wrote it.
    operations = [migrations.RunPython(current_texts, migrations.RunPython.noop)]
