"""Home page, standard pages, the privacy notice and site-wide settings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from lms.search import SegmentedSearchMixin

from .blocks import RICH_TEXT_FEATURES, BodyBlock


class HomePage(SegmentedSearchMixin, Page):
    """The site's root page: a hero, an introduction, then sections fed by the other apps."""

    hero_title = models.CharField(_("hero title"), max_length=255)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_cta_text = models.CharField(_("hero button text"), max_length=100, blank=True)
    hero_cta_link = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("hero button link"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    introduction = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_cta_text"),
                FieldPanel("hero_cta_link"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("introduction"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("search_text_segmented")]
    max_count = 1
    subpage_types = [
        "home.StandardPage",
        "home.PrivacyNoticePage",
        "courses.CourseIndexPage",
        "courses.SeminarIndexPage",
        "library.LibraryIndexPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def get_search_parts(self):
        return [self.hero_title, self.hero_text, self.introduction]

    def get_context(self, request, *args, **kwargs):
        from .sections import home_sections

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = home_sections(request)
        return context


class StandardPage(SegmentedSearchMixin, Page):
    """An ordinary content page: about, contact, accessibility statement and the like."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("search_text_segmented")]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")

    def get_search_parts(self):
        # The blocks' own text, not the rendered body: rendering would make image renditions.
        return [self.introduction, *self._meta.get_field("body").get_searchable_content(self.body)]


class PrivacyNoticePage(StandardPage):
    """The privacy notice under the PDPA. Its ``version`` is what people consent to.

    Publishing with a new version asks every returning user to accept it again
    (``lms.middleware.PrivacyConsentMiddleware``); fixing a typo without changing the
    version asks nobody.
    """

    version = models.CharField(
        _("version"),
        max_length=32,
        help_text=_("Change the version when the notice changes in substance: users will be asked to accept it again."),
    )
    effective_date = models.DateField(_("effective date"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("version"), FieldPanel("effective_date")], heading=_("Version")),
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("privacy notice")

    @classmethod
    def current(cls):
        """The live notice, or None when the site has not published one."""
        return cls.objects.live().order_by("-last_published_at").first()


class Signatory(index.Indexed, models.Model):
    """A person who signs certificates: their names, position and signature image."""

    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    position_th = models.CharField(_("position (Thai)"), max_length=255)
    position_en = models.CharField(_("position (English)"), max_length=255, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A scan of the signature on a white or transparent background (PNG)."),
    )

    panels = [
        FieldPanel("name_th"),
        FieldPanel("name_en"),
        FieldPanel("position_th"),
        FieldPanel("position_en"),
        FieldPanel("signature"),
    ]
    search_fields = [index.SearchField("name_th"), index.SearchField("name_en"), index.AutocompleteField("name_th")]

    class Meta:
        verbose_name = _("certificate signatory")
        verbose_name_plural = _("certificate signatories")
        ordering = ["name_th"]

    def __str__(self):
        return f"{self.name_th} ({self.position_th})"


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The organisation behind the site: names, logo and contact details (one per site)."""

    organisation_name_th = models.CharField(_("organisation name (Thai)"), max_length=255, default="ศูนย์ฝึกอบรมภาครัฐ")
    organisation_name_en = models.CharField(
        _("organisation name (English)"), max_length=255, default="Government Training Centre"
    )
    site_tagline = models.CharField(_("tagline"), max_length=255, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=64, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    office_hours = models.CharField(_("office hours"), max_length=255, blank=True)
    certificate_signatory = models.ForeignKey(
        "home.Signatory",
        verbose_name=_("first signatory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Signs every certificate, unless a course chooses its own signatories."),
    )
    certificate_signatory_2 = models.ForeignKey(
        "home.Signatory",
        verbose_name=_("second signatory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name_th"),
                FieldPanel("organisation_name_en"),
                FieldPanel("site_tagline"),
                FieldPanel("logo"),
            ],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email"), FieldPanel("office_hours")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("certificate_signatory"), FieldPanel("certificate_signatory_2")],
            heading=_("Certificates"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    @classmethod
    def for_request(cls, request):
        """The request's settings from the shared cache (``home.site_cache``): no query once cached.

        The ``{{ settings.home.SiteSettings }}`` of every template comes through here; the
        admin's edit form still reads the row itself (``for_site``).
        """
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            from home import site_cache

            instance = site_cache.settings_for_site(site_cache.site_for_request(request))
            instance._request = request
            setattr(request, attr_name, instance)
        return getattr(request, attr_name)

    def organisation_name(self, language="th"):
        if (language or "th").startswith("en") and self.organisation_name_en:
            return self.organisation_name_en
        return self.organisation_name_th
