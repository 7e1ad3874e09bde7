"""`{% frozen %}…{% endfrozen %}`: markup that is the same for every request
in one language (headings, table heads, help text, links to fixed pages)
rendered once per language and process, then reused (issue 8: a board page
has a budget of a few milliseconds beyond its SQL, and every `{% translate %}`
or `{% url %}` node costs its share on each request).

What may stand inside is checked when the template is compiled, so a value of
the request can never be frozen by mistake: text, comments, `{% translate %}`
of a constant string, `{% blocktranslate %}` without variables, `{% url %}` and
`{% static %}` with constant arguments, `{% language_code %}` (the page's
language, which is part of the key) and `{% language_picker %}` (the language
switch, built once per language itself). A variable, a `{% csrf_token %}` or any
other tag is a TemplateSyntaxError.

    {% load frozen %}
    {% frozen %}<h2>{% translate "Customers" %}</h2>{% endfrozen %}
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template.base import FilterExpression, Node, TextNode, TokenType, Variable
from django.template.defaulttags import CommentNode, LoadNode, URLNode
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.templatetags.static import StaticNode
from django.urls import get_script_prefix
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info, gettext

register = template.Library()


class LanguageCodeNode(Node):
    """The current language's code (for <html lang>), without a context variable."""

    def render(self, context) -> str:
        return get_language() or ""


@register.tag("language_code")
def language_code(parser, token) -> LanguageCodeNode:
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("'language_code' takes no arguments")
    return LanguageCodeNode()


class LanguagePickerNode(Node):
    """The footer's language switch (label, one option per language of
    settings.LANGUAGES with the current one selected, the no-script button):
    the same for everyone in one language, so built once per language."""

    _built: dict[str, SafeString] = {}

    def render(self, context) -> SafeString:
        current = get_language() or ""
        html = self._built.get(current)
        if html is None:
            options = "".join(
                f'<option value="{escape(code)}"{" selected" if code == current else ""}>'
                f"{escape(get_language_info(code)['name_local'])}</option>"
                for code, _name in settings.LANGUAGES
            )
            html = self._built[current] = mark_safe(
                f'<label for="language" class="form-label mb-0">{escape(gettext("Language"))}'
                "</label>\n"
                '<select id="language" name="language" class="form-select form-select-sm w-auto"'
                f' onchange="this.form.submit()">{options}</select>\n'
                '<noscript><button type="submit" class="btn btn-sm btn-secondary">'
                f"{escape(gettext('Switch'))}</button></noscript>"
            )
        return html


@register.tag("language_picker")
def language_picker(parser, token) -> LanguagePickerNode:
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("'language_picker' takes no arguments")
    return LanguagePickerNode()


def _constant(expression) -> bool:
    """A filter expression whose value is written in the template itself."""
    if expression is None:
        return True
    if not isinstance(expression, FilterExpression) or expression.filters:
        return False
    var = expression.var
    return isinstance(var, str) or (isinstance(var, Variable) and var.lookups is None)


def _frozen_problem(node: Node) -> str | None:
    """Why the node cannot be frozen, or None."""
    if isinstance(node, (TextNode, CommentNode, LoadNode, LanguageCodeNode, LanguagePickerNode)):
        return None
    if isinstance(node, TranslateNode):
        if node.asvar or not _constant(node.filter_expression):
            return "{% translate %} of a variable or with 'as'"
        if node.message_context is not None and not _constant(node.message_context):
            return "{% translate %} with a variable context"
        return None
    if isinstance(node, BlockTranslateNode):
        texts = all(t.token_type == TokenType.TEXT for t in node.singular)
        if node.extra_context or node.counter is not None or node.asvar or not texts:
            return "{% blocktranslate %} with variables"
        if node.message_context is not None and not _constant(node.message_context):
            return "{% blocktranslate %} with a variable context"
        return None
    if isinstance(node, URLNode):
        values = [node.view_name, *node.args, *node.kwargs.values()]
        if node.asvar or not all(_constant(v) for v in values):
            return "{% url %} with variable arguments or 'as'"
        return None
    if isinstance(node, StaticNode):
        if node.varname or not _constant(node.path):
            return "{% static %} of a variable or with 'as'"
        return None
    return f"{type(node).__name__} (a variable or a tag that depends on the request)"


class FrozenNode(Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self._rendered: dict[tuple[str, str], SafeString] = {}

    def render(self, context) -> SafeString:
        # The key once per render: a page holds a dozen frozen pieces.
        key = context.render_context.get(FrozenNode)
        if key is None:
            key = context.render_context[FrozenNode] = (get_language() or "", get_script_prefix())
        html = self._rendered.get(key)
        if html is None:
            # Languages and script prefixes are few: the dict stays small.
            html = self._rendered[key] = mark_safe(self.nodelist.render(context))
        return html


@register.tag("frozen")
def frozen(parser, token) -> FrozenNode:
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("'frozen' takes no arguments")
    if any(command == "language" for command, _token in parser.command_stack):
        # The language is read once per render (FrozenNode.render).
        raise template.TemplateSyntaxError("{% frozen %} cannot stand inside {% language %}")
    nodelist = parser.parse(("endfrozen",))
    parser.delete_first_token()
    for node in nodelist:
        problem = _frozen_problem(node)
        if problem:
            raise template.TemplateSyntaxError(
                f"{{% frozen %}} holds only what is the same for every request: {problem}"
            )
    return FrozenNode(nodelist)
