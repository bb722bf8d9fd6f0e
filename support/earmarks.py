"""The stage of a house paid by a voucher, for the ledger's "what your money built"
(donations.earmarks): registered from SupportConfig.ready(), since the ledger cannot import
support. Only houses have stages; other support answers nothing and shows none."""

from support.models import AUTHORITY_PREFIX, House


def house_stages(keys):
    """{authority key: (stage label, date of that stage)} for the keys that are house lines."""
    line_ids = {}
    for key in keys:
        prefix, _sep, number = key.partition(":")
        if prefix == AUTHORITY_PREFIX and number.isdigit():
            line_ids[int(number)] = key
    found = {}
    for house in House.objects.filter(line_id__in=line_ids):
        found[line_ids[house.line_id]] = (house.get_stage_display(), house.stage_date(house.stage))
    return found


def register():
    from donations.earmarks import register_stage_lookup

    register_stage_lookup(house_stages)
