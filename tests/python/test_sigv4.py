# SPDX-License-Identifier: Apache-2.0
"""Our SigV4 signer against botocore's (Debian python3-botocore) on generated requests and
pre-signed URLs: the same canonical request, string to sign and signature, every time.
(The loopback S3 server used elsewhere does not check signatures, so this is where they are.)"""

import datetime
import hashlib
import random
from unittest import mock
from urllib.parse import parse_qsl, quote, urlsplit

import botocore.auth
from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

import dagboard

KEY_CHARS = "abcXYZ019-_.~ +=&%/!$'()*,;:@é中😀"
REGIONS = ["us-east-1", "eu-west-3", "ap-southeast-2"]


class fixed_time:
    """botocore stamps requests with datetime.datetime.utcnow(); pin it."""

    def __init__(self, when):
        class Fixed(datetime.datetime):
            @classmethod
            def utcnow(cls):
                return when

        self.patch = mock.patch.object(botocore.auth.datetime, "datetime", Fixed)

    def __enter__(self):
        self.patch.start()

    def __exit__(self, *exc):
        self.patch.stop()


def random_case(rng):
    key = "".join(rng.choice(KEY_CHARS) for _ in range(rng.randint(1, 24))).strip("/") or "k"
    query = []
    # distinct names: botocore's pre-signer keeps one value per name
    for name in rng.sample(["prefix", "partNumber", "uploadId", "list-type", "delimiter", "x-id", "max-keys"], rng.randint(0, 3)):
        value = "".join(rng.choice(KEY_CHARS) for _ in range(rng.randint(0, 8)))
        query.append((name, value))
    headers = []
    if rng.random() < 0.5:
        headers.append(("Content-Type", rng.choice(["text/markdown", "application/json; charset=utf-8"])))
    if rng.random() < 0.5:
        headers.append(("x-amz-meta-sha256", "  ab  cd  "))
    return {
        "method": rng.choice(["GET", "PUT", "HEAD", "DELETE"]),
        "host": rng.choice(["127.0.0.1:4568", "docs.s3.eu-west-3.amazonaws.com", "localhost:9000"]),
        "path": "/bucket-1/" + key,
        "query": query,
        "headers": headers,
        "body": rng.choice([b"", b"hello", "é".encode() * 100]),
        "region": rng.choice(REGIONS),
        "token": rng.choice([None, "FwoGZXIvYXdzEDQaDG+token/with=chars"]),
        "when": datetime.datetime(2026, 11, rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)),
    }


def capture_canonical(auth):
    """The canonical request botocore builds while signing (it is not kept otherwise)."""
    captured = []
    original = auth.canonical_request

    def keep(request):
        captured.append(original(request))
        return captured[-1]

    auth.canonical_request = keep
    return captured


def botocore_request(case, query):
    url = f"http://{case['host']}{quote(case['path'], safe='/~')}"
    if query:
        url += "?" + "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in query)
    return AWSRequest(method=case["method"], url=url, headers=dict(case["headers"]), data=case["body"])


def test_header_signatures_match_botocore():
    rng = random.Random(20261126)
    for _ in range(300):
        case = random_case(rng)
        creds = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", case["token"])
        request = botocore_request(case, case["query"])
        auth = S3SigV4Auth(creds, "s3", case["region"])
        expected_canonical = capture_canonical(auth)
        with fixed_time(case["when"]):
            auth.add_auth(request)
        ours = dagboard.sigv4_sign(case["method"], case["host"], case["path"], case["query"], case["headers"],
                                   hashlib.sha256(case["body"]).hexdigest(), "AKIDEXAMPLE",
                                   "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", case["region"],
                                   case["when"].strftime("%Y-%m-%dT%H:%M:%SZ"), session_token=case["token"])
        assert ours["canonical_request"] == expected_canonical[0], case
        assert ours["authorization"] == request.headers["Authorization"], case


def test_presigned_urls_match_botocore():
    rng = random.Random(7)
    for _ in range(300):
        case = random_case(rng)
        case["method"] = rng.choice(["GET", "PUT"])
        expires = rng.choice([1, 60, 3600, 604800])
        creds = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", case["token"])
        request = botocore_request(case, case["query"])
        request.headers = {}
        request.data = b""
        auth = S3SigV4QueryAuth(creds, "s3", case["region"], expires=expires)
        expected_canonical = capture_canonical(auth)
        with fixed_time(case["when"]):
            auth.add_auth(request)
        ours = dagboard.sigv4_presign(case["method"], case["host"], case["path"], case["query"], "AKIDEXAMPLE",
                                      "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", case["region"],
                                      case["when"].strftime("%Y-%m-%dT%H:%M:%SZ"), expires=expires,
                                      session_token=case["token"], scheme="http")
        assert ours["canonical_request"] == expected_canonical[0], case
        theirs, mine = urlsplit(request.url), urlsplit(ours["url"])
        assert (mine.netloc, mine.path) == (theirs.netloc, theirs.path), case
        assert sorted(parse_qsl(mine.query, keep_blank_values=True)) == \
            sorted(parse_qsl(theirs.query, keep_blank_values=True)), case


def test_presign_expiry_bounds():
    for bad in [0, 604801]:
        try:
            dagboard.sigv4_presign("GET", "h", "/b/k", [], "a", "s", "us-east-1", "2026-11-26T00:00:00Z", expires=bad)
        except dagboard.ValidationError as e:
            assert e.field == "expires"
        else:
            raise AssertionError("accepted expires=%d" % bad)


def test_aws_published_example():
    # AWS's documented GET Object example (S3 API reference, "Signature Calculations for the
    # Authorization Header: Transferring Payload in a Single Chunk").
    ours = dagboard.sigv4_sign("GET", "examplebucket.s3.amazonaws.com", "/test.txt", [], [("Range", "bytes=0-9")],
                               "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                               "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1",
                               "2013-05-24T00:00:00Z")
    assert ours["signature"] == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
