"""On PostgreSQL a search is served by the index on the search text's whole expression
(sitewide migration 0007), not by reading every page's vectors: Wagtail's backend matches
`(title || body) @@ query`, which its own title and body indexes cannot serve."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from tests.stories.conftest import make_story

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_a_search_can_use_the_index_on_the_whole_text(story_index):
    make_story(story_index, slug="bo-giong")
    with CaptureQueriesContext(connection) as captured:
        Page.objects.live().search("giam ngheo", operator="and").count()
    sql = captured.captured_queries[-1]["sql"]
    # The expression Wagtail writes is the one indexed...
    assert '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@' in sql
    with connection.cursor() as cursor:
        # ...and the index serves it (a handful of test rows: the planner would rather read
        # them, so reading is forbidden here).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT object_id FROM wagtailsearch_indexentry "
            "WHERE (title || body) @@ to_tsquery('simple', 'giam & ngheo')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "sitewide_search_title_body" in plan, plan
