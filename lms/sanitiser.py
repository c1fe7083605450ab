"""The project's one HTML sanitiser.

Every piece of HTML that comes from users or imports is cleaned here, with one
allow-list, so there is one place to review and test. Anything not on the list is
removed (scripts, event handlers, styles, SVG, iframes), and links may only use safe
protocols.
"""

import re

import bleach

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "i",
        "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th",
        "thead", "tr", "u", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title"],
    "abbr": ["title"],
    "td": ["colspan", "rowspan"],
    "th": ["colspan", "rowspan", "scope"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})
# Elements whose whole content is dropped, not just their tags.
DROP_WITH_CONTENT = ("script", "style", "svg", "math", "iframe", "object", "embed", "template", "noscript")

_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)
_text_cleaner = bleach.Cleaner(tags=set(), attributes={}, strip=True, strip_comments=True)


def _drop_dangerous_elements(html):
    for tag in DROP_WITH_CONTENT:
        html = re.sub(rf"<{tag}\b[^>]*>.*?</{tag}\s*>", "", html, flags=re.IGNORECASE | re.DOTALL)
        html = re.sub(rf"<{tag}\b[^>]*/?>", "", html, flags=re.IGNORECASE)
    return html


def _add_link_rel(attrs, new=False):
    href_key = (None, "href")
    if href_key in attrs and attrs[href_key].startswith(("http://", "https://")):
        attrs[(None, "rel")] = "noopener noreferrer nofollow"
    return attrs


def clean_html(html):
    """Return ``html`` reduced to the allow-list: safe to mark as safe in a template."""
    if not html:
        return ""
    cleaned = _cleaner.clean(_drop_dangerous_elements(str(html)))
    return bleach.linkify(cleaned, callbacks=[_add_link_rel], skip_tags={"pre", "code"}, parse_email=False)


def clean_text(text, max_length=None):
    """Return ``text`` as plain text: every tag removed, entities kept escaped."""
    if not text:
        return ""
    cleaned = _text_cleaner.clean(_drop_dangerous_elements(str(text))).strip()
    if max_length is not None:
        cleaned = cleaned[:max_length]
    return cleaned
