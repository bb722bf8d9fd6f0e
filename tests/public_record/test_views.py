"""The public endpoints: formats, bad parameters (400, in Vietnamese), nothing private."""

import base64
import json

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from public_record.models import Checkpoint, Entry
from public_record.services import keys
from tests.public_record.conftest import ORIGIN, append, load_verifier, sign

pytestmark = pytest.mark.django_db
VERIFIER = load_verifier()


def test_the_key_and_the_checkpoints_are_plain_text(client):
    append(3)
    checkpoint = sign()
    response = client.get("/minh-bach/key")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    key = VERIFIER.VerifierKey(response.content.decode())
    assert key.name == ORIGIN
    latest = client.get("/minh-bach/checkpoint")
    assert latest["Content-Type"] == "text/plain; charset=utf-8"
    assert latest.content.decode() == checkpoint.note
    assert VERIFIER.parse_checkpoint(key.open(checkpoint.note))[1] == 3
    past = client.get("/minh-bach/checkpoint/3")
    assert past.content.decode() == checkpoint.note and "max-age" in past["Cache-Control"]
    assert client.get("/minh-bach/checkpoint/2").status_code == 404
    assert client.get(f"/minh-bach/checkpoint/{10**30}").status_code == 404
    listed = client.get("/minh-bach/checkpoints").json()
    assert listed["origin"] == ORIGIN
    assert [item["size"] for item in listed["checkpoints"]] == [3]
    assert listed["checkpoints"][0]["url"] == "/minh-bach/checkpoint/3"


def test_before_any_checkpoint_the_latest_is_not_found_in_vietnamese(client):
    response = client.get("/minh-bach/checkpoint")
    assert response.status_code == 404
    assert "Chưa có checkpoint nào" in response.content.decode()


def test_entries_are_json_lines_with_the_salts_still_held(client):
    from django.db import transaction

    from public_record.canonical import commit_name
    from public_record.services import append_entry, forget_salt

    digest, salt = commit_name("Lê Văn Cường")
    with transaction.atomic():
        entry = append_entry(
            kind="receipt", body={"donor": digest, "amount": 1}, salts={"donor": salt}
        )
    append(2, start=1)
    response = client.get("/minh-bach/entries?start=0&end=10")
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    lines = [json.loads(line) for line in response.content.decode().splitlines()]
    assert [line["index"] for line in lines] == [0, 1, 2]
    assert lines[0] == {"entry": entry.data, "index": 0, "salts": {"donor": salt}}
    assert "Lê Văn Cường" not in response.content.decode()
    forget_salt(entry, "donor")
    again = json.loads(client.get("/minh-bach/entries?start=0&end=1").content)
    assert again == {"entry": entry.data, "index": 0, "salts": {}}


def test_proofs_are_json_with_base64_hashes(client):
    append(7)
    root = bytes(sign().root_hash)
    proof = client.get("/minh-bach/proof/inclusion?index=3&size=7").json()
    assert base64.b64decode(proof["root_hash"]) == root
    path = [base64.b64decode(value) for value in proof["audit_path"]]
    leaf = base64.b64decode(proof["leaf_hash"])
    assert VERIFIER.verify_inclusion(3, 7, leaf, path, root)
    consistency = client.get("/minh-bach/proof/consistency?from=3&to=7").json()
    assert consistency["from"] == 3 and consistency["to"] == 7
    path = [base64.b64decode(value) for value in consistency["proof"]]
    old_root = base64.b64decode(consistency["from_root"])
    assert VERIFIER.verify_consistency(3, 7, old_root, root, path)


@pytest.mark.parametrize(
    "url, words",
    [
        ("/minh-bach/entries", "start phải là số nguyên"),
        ("/minh-bach/entries?start=-1&end=3", "start phải là số nguyên"),
        ("/minh-bach/entries?start=abc&end=3", "start phải là số nguyên"),
        ("/minh-bach/entries?start=5&end=5", "end phải lớn hơn start"),
        ("/minh-bach/entries?start=0&end=1001", "Mỗi lần hỏi tối đa 1000 mục"),
        ("/minh-bach/proof/inclusion?index=4&size=4", "index phải"),
        ("/minh-bach/proof/inclusion?index=0&size=9", "chỉ có 4 mục"),
        ("/minh-bach/proof/inclusion?index=٣&size=4", "index phải là số nguyên"),
        ("/minh-bach/proof/consistency?from=3&to=2", "from phải"),
        ("/minh-bach/proof/consistency?from=1&to=99999999999999999999", "to phải là số nguyên"),
    ],
)
def test_bad_parameters_get_400_and_a_vietnamese_message(client, url, words):
    append(4)
    response = client.get(url)
    assert response.status_code == 400
    assert words in response.json()["error"]


def test_the_page_explains_and_links_everything(client):
    append(2)
    sign()
    response = client.get("/minh-bach/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sổ công khai" in page
    assert keys.verifier_key() in page
    for path in ("/minh-bach/checkpoint", "/minh-bach/checkpoints", "/minh-bach/key",
                 "/minh-bach/verify_public_record.py"):  # fmt: skip
        assert f'href="{path}"' in page
    script = client.get("/minh-bach/verify_public_record.py")
    assert b"def verify_consistency" in script.content


def test_no_endpoint_writes_anything(client):
    append(2)
    for url in ("/minh-bach/", "/minh-bach/checkpoint", "/minh-bach/key", "/minh-bach/checkpoints"):
        client.get(url)
    assert not Checkpoint.objects.exists()
    assert client.post("/minh-bach/checkpoint").status_code == 405


TRICKY = ["²", "١٢", "-1", "0", "3", "9" * 30, "1e9", "NaN", "∞", " 1", "01", ""]
fuzz_value = st.one_of(
    st.sampled_from(TRICKY),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")),
)


@given(
    path=st.sampled_from(["entries", "proof/inclusion", "proof/consistency"]),
    params=st.dictionaries(
        st.sampled_from(["start", "end", "index", "size", "from", "to"]), fuzz_value
    ),
)
@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_parameters_get_an_answer_never_a_500(client, path, params):
    if not Entry.objects.exists():
        append(4)
    response = client.get(f"/minh-bach/{path}", params)
    assert response.status_code in (200, 400)
