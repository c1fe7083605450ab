"""The one HTML sanitiser keeps harmless markup and removes everything that could run."""

import pytest

from lms.sanitiser import clean_html, clean_text


class TestCleanHtml:
    def test_ordinary_formatting_and_links_survive(self):
        html = '<p>สวัสดี <strong>ครับ</strong> <a href="https://www.ocsc.go.th/">OCSC</a></p>'
        cleaned = clean_html(html)
        assert "<strong>ครับ</strong>" in cleaned
        assert 'href="https://www.ocsc.go.th/"' in cleaned
        assert 'rel="noopener noreferrer nofollow"' in cleaned

    @pytest.mark.parametrize(
        "payload",
        [
            "<script>alert(1)</script>",
            "<SCRIPT src=https://evil.example/x.js></SCRIPT>",
            '<img src="x" onerror="alert(1)">',
            '<p onclick="alert(1)">hi</p>',
            '<a href="javascript:alert(1)">x</a>',
            '<a href="JaVaScRiPt:alert(1)">x</a>',
            '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
            "<svg><script>alert(1)</script></svg>",
            '<svg onload="alert(1)"><circle r="1"/></svg>',
            '<style>body{background:url("javascript:alert(1)")}</style>',
            '<p style="background:url(javascript:alert(1))">x</p>',
            '<iframe src="https://evil.example"></iframe>',
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<!--<script>alert(1)</script>-->",
        ],
    )
    def test_nothing_that_could_run_survives(self, payload):
        cleaned = clean_html(payload).lower()
        for forbidden in (
            "<script",
            "onerror",
            "onclick",
            "onload",
            "javascript:",
            "data:text",
            "<svg",
            "<style",
            "style=",
            "<iframe",
            "<img",
            "alert(1)",
        ):
            assert forbidden not in cleaned, (payload, cleaned)

    def test_script_content_is_dropped_not_shown_as_text(self):
        assert clean_html("<p>ก่อน</p><script>var secret = 1;</script><p>หลัง</p>") == "<p>ก่อน</p><p>หลัง</p>"

    def test_empty_input_gives_an_empty_string(self):
        assert clean_html(None) == ""
        assert clean_html("") == ""


class TestCleanText:
    def test_all_tags_are_removed_and_text_kept(self):
        assert clean_text("<b>ดีมาก</b> <i>ครับ</i>") == "ดีมาก ครับ"

    def test_markup_left_over_is_escaped(self):
        assert "<" not in clean_text("1 < 2 <script>alert(1)</script>")

    def test_length_is_limited_when_asked(self):
        assert clean_text("ก" * 50, max_length=10) == "ก" * 10
