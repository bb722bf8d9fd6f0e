"""Texts of the demo stories, one module per story type; stories/demo.py turns them into pages.

Names, figures and quotes are made up for the demo; places are real communes of Quảng Trị.
Each story: title, type, day (ISO), place (a commune name valid on that day), tags, scene (the
kind of picture drawn for it), intro, text (paragraphs), and optionally figures
(label, before, after, unit), quote (words, who, role or place) and gallery (captions).
"""

from stories.demo_data.households import HOUSEHOLDS
from stories.demo_data.news import NEWS
from stories.demo_data.people import PEOPLE
from stories.demo_data.practices import PRACTICES

STORIES = [*HOUSEHOLDS, *PRACTICES, *PEOPLE, *NEWS]
