"""Production speed: the anonymous page cache, its invalidation, and renditions made ahead.

- pages.py: cache keys, the site-wide generation, the money version, what may be stored.
- middleware.py: PageCacheMiddleware serves and stores whole pages for anonymous readers.
- counters.py, local_copies.py: what each app process keeps so that a hit costs no round
  trip (the counters, watched with Redis's client tracking, and copies of pages).
- redis.py: Django's RedisCache with its client kept, and the counters' watch.
- fragments.py, routing.py, restrictions.py: parts of pages, Wagtail's routing and the view
  restrictions kept in each process under the generation, for pages that are rendered.
- invalidation.py: Wagtail and model signals that bump the generation / money version, and the
  CDN purge of a published page's listings (wagtail.contrib.frontend_cache, when configured).
- renditions.py: the image renditions the templates use, generated ahead (command + task).

deploy/README.md explains the design for operators.
"""
