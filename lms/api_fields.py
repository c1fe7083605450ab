"""The read API's fields (``lms.api``): what each endpoint says about a course, a library item or a seminar.

Each field is computed from the page itself and says only what the public page shows:
a course's category by name, a library item's file address only when the file is open
to everyone, a seminar's sessions without their meeting link, check-in code or
registrants. The endpoints fetch what these fields read in a fixed number of queries
(``select_related``/``prefetch_related`` in ``lms.api``), so no field queries per row.
"""

from django.urls import reverse
from django.utils import timezone
from rest_framework.fields import Field
from wagtail.api.utils import get_full_url
from wagtail.images.api.fields import ImageRenditionField
from wagtail.rich_text import expand_db_html

from library.models import Access

# The renditions the site's own cards use, so the API usually finds them made already.
COURSE_COVER = "fill-640x360"
SEMINAR_COVER = "fill-640x360"
LIBRARY_COVER = "fill-192x256"


class PageValueField(Field):
    """A read-only field worked out from the whole page (``value_for``) rather than one attribute."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return self.value_for(instance)

    def value_for(self, page):
        raise NotImplementedError

    def to_representation(self, value):
        return value


class HoursField(Field):
    """Training hours as a number (1.5), not the string a decimal field gives."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return float(value)


class RichTextHTMLField(Field):
    """A rich text field as the HTML the public page shows (links expanded to addresses)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return expand_db_html(value) if value else ""


class CategoryField(PageValueField):
    """``{"slug", "name", "name_en"}`` of a course's category, or null."""

    def value_for(self, page):
        category = page.category
        if category is None:
            return None
        return {"slug": category.slug, "name": category.name, "name_en": category.name_en}


class CoverField(PageValueField):
    """The page's cover as a rendition (``url``, ``full_url``, ``width``, ``height``, ``alt``), or null."""

    def __init__(self, attribute, filter_spec, **kwargs):
        self.attribute = attribute
        self.rendition = ImageRenditionField(filter_spec)
        super().__init__(**kwargs)

    def value_for(self, page):
        image = getattr(page, self.attribute)
        return self.rendition.to_representation(image) if image is not None else None


class LibraryCoverField(CoverField):
    """An item's cover only when its file is open to everyone (a cover shows the file's first page)."""

    def value_for(self, page):
        if page.access != Access.OPEN:
            return None
        return super().value_for(page)


class CreatorsField(PageValueField):
    """The item's creators' names, in the order they are credited."""

    def value_for(self, page):
        return [creator.name for creator in page.creators.all()]


class SubjectsField(PageValueField):
    """The item's subjects: ``{"id", "name", "name_en"}`` each (``?subject=<id>`` filters by one)."""

    def value_for(self, page):
        subjects = sorted(page.subjects.all(), key=lambda subject: subject.name)
        return [{"id": subject.pk, "name": subject.name, "name_en": subject.name_en} for subject in subjects]


class LibraryFileField(PageValueField):
    """The item's file (download address, media type, size in bytes when known), only when it is open to everyone.

    The address is the library's own download address, which counts the download and
    checks access like the item page does.
    """

    def value_for(self, page):
        if page.access != Access.OPEN or page.document is None:
            return None
        return {
            "download_url": get_full_url(self.context["request"], reverse("library:download", args=[page.pk])),
            "format": page.file_format,
            "size": page.document.file_size,
        }


class ExternalUrlField(PageValueField):
    """The item's external address, only when its access is open to everyone."""

    def value_for(self, page):
        if page.access != Access.OPEN:
            return None
        return page.external_url or None


class SpeakersField(PageValueField):
    """A seminar's speakers as the page lists them: ``{"name", "position"}`` each."""

    def value_for(self, page):
        return [{"name": speaker.name, "position": speaker.position} for speaker in page.speakers.all()]


class SessionsField(PageValueField):
    """A seminar's sessions in order of their start, with the seats left.

    Never the online meeting link (only confirmed registrants get it), the check-in code,
    the reason for a cancellation or anything about the registrants: ``online`` only says
    whether the session can be joined online. ``seats_taken`` is annotated by the endpoint.
    """

    def value_for(self, page):
        return [
            {
                "id": session.pk,
                "label": session.label,
                "starts_at": self._datetime(session.starts_at),
                "ends_at": self._datetime(session.ends_at),
                "venue_name": session.venue_name,
                "venue_address": session.venue_address,
                "map_url": session.map_url,
                "online": bool(session.online_url),
                "capacity": session.capacity,
                # Only while people may still register: afterwards it would tell how many came,
                # a figure the open data hides when it is small.
                "seats_left": None if session.has_started() else max(session.capacity - session.seats_taken, 0),
                "registration_opens_at": self._datetime(session.registration_opens_at),
                "registration_closes_at": self._datetime(session.closes_at),
                "cancelled": session.cancelled_at is not None,
            }
            for session in page.sessions.all()
        ]

    @staticmethod
    def _datetime(value):
        return timezone.localtime(value).isoformat() if value else None
