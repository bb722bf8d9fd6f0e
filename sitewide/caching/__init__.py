"""Production speed: the anonymous page cache, its invalidation, and renditions made ahead.

- pages.py: cache keys, the site-wide generation, the money version, what may be stored.
- middleware.py: PageCacheMiddleware serves and stores whole pages for anonymous readers.
- invalidation.py: Wagtail and model signals that bump the generation / money version, and the
  CDN purge of a published page's listings (wagtail.contrib.frontend_cache, when configured).
- renditions.py: the image renditions the templates use, generated ahead (command + task).

deploy/README.md explains the design for operators.
"""
