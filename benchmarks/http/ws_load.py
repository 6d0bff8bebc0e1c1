# SPDX-License-Identifier: Apache-2.0
"""WebSocket load: many connected clients, a steady stream of events, every delivery timed and
counted. Stops by itself.

    python3 ws_load.py --port PORT --token TOKEN [--clients 1000] [--rate 1000] [--seconds 30]

Setup: --projects projects with one ticket each; client i follows project i mod --projects
(`project_id=...&event_types=TASK_CREATED`). A writer process creates tasks over HTTP in
batches of 10, round-robin over the projects, at --rate events/s. Latency is the time from the
event's created_at (stamped by the server in the writing transaction) to its arrival at the client.
"""

import argparse
import asyncio
import json
import multiprocessing
import resource
import statistics
import time
from datetime import datetime

import requests
import websockets


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def writer(port, token, tickets, rate, seconds, batch, counts):
    """Runs in its own process: `rate` TASK_CREATED events per second for `seconds`."""
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token}"
    interval = batch / rate
    start = time.monotonic()
    n = 0
    while time.monotonic() - start < seconds:
        slot = start + n * interval
        delay = slot - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        project = n % len(tickets)
        body = {"tasks": [{"ticket_id": tickets[project], "title": f"load {n}-{i}"} for i in range(batch)]}
        r = http.post(f"http://127.0.0.1:{port}/api/v1/tasks/batch", json=body, timeout=30)
        r.raise_for_status()
        counts[project] += batch
        n += 1
    counts.append(time.monotonic() - start)  # the last item: how long the writing took


async def client(url, sink, stop):
    async with websockets.connect(url, open_timeout=60, close_timeout=5, max_queue=None) as ws:
        sink["connected"] += 1
        closer = asyncio.create_task(close_when(stop, ws))
        try:
            async for frame in ws:
                arrived = time.time()
                # Two fields are all we need: cheaper than json.loads on every frame.
                at = frame.find('"created_at":"')
                if at < 0:
                    continue
                sink["latencies"].append(arrived - parse_time(frame[at + 14:at + 41]))
                id_at = frame.find('"id":')
                sink["ids"].append(int(frame[id_at + 5:frame.find(",", id_at)]))
        except websockets.ConnectionClosed:
            pass
        closer.cancel()


async def close_when(stop, ws):
    await stop.wait()
    await ws.close()


async def run(args):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {args.token}"
    base = f"http://127.0.0.1:{args.port}/api/v1"
    tag = f"W{int(time.time()) % 100000}"
    projects, tickets = [], []
    for p in range(args.projects):
        project = http.post(f"{base}/projects", json={"name": f"load {p}", "key": f"{tag}X{p}"}, timeout=30).json()
        projects.append(project["id"])
        tickets.append(http.post(f"{base}/tickets", json={"project_id": project["id"], "title": "load"}, timeout=30).json()["id"])

    stop = asyncio.Event()
    sinks = [{"connected": 0, "latencies": [], "ids": []} for _ in range(args.clients)]
    tasks = []
    for i in range(args.clients):
        url = (f"ws://127.0.0.1:{args.port}/api/v1/ws/events?token={args.token}"
               f"&project_id={projects[i % args.projects]}&event_types=TASK_CREATED")
        tasks.append(asyncio.create_task(client(url, sinks[i], stop)))
        if i % 50 == 49:
            await asyncio.sleep(0.05)  # do not flood the accept queue
    deadline = time.monotonic() + 60
    while sum(s["connected"] for s in sinks) < args.clients and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    connected = sum(s["connected"] for s in sinks)

    manager = multiprocessing.Manager()
    counts = manager.list([0] * args.projects)
    proc = multiprocessing.Process(target=writer, args=(args.port, args.token, tickets, args.rate, args.seconds, args.batch, counts))
    proc.start()
    while proc.is_alive():
        await asyncio.sleep(0.2)
    proc.join(10)
    written = list(counts)
    write_seconds = written.pop()
    # Let the last deliveries arrive (bounded), then stop the clients.
    expected = [written[i % args.projects] for i in range(args.clients)]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(len(s["ids"]) < e for s, e in zip(sinks, expected)):
        await asyncio.sleep(0.1)
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)

    latencies = sorted(l for s in sinks for l in s["latencies"])
    received = sum(len(s["ids"]) for s in sinks)
    lost = sum(max(0, e - len(s["ids"])) for s, e in zip(sinks, expected))
    duplicates = sum(len(s["ids"]) - len(set(s["ids"])) for s in sinks)
    out_of_order = sum(s["ids"] != sorted(s["ids"]) for s in sinks)
    q = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")
    print(f"clients connected {connected}/{args.clients}; events written {sum(written)} in {write_seconds:.1f} s "
          f"({sum(written) / write_seconds:.0f}/s); deliveries expected {sum(expected)}, received {received}, "
          f"lost {lost}, duplicated {duplicates}, clients out of order {out_of_order}")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"client process CPU {usage.ru_utime + usage.ru_stime:.1f} s")
    print(f"delivery latency ms: p50 {q(0.50):.1f}  p90 {q(0.90):.1f}  p99 {q(0.99):.1f}  max {q(1.0) if latencies else 0:.1f}"
          f"  mean {statistics.fmean(latencies) * 1000 if latencies else 0:.1f}")
    return 0 if connected == args.clients and lost == 0 and duplicates == 0 and out_of_order == 0 else 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--projects", type=int, default=100)
    parser.add_argument("--rate", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--batch", type=int, default=10, help="tasks per POST /tasks/batch")
    raise SystemExit(asyncio.run(run(parser.parse_args())))


if __name__ == "__main__":
    main()
