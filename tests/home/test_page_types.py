"""Where each page type may be created. The home page chooses the sections under it (their
apps sit below `home` and do not name it), and the tree's root takes nothing but the home page,
so an editor cannot start a second story or campaign section anywhere else."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from campaigns.models import CampaignIndexPage, CampaignPage
from home.models import HomePage
from stories.models import StoryIndexPage, StoryPage

PAGE_TYPES = [Page, HomePage, StoryIndexPage, StoryPage, CampaignIndexPage, CampaignPage]


class PageTreeRulesTests(WagtailPageTestCase):
    def test_a_story_index_is_created_under_the_home_page_only(self):
        self.assertCanCreateAt(HomePage, StoryIndexPage)
        self.assertAllowedParentPageTypes(StoryIndexPage, {HomePage})
        for parent in PAGE_TYPES:
            if parent is not HomePage:
                self.assertCanNotCreateAt(parent, StoryIndexPage)

    def test_a_campaign_index_is_created_under_the_home_page_only(self):
        self.assertCanCreateAt(HomePage, CampaignIndexPage)
        self.assertAllowedParentPageTypes(CampaignIndexPage, {HomePage})
        for parent in PAGE_TYPES:
            if parent is not HomePage:
                self.assertCanNotCreateAt(parent, CampaignIndexPage)

    def test_every_page_type_has_its_place(self):
        self.assertAllowedSubpageTypes(HomePage, {StoryIndexPage, CampaignIndexPage})
        self.assertAllowedSubpageTypes(StoryIndexPage, {StoryPage})
        self.assertAllowedSubpageTypes(CampaignIndexPage, {CampaignPage})
        self.assertAllowedSubpageTypes(StoryPage, set())
        self.assertAllowedSubpageTypes(CampaignPage, set())
        self.assertEqual(set(Page.creatable_subpage_models()), {HomePage})


class PageTreeOnARealTreeTests(WagtailPageTestCase):
    """The same rules as the admin applies them to pages: creating and moving."""

    @classmethod
    def setUpTestData(cls):
        cls.root = Page.get_first_root_node()
        cls.home = cls.root.add_child(
            instance=HomePage(title="Trang chủ", hero_heading="Chung tay")
        )

    def test_an_index_is_offered_under_the_home_page_and_not_at_the_root(self):
        for index_type in [StoryIndexPage, CampaignIndexPage]:
            self.assertTrue(index_type.can_create_at(self.home), index_type)
            self.assertFalse(index_type.can_create_at(self.root), index_type)

    def test_an_index_cannot_be_moved_to_the_root(self):
        index = self.home.add_child(instance=StoryIndexPage(title="Câu chuyện"))
        self.assertFalse(index.can_move_to(self.root))
        self.assertFalse(StoryIndexPage.can_create_at(self.home))  # one section of each kind
