"""Template helpers of the public pages: language alternates of the current page,
its canonical and other absolute addresses, the text of a block captured for
several meta tags, query strings for pagination, and fragments kept under the
content version."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.template.base import FilterExpression
from django.urls import translate_url
from django.utils.encoding import escape_uri_path
from django.utils.html import strip_spaces_between_tags
from django.utils.http import escape_leading_slashes
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info

from core import wordbreaks
from core.versioning import versioned

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context) -> list[dict[str, str]]:
    """The current page in every language: code, local name and address, with the
    same query string, for the language switcher and hreflang links."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return []
    current = get_language()
    # A request for //evil.example/x must not link to evil.example, nor one for
    # //[ make urlsplit() fail: two leading slashes would read as a host.
    path = escape_leading_slashes(request.get_full_path())
    alternates = []
    for code, _name in settings.LANGUAGES:
        url = _translated_url(path, code)
        alternates.append(
            {
                "code": code,
                "name_local": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "is_current": code == current,
            }
        )
    return alternates


@lru_cache(maxsize=4096)
def _translated_url(path: str, code: str) -> str:
    """translate_url() resolves and reverses the path, the same each time: the
    addresses of the pages read most are kept (a few thousand, by path)."""
    return translate_url(path, code)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced, e.g. another page."""
    request: HttpRequest | None = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The page's own address without filters or page numbers."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return ""
    # Escaped as get_full_path() escapes it, leading slashes included (see above).
    path = escape_leading_slashes(escape_uri_path(request.path))
    return request.build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """An address of the portal with its scheme and host, as a share preview
    needs it (og:image): the request's, or ASCN_SITE_URL's without a request."""
    if not path or "://" in path:
        return path or ""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


class CaptureNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str) -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context) -> str:
        text = " ".join(self.nodelist.render(context).split())
        # Rendered by the template engine, so already escaped.
        context[self.name] = mark_safe(strip_spaces_between_tags(text))  # noqa: S308
        return ""


@register.tag
def capture(parser, token) -> CaptureNode:
    """{% capture name %}…{% endcapture %}: renders its content once, with the
    blocks in it that child templates fill, into `name`, with its white space
    collapsed: the page's title for <title> and og:title, its summary for the
    description and og:description."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% capture name %} takes one name.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])


class PerLanguageNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist
        self.rendered: dict[str, str] = {}

    def render(self, context) -> str:
        language = get_language() or ""
        html = self.rendered.get(language)
        if html is None:
            html = self.rendered[language] = str(self.nodelist.render(context))
        # Rendered by the template engine, so already escaped.
        return mark_safe(html)  # noqa: S308


@register.tag
def per_language(parser, token) -> PerLanguageNode:
    """{% per_language %}…{% endper_language %}: content that shows nothing but
    the language and the release (a navigation's links and words, the links to
    the style sheets), rendered once per process and language and then kept with
    the compiled template. It must name no variable of the page."""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("{% per_language %} takes no argument.")
    nodelist = parser.parse(("endper_language",))
    parser.delete_first_token()
    return PerLanguageNode(nodelist)


class VersionedFragmentNode(template.Node):
    def __init__(
        self, nodelist: template.NodeList, name: str, key: FilterExpression
    ) -> None:
        self.nodelist = nodelist
        self.name = name
        self.key = key

    def render(self, context) -> str:
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        hints = wordbreaks.page_hints()
        if hints == "-":
            html = versioned(
                f"fragment:{self.name}:{key}",
                lambda: str(self.nodelist.render(context)),
            )
        else:
            # On a Thai page, kept with its word-break hints, which the
            # middleware then leaves alone.
            html = versioned(
                f"fragment:{self.name}:{key}:{hints}",
                lambda: wordbreaks.hint_html(str(self.nodelist.render(context))),
            )
            html = wordbreaks.hinted_already(html)
        # Rendered by the template engine, so already escaped.
        return mark_safe(html)  # noqa: S308


@register.tag
def versioned_fragment(parser, token) -> VersionedFragmentNode:
    """{% versioned_fragment name key %}…{% endversioned_fragment %}: the content
    rendered once per content version, language and `key` (which must name
    everything else the content shows: a list's filter form, by its address and
    query string) and then read from the cache. An empty key renders it."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(
            "{% versioned_fragment name key %} takes a name and a key."
        )
    nodelist = parser.parse(("endversioned_fragment",))
    parser.delete_first_token()
    return VersionedFragmentNode(nodelist, bits[1], parser.compile_filter(bits[2]))
