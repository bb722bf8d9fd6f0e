"""What readers type and the stories that must come first.

A catalogue of realistic stories (the words of each query sit in some stories as a phrase, in
others scattered, in others only as the story's type, tag or place), and for each query the
titles that must lead the results, in order, then the ones that must be found at all. Queries
are typed as readers type them: with diacritics, without, in capitals. Written by hand from
the catalogue below, not from what the search returns.
"""

import pytest

from sitewide.search import search_pages
from stories.models import StoryType
from tests.sitewide.conftest import make_area
from tests.stories.conftest import make_story, tag_story

pytestmark = pytest.mark.django_db

P = "paragraph"


@pytest.fixture
def catalogue(story_index):
    province = make_area(name="Quảng Trị", level="province")
    khe_sanh = make_area(name="Khe Sanh", level="commune", parent=province)
    huong_linh = make_area(name="Hướng Linh", level="commune", parent=province)

    def story(title, text, story_type=StoryType.NEWS, area=None, tags=()):
        made = make_story(
            story_index,
            title=title,
            intro=text,
            story_type=story_type,
            area=area,
            body=[(P, f"<p>{text}</p>")],
        )
        return tag_story(made, *tags) if tags else made

    story(
        "Ngân hàng bò ở Hướng Linh",
        "Mỗi hộ nhận một con bò cái, trả lại con bê đầu tiên cho tổ.",
        StoryType.GOOD_PRACTICE,
        huong_linh,
    )
    story(
        "Hợp tác xã lúa hữu cơ",
        "Liên kết mười hai hộ, bao tiêu đầu ra cho nông dân.",
        StoryType.GOOD_PRACTICE,
        khe_sanh,
    )
    story(
        "Giảm nghèo bền vững: kết quả ba năm",
        "Tỉnh tổng kết công tác giảm nghèo bền vững theo Nghị quyết 160.",
    )
    story(
        "Nghèo mà không nản",
        "Gia đình chị giảm chi tiêu, vay vốn nuôi lợn và thoát nghèo sau hai năm.",
        StoryType.MODEL_HOUSEHOLD,
    )
    story(
        "Bàn giao 40 nhà Đại đoàn kết",
        "Các hộ nghèo nhận nhà mới trước mùa mưa bão.",
        area=khe_sanh,
    )
    story(
        "Căn nhà mới của bà Hồ Thị Lài",
        "Nhờ Quỹ Vì người nghèo, ngôi nhà Đại đoàn kết hoàn thành sau ba tháng.",
        StoryType.MODEL_HOUSEHOLD,
        tags=["nhà đại đoàn kết"],
    )
    story(
        "Nuôi ong lấy mật dưới vườn cao su",
        "Ít vốn, nhanh thu hồi: mô hình sinh kế cho hộ cận nghèo.",
        StoryType.GOOD_PRACTICE,
    )
    story(
        "Học bổng cho học sinh nghèo vượt khó",
        "Hai trăm suất học bổng được trao tại Đông Hà.",
    )
    story(
        "Già làng hiến đất làm đường",
        "Tấm gương của già làng Hồ Văn Thoang được cả bản noi theo.",
        StoryType.EXEMPLARY,
    )
    story(
        "Thẻ bảo hiểm y tế cho hộ cận nghèo",
        "Ba nghìn thẻ BHYT được trao cho người dân Khe Sanh.",
        area=khe_sanh,
    )
    story("Tin vắn tháng mười", "Lịch tiếp công dân và các cuộc họp của Ủy ban.")


# (query, titles that must come first in this order, titles that must be found too)
EXPECTED = [
    (
        "giảm nghèo bền vững",
        ["Giảm nghèo bền vững: kết quả ba năm"],
        [],
    ),
    ("GIAM NGHEO BEN VUNG", ["Giảm nghèo bền vững: kết quả ba năm"], []),
    (
        "mô hình giảm nghèo",  # the story type's name: every good practice
        [],
        ["Ngân hàng bò ở Hướng Linh", "Hợp tác xã lúa hữu cơ", "Nuôi ong lấy mật dưới vườn cao su"],
    ),
    (
        "nha dai doan ket",
        ["Bàn giao 40 nhà Đại đoàn kết"],
        ["Căn nhà mới của bà Hồ Thị Lài"],
    ),
    ("ngan hang bo", ["Ngân hàng bò ở Hướng Linh"], []),
    ("Hướng Linh", ["Ngân hàng bò ở Hướng Linh"], []),
    (
        "khe sanh",  # the place: in the text of one, the area of the others
        [],
        [
            "Hợp tác xã lúa hữu cơ",
            "Bàn giao 40 nhà Đại đoàn kết",
            "Thẻ bảo hiểm y tế cho hộ cận nghèo",
        ],
    ),
    ("học bổng", ["Học bổng cho học sinh nghèo vượt khó"], []),
    ("nuoi ong", ["Nuôi ong lấy mật dưới vườn cao su"], []),
    ("gương điển hình", ["Già làng hiến đất làm đường"], []),  # the type of exemplary stories
    (
        "ho can ngheo",
        [],
        ["Nuôi ong lấy mật dưới vườn cao su", "Thẻ bảo hiểm y tế cho hộ cận nghèo"],
    ),
    # the type "Hộ thoát nghèo tiêu biểu" and "gia đình" in the text: only that story
    ("hộ gia đình thoát nghèo tiêu biểu", ["Nghèo mà không nản"], []),
    ("xe cứu thương", [], []),  # no story has these words: nothing
]


@pytest.mark.parametrize(("query", "first", "also"), EXPECTED, ids=[q for q, _f, _a in EXPECTED])
def test_readers_queries_rank_the_right_stories_first(catalogue, query, first, also):
    titles = [page.title for page in search_pages(query)]
    assert titles[: len(first)] == first, titles
    assert set(also) <= set(titles), titles
    if not first and not also:
        assert titles == []


def test_a_phrase_ranks_before_the_same_words_apart(catalogue):
    titles = [page.title for page in search_pages("giảm nghèo")]
    together = "Giảm nghèo bền vững: kết quả ba năm"
    apart = "Nghèo mà không nản"  # "giảm chi tiêu … thoát nghèo"
    assert together in titles and apart in titles
    assert titles.index(together) < titles.index(apart)


def test_the_results_page_in_slices_without_repeating(catalogue):
    everything = [page.pk for page in search_pages("ngheo")]
    results = search_pages("ho ngheo")
    pages = [results[n : n + 2] for n in range(0, len(results), 2)]
    seen = [page.pk for chunk in pages for page in chunk]
    assert len(seen) == len(set(seen)) == len(results)
    assert set(seen) <= set(everything)
