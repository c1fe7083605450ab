"""StreamField blocks shared by the site's content pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr", "blockquote"]


class CalloutBlock(blocks.StructBlock):
    """A highlighted note: information, warning or tip."""

    kind = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("warning", _("Warning")), ("tip", _("Tip"))],
        default="info",
        label=_("kind"),
    )
    title = blocks.CharBlock(required=False, label=_("title"))
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"], label=_("text"))

    class Meta:
        icon = "help"
        template = "includes/blocks/callout.html"
        label = _("Callout")


class QuoteBlock(blocks.StructBlock):
    """A quotation with its source."""

    quote = blocks.TextBlock(label=_("quote"))
    source = blocks.CharBlock(required=False, label=_("source"))

    class Meta:
        icon = "openquote"
        template = "includes/blocks/quote.html"
        label = _("Quote")


class BodyBlock(blocks.StreamBlock):
    """The body of a standard page."""

    heading = blocks.CharBlock(
        form_classname="title", icon="title", label=_("Heading"), template="includes/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Paragraph"))
    image = ImageBlock(label=_("Image"))
    callout = CalloutBlock()
    quote = QuoteBlock()
