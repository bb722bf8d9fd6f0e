from .areas import Area
from .mixins import FoldedPageMixin, PlacedByParentMixin, TeaserMixin
from .site_settings import SiteSettings

__all__ = ["Area", "FoldedPageMixin", "PlacedByParentMixin", "SiteSettings", "TeaserMixin"]
