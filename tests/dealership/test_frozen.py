"""{% frozen %} (issue 8): fixed markup rendered once per language and
reused; anything that depends on the request is refused when the template
is compiled."""

import pytest
from django.template import TemplateSyntaxError, engines
from django.utils import translation

from dealership.templatetags.frozen import FrozenNode

pytestmark = pytest.mark.django_db


def _template(source: str):
    return engines["django"].from_string("{% load i18n static frozen %}" + source)


def test_frozen_renders_translations_links_and_static_in_each_language():
    page = _template(
        '{% frozen %}<html lang="{% language_code %}"><a href="{% url \'home\' %}">'
        '{% translate "Customers" %}</a><link href="{% static \'css/app.css\' %}">'
        "{% blocktranslate %}Customers{% endblocktranslate %}{% endfrozen %}"
    )
    with translation.override("zh-hans"):
        zh = page.render({})
    with translation.override("en"):
        en = page.render({})
    assert zh == '<html lang="zh-hans"><a href="/">客户</a><link href="/static/css/app.css">客户'
    assert (
        en == '<html lang="en"><a href="/">Customers</a><link href="/static/css/app.css">Customers'
    )


def test_frozen_renders_its_body_once_per_language():
    page = _template('{% frozen %}{% translate "Customers" %}{% endfrozen %}')
    node = next(n for n in page.template.nodelist if isinstance(n, FrozenNode))
    calls = []
    render = node.nodelist.render
    node.nodelist.render = lambda context: calls.append(1) or render(context)
    with translation.override("zh-hans"):
        assert [page.render({}) for _ in range(3)] == ["客户"] * 3
    with translation.override("en"):
        assert page.render({}) == "Customers"
    assert len(calls) == 2  # once per language


@pytest.mark.parametrize(
    "body",
    [
        "{{ user.username }}",
        "{% csrf_token %}",
        "{% translate name %}",
        '{% translate "Customers" as label %}',
        "{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}",
        "{% blocktranslate with n=name %}Hello {{ n }}{% endblocktranslate %}",
        "{% blocktranslate context kind %}Customers{% endblocktranslate %}",
        "{% translate 'Customers' context kind %}",
        "{% url 'sales:customer_detail' customer.pk %}",
        "{% url view_name %}",
        "{% static path %}",
        "{% if user %}x{% endif %}",
        '{% translate "Customers"|upper %}',
    ],
)
def test_frozen_refuses_what_depends_on_the_request(body):
    with pytest.raises(TemplateSyntaxError, match="frozen"):
        _template(f"{{% frozen %}}{body}{{% endfrozen %}}")


def test_frozen_refused_inside_a_language_block():
    """The language is read once per render, so a piece inside {% language %}
    would be frozen in the page's language, not the block's."""
    with pytest.raises(TemplateSyntaxError, match="language"):
        _template('{% language "en" %}{% frozen %}x{% endfrozen %}{% endlanguage %}')


def test_frozen_pieces_of_one_page_follow_the_language_of_each_render():
    page = _template(
        '{% frozen %}{% translate "Customers" %}{% endfrozen %}·'
        '{% frozen %}{% translate "Customers" %}{% endfrozen %}'
    )
    with translation.override("zh-hans"):
        assert page.render({}) == "客户·客户"
    with translation.override("en"):
        assert page.render({}) == "Customers·Customers"
