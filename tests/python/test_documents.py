# SPDX-License-Identifier: Apache-2.0
"""The content store from Python, on both backends, with the loopback S3 server of make test."""

import hashlib
import os
import urllib.request

import pytest

import dagboard

S3_URL = os.environ.get("DAGBOARD_TEST_S3_URL", "")


def test_database_content(ws):
    stored = ws.document_store.store("# Design\n\nRefunds go through the ledger.\n")
    assert stored["storage_location"] == "database" and stored["deduplicated"] is False
    assert stored["content_hash"] == hashlib.sha256(b"# Design\n\nRefunds go through the ledger.\n").hexdigest()
    assert ws.document_store.store("# Design\n\nRefunds go through the ledger.\n")["deduplicated"] is True
    assert ws.document_store.retrieve(stored["content_hash"]).startswith("# Design")
    assert ws.document_store.describe("0" * 64) is None
    with pytest.raises(dagboard.NotFoundError):
        ws.document_store.retrieve("0" * 64)
    with pytest.raises(dagboard.ValidationError):
        ws.document_store.presigned_url(stored["content_hash"])


def test_s3_content(db_url):
    if not S3_URL:
        if os.environ.get("DAGBOARD_REQUIRE_S3") == "1":
            pytest.fail("DAGBOARD_REQUIRE_S3=1 but DAGBOARD_TEST_S3_URL is not set")
        pytest.skip("DAGBOARD_TEST_S3_URL is not set")
    ws = dagboard.open(db_url, documents={"max_database_bytes": 1000, "s3": {
        "endpoint": S3_URL, "bucket": "dagboard-test", "access_key_id": "S3RVER", "secret_access_key": "S3RVER"}})
    text = "é" * 2000 + db_url
    stored = ws.document_store.store(text)
    assert stored["storage_location"] == "s3" and stored["s3_key"].endswith(stored["content_hash"])
    assert ws.document_store.retrieve(stored["content_hash"]) == text
    url = ws.document_store.presigned_url(stored["content_hash"], expires=120)
    with urllib.request.urlopen(url, timeout=10) as answer:
        assert answer.read().decode() == text
    with pytest.raises(dagboard.ValidationError):
        ws.document_store.presigned_url(stored["content_hash"], expires=0)
