# SPDX-License-Identifier: Apache-2.0
"""Tokens, limits, timeouts, malformed requests, static files and the command line."""

import base64
import json
import os
import socket
import subprocess
import time

import jwt
import requests

from conftest import SERVER_BIN, error_of


def raw_request(port, data, timeout=10):
    """Sends raw bytes, returns everything the server answers until it closes (bounded)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = s.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not chunk:
                break
            chunks.append(chunk)
            if b"\r\n\r\n" in b"".join(chunks) and b"Connection: close" not in b"".join(chunks):
                head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
                length = [int(l.split(b":")[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")]
                if length and len(body) >= length[0]:
                    break
        return b"".join(chunks)


def b64(data):
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def call_with(server, token):
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    return requests.get(server.url("/projects"), headers=headers, timeout=10)


def test_tokens(server):
    now = int(time.time())
    assert call_with(server, server.token).status_code == 200
    missing = call_with(server, None)
    error_of(missing, 401, "UNAUTHORIZED")
    assert missing.headers["WWW-Authenticate"] == "Bearer"
    refused = {
        "wrong secret": jwt.encode({"sub": "x", "exp": now + 60}, "another-secret-of-enough-length-1234567", algorithm="HS256"),
        "expired": server.make_token("x", lifetime=-10),
        "not yet valid": server.make_token("x", nbf=now + 600),
        "no exp": jwt.encode({"sub": "x"}, server.secret, algorithm="HS256"),
        "HS512": jwt.encode({"sub": "x", "exp": now + 60}, server.secret, algorithm="HS512"),
        "alg none": b64({"alg": "none", "typ": "JWT"}) + "." + b64({"sub": "x", "exp": now + 60}) + ".",
        "garbage": "not.a.token",
        "tampered": server.token[:-3] + ("AAA" if not server.token.endswith("AAA") else "BBB"),
    }
    for name, token in refused.items():
        details = error_of(call_with(server, token), 401, "UNAUTHORIZED")
        assert details["reason"], name
    basic = requests.get(server.url("/projects"), headers={"Authorization": "Basic dXNlcjpwYXNz"}, timeout=10)
    error_of(basic, 401, "UNAUTHORIZED")
    # Health stays open for load balancers; the actor of writes is the token's subject.
    assert requests.get(server.url("/health"), timeout=10).json()["status"] == "ok"
    server.ok("POST", "/projects", 201, json={"name": "n", "key": "ACT"},
              headers={"Authorization": f"Bearer {server.make_token('agent-7')}"})
    assert server.ok("GET", "/events", params={"since": 0})["events"][-1]["actor"] == "agent-7"


def test_body_limit_and_malformed_requests(start_server):
    server = start_server("--max-body-bytes", "2048")
    big = {"name": "x" * 5000, "key": "BIG"}
    error_of(server.post("/projects", json=big), 413, "PAYLOAD_TOO_LARGE")
    assert server.ok("GET", "/projects")["projects"] == []
    error_of(server.post("/projects", data=b"{not json", headers={"Content-Type": "application/json"}), 400, "VALIDATION_FAILED")
    error_of(server.post("/projects", data=b"[1,2]"), 400, "VALIDATION_FAILED")
    error_of(server.get("/no/such/route"), 404, "NOT_FOUND")
    wrong = server.call("PATCH", "/board/view")
    error_of(wrong, 405, "METHOD_NOT_ALLOWED")
    assert wrong.headers["Allow"] == "GET, HEAD"
    answer = raw_request(server.port, b"GARBAGE\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400") and b"VALIDATION_FAILED" in answer
    chunked = raw_request(server.port, b"POST /api/v1/projects HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                          server.token.encode() + b"\r\nTransfer-Encoding: chunked\r\n\r\n" +
                          b"".join(b"400\r\n" + b"a" * 1024 + b"\r\n" for _ in range(4)) + b"0\r\n\r\n")
    assert chunked.startswith(b"HTTP/1.1 413") and b"PAYLOAD_TOO_LARGE" in chunked
    bad_escape = raw_request(server.port, b"GET /api/v1/projects%zz HTTP/1.1\r\nHost: x\r\n\r\n")
    assert bad_escape.startswith(b"HTTP/1.1 400")


def test_header_and_idle_timeouts(start_server):
    server = start_server("--header-timeout", "1", "--idle-timeout", "1")
    started = time.monotonic()
    slow = raw_request(server.port, b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n", timeout=10)
    assert slow == b"" and time.monotonic() - started < 5  # closed by the server after ~1 s
    idle = socket.create_connection(("127.0.0.1", server.port))
    try:
        idle.settimeout(10)
        assert idle.recv(100) == b""  # closed after --idle-timeout
    finally:
        idle.close()


def test_connection_limit(start_server):
    # A long idle timeout, so that a slow, loaded machine cannot close the idle connections
    # before the third one is tried.
    server = start_server("--max-connections", "2", "--max-connections-per-client", "2",
                          "--idle-timeout", "60", "--first-byte-timeout", "60")
    idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(2)]
    try:
        # The server counts a connection once it has accepted it: ask again (bounded) until it has.
        deadline = time.monotonic() + 10
        refused = b""
        while time.monotonic() < deadline and not refused.startswith(b"HTTP/1.1 503"):
            time.sleep(0.1)
            refused = raw_request(server.port, b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert refused.startswith(b"HTTP/1.1 503") and b"UNAVAILABLE" in refused
    finally:
        for s in idle:
            s.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the slots come back once the idle ones are gone
        if requests.get(server.url("/health"), timeout=10).status_code == 200:
            break
        time.sleep(0.1)
    assert requests.get(server.url("/health"), timeout=10).status_code == 200


def test_static_files_never_leave_the_directory(start_server, tmp_path):
    root = tmp_path / "web"
    (root / "sub").mkdir(parents=True)
    (root / "index.html").write_text("<h1>dagboard</h1>")
    (root / "sub" / "app.js").write_text("console.log(1)")
    (tmp_path / "secret.txt").write_text("top secret")
    os.symlink(tmp_path / "secret.txt", root / "link.txt")
    server = start_server("--static-dir", str(root))
    index = requests.get(server.base + "/", timeout=10)
    assert index.status_code == 200 and index.text == "<h1>dagboard</h1>" and index.headers["Content-Type"].startswith("text/html")
    js = requests.get(server.base + "/sub/app.js", timeout=10)
    assert js.text == "console.log(1)" and js.headers["Content-Type"].startswith("text/javascript")
    for target in [b"/../secret.txt", b"/sub/../../secret.txt", b"/%2e%2e/secret.txt", b"/sub/%2E%2E/%2e%2e/secret.txt",
                   b"/link.txt", b"/..%2fsecret.txt", b"/sub/..\\..\\secret.txt"]:
        answer = raw_request(server.port, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 404"), (target, answer[:80])
        assert b"top secret" not in answer
    error_of(requests.get(server.base + "/missing.html", timeout=10), 404, "NOT_FOUND")


def test_app_routes_load_the_app_and_pages_carry_their_headers(start_server, tmp_path):
    root = tmp_path / "web"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text("<div id=app></div>")
    (root / "assets" / "main-ABC123.js").write_text("export {}")
    server = start_server("--static-dir", str(root))
    for path in ["/board/DEMO", "/graph/DEMO", "/tickets/DEMO-1", "/board/DEMO?priority=HIGH"]:
        page = requests.get(server.base + path, timeout=10)
        assert page.status_code == 200 and page.text == "<div id=app></div>", path
        assert page.headers["Cache-Control"] == "no-cache"
        assert "default-src 'self'" in page.headers["Content-Security-Policy"]
        assert page.headers["X-Content-Type-Options"] == "nosniff"
    asset = requests.get(server.base + "/assets/main-ABC123.js", timeout=10)
    assert asset.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Content-Security-Policy" not in asset.headers
    error_of(requests.get(server.base + "/assets/missing.js", timeout=10), 404, "NOT_FOUND")
    error_of(server.get("/no-such-route"), 404, "NOT_FOUND")  # the API never falls back
    assert requests.post(server.base + "/board/DEMO", timeout=10).status_code == 404


def run_cli(*args):
    return subprocess.run([SERVER_BIN, *args], capture_output=True, text=True, timeout=30)


def test_command_line(tmp_path):
    helped = run_cli("--help")
    assert helped.returncode == 0
    for option in ["--db", "--listen", "--jwt-secret-file", "--static-dir", "--threads", "--log-level", "--dev-no-auth",
                   "--max-body-bytes", "--max-connections", "--header-timeout", "--idle-timeout"]:
        assert option in helped.stdout
    remote = run_cli("--listen", "0.0.0.0:0", "--dev-no-auth")
    assert remote.returncode == 2 and "only allowed when listening on loopback" in remote.stderr
    assert run_cli("--listen", "127.0.0.1:0").returncode == 2  # neither a secret nor --dev-no-auth
    assert run_cli("--bogus").returncode == 2
    assert run_cli("--threads", "0", "--dev-no-auth").returncode == 2
    short = tmp_path / "short.secret"
    short.write_text("too short")
    weak = run_cli("--jwt-secret-file", str(short), "--db", f"sqlite://{tmp_path}/x.db", "--listen", "127.0.0.1:0")
    assert weak.returncode == 1 and "at least 32 bytes" in weak.stderr
    secret = tmp_path / "good.secret"
    secret.write_text("s" * 40)
    issued = run_cli("--jwt-secret-file", str(secret), "--issue-token", "ops", "--token-ttl", "120")
    claims = jwt.decode(issued.stdout.strip(), "s" * 40, algorithms=["HS256"])
    assert claims["sub"] == "ops" and 100 <= claims["exp"] - time.time() <= 121


def test_expect_100_continue(server):
    body = json.dumps({"name": "expect", "description": "x" * 2000, "key": "EXP"}).encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(b"POST /api/v1/projects HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Authorization: Bearer " + server.token.encode() + b"\r\nExpect: 100-continue\r\n"
                  b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n")
        assert s.recv(100).startswith(b"HTTP/1.1 100 Continue\r\n")
        s.sendall(body)
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 201") and b'"key":"EXP"' in answer


def test_claims_of_the_wrong_type_are_refused(server):
    now = int(time.time())
    for name, claims in {"string nbf": {"exp": now + 60, "nbf": "later"},
                         "fractional exp": {"exp": now + 60.5},
                         "string exp": {"exp": str(now + 60)}}.items():
        token = jwt.encode({"sub": "x", **claims}, server.secret, algorithm="HS256")
        details = error_of(call_with(server, token), 401, "UNAUTHORIZED")
        assert "integer" in details["reason"], (name, details)
    ok = jwt.encode({"sub": "x", "exp": now + 60, "nbf": now - 5}, server.secret, algorithm="HS256")
    assert call_with(server, ok).status_code == 200


def test_head_sends_no_body_and_huge_headers_get_431(start_server, tmp_path):
    root = tmp_path / "web"
    root.mkdir()
    (root / "index.html").write_text("<h1>dagboard</h1>")
    server = start_server("--static-dir", str(root))
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(b"HEAD /index.html HTTP/1.1\r\nHost: x\r\n\r\nGET /index.html HTTP/1.1\r\nHost: x\r\n"
                  b"Connection: close\r\n\r\n")
        answer = b""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            chunk = s.recv(65536)
            if not chunk:
                break
            answer += chunk
    head, rest = answer.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 200") and b"Content-Length: 17" in head
    assert rest.startswith(b"HTTP/1.1 200"), rest[:60]  # the HEAD sent no body: the next answer follows
    assert rest.endswith(b"<h1>dagboard</h1>")
    big = raw_request(server.port, b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n")
    assert big.startswith(b"HTTP/1.1 431"), big[:60]


def test_idle_sockets_and_one_address_cannot_lock_everyone_out(start_server):
    server = start_server("--max-connections", "40", "--max-connections-per-client", "4",
                          "--first-byte-timeout", "1")
    hog = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(6)]
    try:
        deadline = time.monotonic() + 10
        refused = b""
        while time.monotonic() < deadline and not refused.startswith(b"HTTP/1.1 503"):
            refused = raw_request(server.port, b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert refused.startswith(b"HTTP/1.1 503") and b"this address" in refused
        # another address still gets in while the first one is at its limit
        with socket.create_connection(("127.0.0.1", server.port), source_address=("127.0.0.2", 0)) as other:
            other.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            other.settimeout(10)
            assert other.recv(100).startswith(b"HTTP/1.1 200")
        # sockets that never send are closed after the first-byte timeout
        closed = 0
        for s in hog:
            s.settimeout(5)
            try:
                closed += s.recv(10) == b""
            except (socket.timeout, ConnectionResetError):
                pass
        assert closed >= 4
    finally:
        for s in hog:
            s.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and requests.get(server.url("/health"), timeout=10).status_code != 200:
        time.sleep(0.1)
    assert requests.get(server.url("/health"), timeout=10).status_code == 200


def test_a_trickling_client_is_cut_and_bodies_wait_for_a_token(start_server):
    server = start_server("--max-body-bytes", "2048")
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(b"POST /api/v1/projects HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n"
                  b"Authorization: Bearer " + server.token.encode() + b"\r\n\r\n")
        answer = s.recv(4096)
        assert answer.startswith(b"HTTP/1.1 413")
        try:
            for _ in range(20):  # a byte every 0.5 s: the linger ends within its 2 s anyway
                s.sendall(b"x")
                time.sleep(0.5)
        except (BrokenPipeError, ConnectionResetError):
            pass
    assert time.monotonic() - started < 9
    # a body without a valid token is refused from its header, before it is read
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(b"POST /api/v1/projects HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
        assert s.recv(4096).startswith(b"HTTP/1.1 401")


def test_unauthenticated_webhook_bodies_share_a_bounded_budget(start_server):
    server = start_server()
    header = (b"POST /api/v1/webhooks/github HTTP/1.1\r\nHost: x\r\nX-GitHub-Event: push\r\n"
              b"X-Hub-Signature-256: sha256=00\r\nContent-Length: 20000000\r\n\r\n")
    held, answers = [], []
    try:
        for _ in range(6):  # 6 x 20 MB announced; the budget (64 MiB) takes 3
            s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            s.sendall(header + b"{" + b" " * 100000)
            held.append(s)
        time.sleep(0.5)
        for s in held:
            s.settimeout(0.5)
            try:
                answers.append(s.recv(200))
            except socket.timeout:
                answers.append(b"")  # still reading its body: it holds part of the budget
        refused = [a for a in answers if a.startswith(b"HTTP/1.1 503")]
        assert len(refused) == 3 and all(b"UNAVAILABLE" in a for a in refused), answers
        rss_kb = int(next(line.split()[1] for line in open(f"/proc/{server.proc.pid}/status")
                          if line.startswith("VmRSS")))
        print(f"server RSS with 6 hostile 20 MB uploads under way: {rss_kb // 1024} MiB")
    finally:
        for s in held:
            s.close()
    # the budget comes back: a small signed delivery is answered (401: no project signs it)
    deadline = time.monotonic() + 10
    status = 0
    while time.monotonic() < deadline and status != 401:
        status = requests.post(server.url("/webhooks/github"), data=b"{}", timeout=10,
                               headers={"X-GitHub-Event": "ping", "X-Hub-Signature-256": "sha256=00"}).status_code
        time.sleep(0.1)
    assert status == 401


def test_dev_no_auth_takes_local_callers_only(start_server):
    server = start_server(auth=False)
    assert server.ok("POST", "/projects", 201, json={"name": "p", "key": "LOC"})["key"] == "LOC"
    rebinding = requests.get(server.url("/projects"), headers={"Host": f"evil.example:{server.port}"}, timeout=10)
    assert "not a loopback name" in error_of(rebinding, 401, "UNAUTHORIZED")["reason"]
    cross_site = requests.post(server.url("/projects"), data='{"name": "x", "key": "CSRF"}', timeout=10,
                               headers={"Content-Type": "text/plain", "Origin": "http://evil.example"})
    error_of(cross_site, 401, "UNAUTHORIZED")
    plain = requests.post(server.url("/projects"), data='{"name": "x", "key": "CSRF"}', timeout=10,
                          headers={"Content-Type": "text/plain"})
    assert error_of(plain, 400, "VALIDATION_FAILED")["field"] == "Content-Type"
    local = requests.post(server.url("/projects"), json={"name": "y", "key": "OK2"}, timeout=10,
                          headers={"Origin": f"http://localhost:{server.port}"})
    assert local.status_code == 201
    assert [p["key"] for p in server.ok("GET", "/projects")["projects"]] == ["LOC", "OK2"]


def test_out_of_file_descriptors_the_server_pauses_instead_of_spinning(database, tmp_path):
    import resource
    from conftest import Server
    limit = 64

    def few_files():
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))

    server = Server(database.url, tmp_path, "--max-connections", "1000", "--max-connections-per-client", "1000",
                    "--first-byte-timeout", "60", preexec_fn=few_files)
    held = []
    try:
        for _ in range(limit + 20):  # more than the process may open: accept fails with EMFILE
            held.append(socket.create_connection(("127.0.0.1", server.port), timeout=10))
        time.sleep(0.5)

        def cpu_seconds():
            fields = open(f"/proc/{server.proc.pid}/stat").read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        before = cpu_seconds()
        time.sleep(2.0)
        used = cpu_seconds() - before
        assert used < 0.5, f"the accept loop used {used:.2f} s of CPU in 2 s"  # it spun at 146 % before
    finally:
        for s in held:
            s.close()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            if requests.get(server.url("/health"), timeout=5).status_code == 200:
                break
        except requests.RequestException:
            pass
        time.sleep(0.2)
    assert requests.get(server.url("/health"), timeout=10).status_code == 200
    assert server.stop() == 0, server.log()
