# SPDX-License-Identifier: Apache-2.0
"""The reference the server is measured against: the same board-view endpoint written the way a
Python service usually is (FastAPI + uvicorn + sqlite3, JWT checked with PyJWT), reading the
same SQLite file.

    DAGBOARD_DB=/path/board.db JWT_SECRET_FILE=secret python3 fastapi_reference.py PORT [WORKERS]
"""

import json
import os
import sqlite3
import sys
import threading

import jwt
import uvicorn
from fastapi import FastAPI, Header, HTTPException

import dagboard

DB_PATH = os.environ["DAGBOARD_DB"]
SECRET = open(os.environ["JWT_SECRET_FILE"]).read().strip()
DEFAULT_WORKFLOW = dagboard.default_workflow()
CARD_COLUMNS = "id, key, title, phase_id, status, priority, approval_status, is_blocked, context"

app = FastAPI()
local = threading.local()


def connection():
    if not hasattr(local, "db"):
        local.db = sqlite3.connect(DB_PATH, check_same_thread=False)
    return local.db


def check_token(authorization):
    if not authorization or not authorization.startswith("Bearer "):
        raise HTTPException(status_code=401, detail="missing token")
    try:
        jwt.decode(authorization[7:], SECRET, algorithms=["HS256"], options={"require": ["exp"]})
    except jwt.PyJWTError as e:
        raise HTTPException(status_code=401, detail=str(e))


@app.get("/api/v1/health")
def health():
    return {"status": "ok", "backend": "sqlite"}


@app.get("/api/v1/board/view")
def board_view(project_id: str, authorization: str = Header(None)):
    check_token(authorization)
    db = connection()
    row = db.execute("SELECT id FROM projects WHERE id = ? OR key = ?", (project_id, project_id)).fetchone()
    if row is None:
        raise HTTPException(status_code=404, detail="project not found")
    pid = row[0]
    custom = db.execute("SELECT definition FROM project_workflows WHERE project_id = ?", (pid,)).fetchone()
    workflow = json.loads(custom[0]) if custom else DEFAULT_WORKFLOW
    by_phase = {}
    for r in db.execute(f"SELECT {CARD_COLUMNS} FROM tickets WHERE project_id = ? ORDER BY created_at, id", (pid,)):
        card = {"id": r[0], "key": r[1], "title": r[2], "phase_id": r[3], "status": r[4], "priority": r[5],
                "approval_status": r[6], "is_blocked": bool(r[7]), "context": json.loads(r[8] or "{}")}
        by_phase.setdefault(r[3], []).append(card)
    columns = []
    for column in workflow["columns"]:
        tickets = [t for phase in column["phase_mapping"] for t in by_phase.get(phase, [])]
        limit = column.get("wip_limit")
        columns.append({**column, "tickets": tickets, "current_count": len(tickets),
                        "wip_exceeded": limit is not None and len(tickets) > limit})
    return {"project_id": pid, "columns": columns}


if __name__ == "__main__":
    port = int(sys.argv[1])
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    uvicorn.run("fastapi_reference:app", host="127.0.0.1", port=port, workers=workers, log_level="warning",
                app_dir=os.path.dirname(os.path.abspath(__file__)))
