# SPDX-License-Identifier: Apache-2.0
"""A small HTTP client of dagboard-server with nothing but the standard library: plans two
tasks, works them as an agent, and follows the event log.

    build/server/dagboard-server --dev-no-auth &          # or with --jwt-secret-file
    python3 examples/http_client.py http://127.0.0.1:8080 [TOKEN]

TOKEN (or $DAGBOARD_TOKEN) is sent as a bearer token; `dagboard-server --issue-token NAME`
prints one."""

import json
import os
import sys
import urllib.error
import urllib.request
from typing import Any


class Client:
    def __init__(self, base: str, token: str | None = None) -> None:
        self.base = base.rstrip("/") + "/api/v1"
        self.token = token

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """The JSON answer; a coded error raises RuntimeError with its code."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
                return json.loads(raw) if raw else None
        except urllib.error.HTTPError as e:
            error = json.loads(e.read())["error"]
            raise RuntimeError(f"{error['code']}: {error['message']}") from None


def main(base: str, token: str | None) -> None:
    api = Client(base, token)
    project = api.call("POST", "/projects", {"name": "Billing", "key": "BIL"})
    ticket = api.call("POST", "/tickets", {"project_id": project["id"], "title": "Invoices"})
    schema = api.call("POST", f"/tickets/{ticket['id']}/tasks", {"title": "Schema"})
    api.call("POST", f"/tickets/{ticket['id']}/tasks",
             {"title": "PDF export", "depends_on": [schema["id"]]})
    agent = api.call("POST", "/agents/register",
                     {"project_id": project["id"], "agent_name": "http-agent"})
    print(f"{ticket['key']}: {ticket['title']}")
    ready = api.call("GET", f"/graph/project/{project['id']}/ready")
    print("ready:", [t["title"] for t in ready["tasks"]])
    while (task := api.call("POST", "/scheduler/claim",
                            {"agent_id": agent["id"], "project_id": project["id"]})["task"]):
        api.call("POST", f"/tasks/{task['id']}/start", {"agent_id": agent["id"]})
        api.call("POST", f"/tasks/{task['id']}/complete",
                 {"agent_id": agent["id"], "result": {"ok": True}})
        print("completed:", task["title"])
    try:
        api.call("POST", "/tasks", {"title": "no ticket"})
    except RuntimeError as e:
        print("refused:", str(e).split(":")[0])
    events = api.call("GET", f"/events?since=0&project_id={project['id']}"
                             "&event_types=TASK_COMPLETED")
    print("TASK_COMPLETED events:", len(events["events"]))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else os.environ.get("DAGBOARD_TOKEN"))
