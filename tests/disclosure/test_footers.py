"""Check my gift names the gift's entry and the checkpoint that includes it; the statement CSV
and the printed confirmation carry the latest checkpoint."""

from django.urls import reverse

from disclosure.models import PublishedLine
from donations.public.exports import csv_lines
from donations.public.statement import StatementFilters
from donations.reports.confirmation import TEMPLATE, confirmation_context
from public_record.services import sign_checkpoint


def check(client, receipt):
    return client.post(
        reverse("donations_check_gift"),
        {"reference": receipt.number, "amount": str(receipt.amount)},
    ).content.decode()


def test_check_my_gift_says_where_the_gift_sits_and_that_it_is_signed(world, client):
    index = PublishedLine.objects.get(kind="receipt", record_id=world.named.pk).entry_id
    before = check(client, world.named)
    assert f"start={index}&amp;end={index + 1}" in before
    assert "/minh-bach/proof/inclusion" not in before  # no checkpoint yet
    checkpoint = sign_checkpoint()
    after = check(client, world.named)
    assert f"/minh-bach/proof/inclusion?index={index}&amp;size={checkpoint.size}" in after


def test_the_statement_csv_ends_with_the_checkpoint(world):
    checkpoint = sign_checkpoint()
    text = "".join(csv_lines(world.campaign, StatementFilters()))
    last = [line for line in text.strip().splitlines()][-5:]
    assert checkpoint.note.strip().splitlines()[-1] in last[-1]
    assert str(checkpoint.size) in last[1]


def test_the_printed_confirmation_carries_the_checkpoint(world, rf):
    from django.template.loader import render_to_string

    checkpoint = sign_checkpoint()
    html = render_to_string(TEMPLATE, {**confirmation_context(world.named), "as_pdf": True})
    assert checkpoint.note.strip().splitlines()[-1] in html
