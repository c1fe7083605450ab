"""Thai helpers: word segmentation and Buddhist Era dates."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

from lms.thai import format_date, segment, segment_for_index, segment_for_search


class TestSegment:
    def test_a_thai_word_inside_a_run_of_thai_text_becomes_its_own_token(self):
        assert "ราชการ" in segment("หลักสูตรการบริหารราชการแผ่นดิน")

    def test_mixed_thai_and_english_keeps_the_english_words(self):
        words = segment("การใช้ Python สำหรับข้าราชการ")
        assert "Python" in words
        assert "ข้าราชการ" in words

    def test_text_without_thai_is_split_on_spaces(self):
        assert segment("data and PDPA") == ["data", "and", "PDPA"]

    def test_empty_text_gives_no_words(self):
        assert segment("") == []
        assert segment_for_search(None) == ""

    def test_segmented_text_separates_words_with_single_spaces(self):
        assert segment_for_search("ความปลอดภัยไซเบอร์") == " ".join(segment("ความปลอดภัยไซเบอร์"))
        assert "  " not in segment_for_search("ความ  ปลอดภัย")


class TestSegmentForIndex:
    def test_a_compound_word_is_indexed_whole_and_by_its_parts(self):
        words = segment_for_index("การเขียนหนังสือราชการ").split()
        assert {"หนังสือราชการ", "หนังสือ", "ราชการ"} <= set(words)

    def test_a_word_is_not_split_into_fragments_that_are_not_words(self):
        words = segment_for_index("หลักสูตร").split()
        assert "ห" not in words
        assert "ลัก" not in words

    def test_an_ordinary_word_is_not_broken_into_syllables(self):
        assert segment_for_index("ระดับ") == "ระดับ"
        assert segment_for_index("สำหรับ") == "สำหรับ"

    def test_english_text_is_indexed_as_it_is(self):
        assert segment_for_index("Data and PDPA") == "Data and PDPA"

    def test_splitting_leaves_the_dictionary_as_it_was(self):
        segment_for_index("หนังสือราชการ")
        assert segment("หนังสือราชการ") == ["หนังสือราชการ"]


class TestFormatDate:
    def test_thai_long_date_uses_the_buddhist_era(self):
        assert format_date(datetime.date(2026, 11, 24)) == "24 พฤศจิกายน 2569"

    def test_thai_short_date_uses_the_abbreviated_month_and_two_digit_year(self):
        assert format_date(datetime.date(2026, 11, 24), style="short") == "24 พ.ย. 69"

    def test_english_dates_stay_in_the_common_era(self):
        assert format_date(datetime.date(2026, 11, 24), language="en") == "24 November 2026"
        assert format_date(datetime.date(2026, 11, 24), style="short", language="en") == "24 Nov 2026"

    def test_a_utc_datetime_is_shown_on_the_bangkok_calendar_day(self):
        late_utc = datetime.datetime(2026, 11, 23, 20, 30, tzinfo=datetime.UTC)
        assert format_date(late_utc) == "24 พฤศจิกายน 2569"
        assert format_date(late_utc, with_time=True) == "24 พฤศจิกายน 2569 03:30 น."

    def test_the_year_turns_at_the_same_moment_in_both_eras(self):
        new_year = datetime.datetime(2027, 1, 1, 0, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Bangkok"))
        assert format_date(new_year) == "1 มกราคม 2570"

    def test_nothing_is_shown_for_a_missing_date(self):
        assert format_date(None) == ""


class TestThaiDateFilter:
    @pytest.mark.parametrize(
        ("language", "style", "expected"),
        [
            ("th", "", "24 พฤศจิกายน 2569"),
            ("th", ':"short"', "24 พ.ย. 69"),
            ("en", "", "24 November 2026"),
            ("en", ':"short"', "24 Nov 2026"),
        ],
    )
    def test_the_filter_follows_the_visitors_language(self, language, style, expected):
        template = Template("{{ day|thai_date" + style + " }}")
        with translation.override(language):
            assert template.render(Context({"day": datetime.date(2026, 11, 24)})) == expected


class TestThaiSorted:
    def test_words_with_a_leading_vowel_sort_by_their_consonant(self):
        from lms.thai import thai_sorted

        names = ["สำนักนายกรัฐมนตรี", "แผนที่ทหาร", "ไปรษณีย์ไทย", "กรมบัญชีกลาง", "เกษตร"]
        assert thai_sorted(names) == ["กรมบัญชีกลาง", "เกษตร", "ไปรษณีย์ไทย", "แผนที่ทหาร", "สำนักนายกรัฐมนตรี"]

    def test_items_are_sorted_by_the_key_given(self):
        from lms.thai import thai_sorted

        assert thai_sorted([(2, "ไก่"), (1, "ขวด")], key=lambda item: item[1]) == [(2, "ไก่"), (1, "ขวด")]
