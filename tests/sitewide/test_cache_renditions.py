"""Renditions made ahead (sitewide/caching/renditions.py): after warming, reading pages makes
none, so the first reader after a deploy or an upload does not wait for Pillow."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from wagtail.images import get_image_model

from sitewide.caching.renditions import WARM_SPECS, warm_image
from tests.sitewide.conftest import make_image
from tests.stories.conftest import make_story

Rendition = get_image_model().get_rendition_model()
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _no_renditions_remembered():
    """Wagtail remembers renditions in the default cache by image id, and ids are reused from
    one test to the next: start each test without that memory."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def illustrated_story(story_index):
    image = make_image("Anh Lâm bên đàn bò", size=(1600, 1067))
    return make_story(
        story_index,
        listing_image=image,
        body=[
            ("paragraph", "<p>Nhờ hai con bò giống, gia đình đã thoát nghèo.</p>"),
            ("image", {"image": image, "alt_text": "Chuồng bò", "caption": "Chuồng bò mới"}),
        ],
    )


def test_the_specs_are_those_of_the_templates():
    assert WARM_SPECS == (
        "width-480|format-webp",
        "width-800|format-webp",
        "width-1200|format-webp",
        "fill-1200x630|format-jpeg",
    )


def test_warming_makes_each_missing_rendition_once(db):
    image = make_image(size=(1600, 1067))
    assert warm_image(image) == len(WARM_SPECS)
    assert Rendition.objects.filter(image=image).count() == len(WARM_SPECS)
    assert warm_image(image) == 0


def test_after_warming_reading_the_pages_makes_no_rendition(client, home, illustrated_story):
    Rendition.objects.all().delete()
    call_command("warm_renditions", stdout=open("/dev/null", "w"))  # noqa: SIM115
    before = Rendition.objects.count()
    assert before == len(WARM_SPECS)

    for url in (illustrated_story.url, illustrated_story.get_parent().url, home.url):
        assert client.get(url).status_code == 200
    assert Rendition.objects.count() == before


def test_without_warming_the_first_reader_would_pay(client, home, illustrated_story):
    """The control for the test above: the page does ask for these renditions."""
    Rendition.objects.all().delete()
    assert client.get(illustrated_story.url).status_code == 200
    assert Rendition.objects.count() == len(WARM_SPECS)


def test_the_command_reports_in_vietnamese(db, capsys):
    make_image()
    make_image()
    call_command("warm_renditions")
    out = capsys.readouterr().out
    assert "2 ảnh đã kiểm tra, 8 bản ảnh được tạo" in out


def test_a_saved_image_queues_its_renditions_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        image = make_image(size=(1200, 800))
    assert callbacks  # nothing ran before the commit
    assert Rendition.objects.filter(image=image).count() == len(WARM_SPECS)


# The worker closes its database connection after each task, as it should in production: the
# rows it reads must be committed, and the page tree is restored afterwards.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_upload_is_warmed_by_the_database_worker(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS
    image = make_image(size=(1200, 800))  # committed: the save hook queued its renditions
    queued = DBTaskResult.objects.get(task_path__endswith="warm_image_renditions")
    assert queued.args_kwargs["args"] == [image.pk]
    assert Rendition.objects.filter(image=image).count() == 0  # only queued

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert queued.return_value == len(WARM_SPECS)
    assert Rendition.objects.filter(image=image).count() == len(WARM_SPECS)


def test_the_command_can_queue_instead(db, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS
    images = [make_image(), make_image(), make_image()]
    call_command("warm_renditions", "--queue", stdout=open("/dev/null", "w"))  # noqa: SIM115
    queued = DBTaskResult.objects.filter(task_path__endswith="warm_image_renditions")
    assert sorted(row.args_kwargs["args"][0] for row in queued) == [i.pk for i in images]
