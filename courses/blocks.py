"""StreamField blocks for lessons: the standard page body plus video, audio, embeds and downloads."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from home.blocks import RICH_TEXT_FEATURES, CalloutBlock, QuoteBlock


class CaptionedImageBlock(blocks.StructBlock):
    """An image with its alternative text and a visible caption."""

    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(required=False, max_length=255, label=_("caption"))

    class Meta:
        icon = "image"
        template = "courses/blocks/captioned_image.html"
        label = _("Image with caption")


class EmbeddedVideoBlock(blocks.StructBlock):
    """A video from a provider Wagtail's embed finders know (YouTube, Vimeo, ...)."""

    video = EmbedBlock(label=_("video URL"), help_text=_("For example a YouTube or Vimeo address."))
    title = blocks.CharBlock(required=False, max_length=255, label=_("title"))

    class Meta:
        icon = "media"
        template = "courses/blocks/embedded_video.html"
        label = _("Embedded video")


class MediaFileBlock(blocks.StructBlock):
    """An uploaded video (MP4) or audio (MP3) file played by the browser, with a caption track."""

    kind = blocks.ChoiceBlock(choices=[("video", _("Video")), ("audio", _("Audio"))], default="video", label=_("kind"))
    file = DocumentChooserBlock(label=_("media file"), help_text=_("An MP4 video or an MP3 audio document."))
    title = blocks.CharBlock(required=False, max_length=255, label=_("title"))
    captions = DocumentChooserBlock(
        required=False, label=_("captions (WebVTT)"), help_text=_("A .vtt file with captions or subtitles.")
    )
    captions_language = blocks.ChoiceBlock(
        choices=[("th", "ไทย"), ("en", "English")], default="th", label=_("captions language")
    )
    transcript = blocks.RichTextBlock(required=False, features=["bold", "italic", "link"], label=_("transcript"))

    class Meta:
        icon = "media"
        template = "courses/blocks/media_file.html"
        label = _("Video or audio file")


class DocumentDownloadBlock(blocks.StructBlock):
    """A document to download, with a short description."""

    document = DocumentChooserBlock(label=_("document"))
    description = blocks.CharBlock(required=False, max_length=255, label=_("description"))

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/document_download.html"
        label = _("Document download")


class LessonBodyBlock(blocks.StreamBlock):
    """The body of a lesson."""

    heading = blocks.CharBlock(
        form_classname="title", icon="title", label=_("Heading"), template="includes/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Paragraph"))
    image = CaptionedImageBlock()
    embedded_video = EmbeddedVideoBlock()
    media_file = MediaFileBlock()
    document = DocumentDownloadBlock()
    callout = CalloutBlock()
    quote = QuoteBlock()
