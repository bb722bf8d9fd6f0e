from .areas import Area
from .home import HomePage
from .mixins import TeaserMixin
from .site_settings import SiteSettings

__all__ = ["Area", "HomePage", "SiteSettings", "TeaserMixin"]
