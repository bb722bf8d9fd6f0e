from .areas import Area
from .mixins import PlacedByParentMixin, TeaserMixin
from .site_settings import SiteSettings

__all__ = ["Area", "PlacedByParentMixin", "SiteSettings", "TeaserMixin"]
