"""The base of a management command whose help is translated.

argparse formats plain strings only: a lazy `help` made `manage.py <command> --help` crash
with a TypeError. The parser is built in Vietnamese, so the command's help and the arguments'
(given with `gettext` in `add_arguments`) read as its output does.
"""

from django.core.management.base import BaseCommand
from django.utils import translation


class VietnameseCommand(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        with translation.override("vi"):
            self.help = str(self.help)
            return super().create_parser(prog_name, subcommand, **kwargs)
