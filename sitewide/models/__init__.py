from .areas import Area
from .mixins import TeaserMixin
from .site_settings import SiteSettings

__all__ = ["Area", "SiteSettings", "TeaserMixin"]
