"""Demo pieces that every app's demo loader shares: areas, images drawn with Pillow, the
default site's menu. Nothing here names an app above sitewide: the whole demo is put together
by `manage.py load_demo_content` (home/demo.py).

Every step creates what is missing and leaves what exists, so running it twice changes nothing.
"""
