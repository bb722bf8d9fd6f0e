"""The Wagtail internals the page cache relies on, checked against the Wagtail installed.

sitewide/caching/routing.py fills Wagtail's per-request caches (``request._wagtail_site``,
``request._wagtail_route_for_request``, ``page._cached_parent_obj``) and finds pages by their
url_path instead of Page.route's walk; sitewide/caching/restrictions.py answers a page's view
restrictions from what routing.py worked out. None of that is Wagtail's public API, so Wagtail
is pinned to its minor version (pyproject.toml), and each test here fails, naming the internal
and the file that relies on it, when an upgrade changes what the internal holds or who reads
it: otherwise the route cache could serve the wrong page, or a private one, with every other
test green. Real requests through Wagtail's serve view where behaviour can be observed;
``inspect.signature`` for what is called or mirrored; nothing reads Wagtail's source.
"""

import inspect

import pytest
import wagtail
from django.core.cache import caches
from django.http import HttpRequest
from django.test import RequestFactory
from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from sitewide.caching.fragments import FRAGMENT_ALIAS
from sitewide.caching.restrictions import KnownRestrictionsMixin
from sitewide.caching.routing import route_by_url_path
from sitewide.models import SiteSettings
from stories.models import StoryIndexPage, StoryPage
from tests.factories import make_story

ROUTING = "sitewide/caching/routing.py"
RESTRICTIONS = "sitewide/caching/restrictions.py"


def broken(internal, relied_on_by, what):
    return (
        f"Wagtail {wagtail.__version__}: {internal} is not what {relied_on_by} relies on: "
        f"{what}. Adapt {relied_on_by} to the new Wagtail (or stop relying on the internal) "
        "before moving the pin in pyproject.toml."
    )


@pytest.fixture
def story(story_index):
    return make_story(story_index, title="Chị Hà Thị Lan nuôi ong lấy mật", slug="chi-lan")


@pytest.fixture
def route_cache(settings):
    """The route cache on (FRAGMENT_CACHE_ENABLED, as on app servers with Redis)."""
    settings.FRAGMENT_CACHE_ENABLED = True
    caches[FRAGMENT_ALIAS].clear()
    yield
    caches[FRAGMENT_ALIAS].clear()


@pytest.fixture
def no_route_cache(settings):
    """Wagtail routes every request itself."""
    settings.FRAGMENT_CACHE_ENABLED = False


# --- what we call, and what we mirror, takes the arguments we give it -----------------------

SIGNATURES = [
    (Site.find_for_request, ["request"], "Site.find_for_request", ROUTING),
    (Page.route_for_request, ["request", "path"], "Page.route_for_request", ROUTING),
    (Page.route, ["self", "request", "path_components"], "Page.route", ROUTING),
    (wagtail_views.serve, ["request", "path"], "wagtail.views.serve", ROUTING),
    (RouteResult, ["page", "args", "kwargs"], "wagtail.url_routing.RouteResult", ROUTING),
    (Page.get_view_restrictions, ["self"], "Page.get_view_restrictions", RESTRICTIONS),
    (Page.get_parent, ["self", "update"], "Page.get_parent (treebeard)", ROUTING),
    (SiteSettings.for_request, ["request"], "BaseSiteSetting.for_request", ROUTING),
    (SiteSettings.for_site, ["site"], "BaseSiteSetting.for_site", ROUTING),
    (SiteSettings.get_cache_attr_name, [], "BaseSiteSetting.get_cache_attr_name", ROUTING),
    (HttpRequest._get_raw_host, ["self"], "Django's HttpRequest._get_raw_host", ROUTING),
]


@pytest.mark.parametrize(
    "function, names, internal, relied_on_by", SIGNATURES, ids=[row[2] for row in SIGNATURES]
)
def test_the_signatures_we_call_or_mirror(function, names, internal, relied_on_by):
    found = list(inspect.signature(function).parameters)
    assert found == names, broken(internal, relied_on_by, f"parameters {found}, not {names}")


def test_a_route_result_is_a_page_with_empty_args_and_kwargs(home):
    """routing.py stores RouteResult(page) in request._wagtail_route_for_request, and Wagtail's
    serve view unpacks it as (page, args, kwargs)."""
    result = RouteResult(home)
    assert (result.page, result.args, result.kwargs) == (home, [], {}), broken(
        "RouteResult(page)", ROUTING, "page, args, kwargs are not (page, [], {})"
    )
    page, args, kwargs = result
    assert (page, args, kwargs) == (home, [], {}), broken(
        "RouteResult(page)", ROUTING, "it no longer unpacks as (page, args, kwargs)"
    )


# --- request._wagtail_site and request._wagtail_route_for_request ------------------------------


def test_wagtails_serve_view_leaves_the_site_and_route_on_the_request(
    client, no_route_cache, story, story_index
):
    """What Wagtail puts on a request it routes is what routing.py puts there instead."""
    response = client.get(story.url)
    assert response.status_code == 200
    request = response.wsgi_request
    match = request.resolver_match
    assert match.func is wagtail_views.serve, broken(
        "wagtail.views.serve", ROUTING, f"{story.url} resolves to {match.func!r}"
    )
    path = match.args[0] if match.args else match.kwargs.get("path", "")
    assert Page.route_for_request(RequestFactory().get(story.url), path).page == story, broken(
        "wagtail.views.serve", ROUTING, f"its path argument {path!r} does not route to the page"
    )

    site = request.__dict__.get("_wagtail_site", "missing")
    assert isinstance(site, Site) and site.is_default_site, broken(
        "request._wagtail_site", ROUTING, f"after a page was served it holds {site!r}"
    )

    route = request.__dict__.get("_wagtail_route_for_request", "missing")
    assert isinstance(route, RouteResult), broken(
        "request._wagtail_route_for_request", ROUTING, f"it holds {route!r}, not a RouteResult"
    )
    assert type(route.page) is StoryPage and route.page.pk == story.pk, broken(
        "request._wagtail_route_for_request", ROUTING, f"its page is {route.page!r}"
    )
    assert (route.args, route.kwargs) == ([], {}), broken(
        "request._wagtail_route_for_request", ROUTING, "a plain page has route arguments"
    )

    parent = route.page.__dict__.get("_cached_parent_obj")
    assert parent is not None and parent.pk == story_index.pk, broken(
        "page._cached_parent_obj",
        ROUTING,
        f"Page.route no longer leaves the parent on the routed page (found {parent!r})",
    )


def test_wagtail_reads_the_site_and_route_put_on_the_request(
    story, story_index, django_assert_num_queries
):
    site = Site.objects.get(is_default_site=True)
    request = RequestFactory().get(story.url)
    request._wagtail_site = site
    with django_assert_num_queries(0):
        found = Site.find_for_request(request)
    assert found is site, broken(
        "request._wagtail_site", ROUTING, "Site.find_for_request does not answer from it"
    )

    remembered = RouteResult(story_index)  # any page: Wagtail must take it as it is
    request._wagtail_route_for_request = remembered
    with django_assert_num_queries(0):
        found = Page.route_for_request(request, story.url)
        page = Page.find_for_request(request, story.url)
    assert found is remembered and page is story_index, broken(
        "request._wagtail_route_for_request",
        ROUTING,
        "Page.route_for_request does not answer from it",
    )


def test_wagtails_serve_view_serves_the_route_the_route_cache_remembers(
    client, route_cache, story, monkeypatch
):
    """The second request is routed from memory: Wagtail neither finds the site nor walks the
    tree, and serves the page routing.py handed it."""
    SiteSettings.for_site(Site.objects.get(is_default_site=True))  # made once: a sites change
    assert client.get(story.url).status_code == 200  # routed once, remembered

    walked = []

    def spy_route(self, request, path_components):
        walked.append(("Page.route", self.pk))
        return original_route(self, request, path_components)

    def spy_find(request):
        walked.append(("Site._find_for_request", None))
        return original_find(request)

    original_route, original_find = Page.route, Site._find_for_request
    monkeypatch.setattr(Page, "route", spy_route)
    monkeypatch.setattr(Site, "_find_for_request", staticmethod(spy_find))
    response = client.get(story.url)
    assert response.status_code == 200
    assert response.context["page"].pk == story.pk
    assert walked == [], broken(
        "request._wagtail_site / request._wagtail_route_for_request",
        ROUTING,
        f"Wagtail looked up again what the route cache put on the request: {walked}",
    )


# --- page._cached_parent_obj ----------------------------------------------------------------


def test_get_parent_answers_from_cached_parent_obj(story, story_index, django_assert_num_queries):
    page = StoryPage.objects.get(pk=story.pk)
    parent = StoryIndexPage.objects.get(pk=story_index.pk)
    page._cached_parent_obj = parent
    with django_assert_num_queries(0):
        found = page.get_parent()
    assert found is parent, broken(
        "page._cached_parent_obj", ROUTING, "get_parent() no longer answers from it"
    )


# --- SiteSettings on the request ------------------------------------------------------------


def test_site_settings_for_request_reads_the_request_attribute_and_leaves_request(home):
    request = RequestFactory().get("/")
    remembered = SiteSettings()
    setattr(request, SiteSettings.get_cache_attr_name(), remembered)
    assert SiteSettings.for_request(request) is remembered, broken(
        "request.<SiteSettings.get_cache_attr_name()>",
        ROUTING,
        "SiteSettings.for_request does not answer from it",
    )

    request = RequestFactory().get("/")
    found = SiteSettings.for_request(request)
    assert getattr(request, SiteSettings.get_cache_attr_name(), None) is found, broken(
        "SiteSettings.get_cache_attr_name()", ROUTING, "for_request keeps the settings elsewhere"
    )
    assert found.__dict__.get("_request") is request, broken(
        "site_settings._request", ROUTING, "for_request no longer leaves the request on them"
    )


# --- Page.route, mirrored by route_by_url_path --------------------------------------------------


def _tree(home, story_index):
    """Pages that route every way route_by_url_path must agree with or leave to Wagtail."""
    plain = make_story(story_index, title="Anh Vàng A Sểnh trồng sâm", slug="anh-senh")
    draft = make_story(story_index, title="Bản nháp", slug="ban-nhap")
    draft.unpublish()
    renamed = make_story(story_index, title="Đổi tên", slug="ten-cu")
    renamed.slug = "ten-moi"
    renamed.save_revision().publish()
    section = StoryIndexPage(title="Chuyên mục nháp", slug="chuyen-muc")
    home.add_child(instance=section)
    section.save_revision().publish()
    below_draft = make_story(section, title="Trong mục nháp", slug="trong-muc")
    moved = make_story(section, title="Chuyển mục", slug="chuyen-di")
    moved.move(story_index, pos="last-child")
    section.unpublish()
    private_section = StoryIndexPage(title="Nội bộ", slug="noi-bo")
    home.add_child(instance=private_section)
    private_section.save_revision().publish()
    below_private = make_story(private_section, title="Hồ sơ", slug="ho-so")
    secret = make_story(story_index, title="Bí mật", slug="bi-mat")
    alias = secret.create_alias(update_slug="ban-sao")
    PageViewRestriction.objects.create(page=private_section, restriction_type="login")
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    pages = [home, story_index, plain, draft, renamed, section, below_draft, moved]
    pages += [private_section, below_private, secret, alias]
    paths = [Page.objects.get(pk=page.pk).url for page in pages if page.live]
    paths += ["/cau-chuyen/ten-cu/", "/chuyen-muc/chuyen-di/", "/cau-chuyen/ban-nhap/"]
    paths += ["/chuyen-muc/trong-muc/", "/khong-co/", "/cau-chuyen/khong-co/gi/"]
    paths += ["/CAU-CHUYEN/anh-senh/", "/cau-chuyen//anh-senh/", "cau-chuyen/anh-senh"]
    return pages, paths


def test_route_by_url_path_finds_what_page_route_finds(home, story_index):
    """Wagtail's walk: a child by its slug at each level, the last page live, no matter whether
    the pages on the way are. routing.py finds the same page by url_path (and tree path and
    depth), leaves aliases and custom routes to Wagtail, and works out privacy from the tree
    paths; where it answers, it must be Wagtail's page and Wagtail's privacy."""
    pages, paths = _tree(home, story_index)
    for page in Page.objects.filter(depth__gt=2):
        parent = page.get_parent()
        assert page.url_path == f"{parent.url_path}{page.slug}/", broken(
            "Page.url_path", ROUTING, f"{page.url_path!r} is not its parent's plus its slug"
        )

    answered = 0
    for path in paths:
        request = RequestFactory().get("/")
        request._wagtail_site = Site.find_for_request(request)
        ours = route_by_url_path(request, path)
        theirs = Page.route_for_request(RequestFactory().get("/"), path)
        if ours is None:
            continue
        answered += 1
        page, public = ours
        assert theirs is not None and theirs.page.pk == page.pk, broken(
            "Page.route",
            ROUTING,
            f"{path!r} routes to {theirs and theirs.page!r}, route_by_url_path found {page!r}",
        )
        assert type(theirs.page) is type(page) and (theirs.args, theirs.kwargs) == ([], {})
        wagtail_public = not theirs.page.get_view_restrictions().exists()
        assert public == wagtail_public, broken(
            "Page.get_view_restrictions",
            ROUTING,
            f"{path!r}: Wagtail says public={wagtail_public}, route_by_url_path {public}",
        )
    assert answered >= 6  # the home page, the index, the stories: not a vacuous pass


# --- view restrictions: what restrictions.py short-cuts -------------------------------------


def test_wagtail_checks_privacy_through_get_view_restrictions(
    client, no_route_cache, story, monkeypatch
):
    """KnownRestrictionsMixin answers get_view_restrictions() for pages routing.py knows are
    public; that only saves queries while Wagtail's serve view asks that method."""
    asked = []
    original = KnownRestrictionsMixin.get_view_restrictions

    def spy(self):
        asked.append(self.pk)
        return original(self)

    monkeypatch.setattr(KnownRestrictionsMixin, "get_view_restrictions", spy)
    assert client.get(story.url).status_code == 200
    assert story.pk in asked, broken(
        "the on_serve_page view-restriction check",
        RESTRICTIONS,
        "serving a page no longer calls page.get_view_restrictions()",
    )


@pytest.mark.parametrize("which", ["page", "below", "alias"])
def test_no_private_page_is_served_from_the_route_cache(client, route_cache, story_index, which):
    """However the page is found (by url_path, from memory), privacy is Wagtail's."""
    secret = make_story(story_index, title="Hồ sơ hộ nghèo nội bộ", slug="ho-so")
    shown = {"page": secret, "below": secret, "alias": secret.create_alias(update_slug="sao")}
    restricted = story_index if which == "below" else secret
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    url = Page.objects.get(pk=shown[which].pk).url
    for attempt in ("routed", "from memory"):
        status = client.get(url).status_code
        assert status == 302, broken(
            "Page.get_view_restrictions / the on_serve_page hook",
            f"{ROUTING} and {RESTRICTIONS}",
            f"a private {which} answered {status} ({attempt}), not the login redirect",
        )
