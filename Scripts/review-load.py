#!/usr/bin/env python3
"""Load check of `clipcoach review serve` (not a timed test).

Against a running server: 2,000 API reads (lists, filters, clip pages, media ranges) from
several clients, then 200 annotation writes from several clients at once, all on the same
few clips so that they collide. A write names the revision it read; a 409 (someone saved
first) is expected and answered like the page does: read again, write again. Afterwards
every write that was answered 201 must be in the sidecars (read back through the API and,
with --sidecars, from the files themselves): no lost writes.

    python3 Scripts/review-load.py --url http://127.0.0.1:8080/ [--token T] [--sidecars DIR]
    bash Scripts/review-load.sh        # makes a small library, starts a server, runs this

Exit status 0 when there was no error other than 409 and no write was lost.
"""
import argparse, concurrent.futures, glob, http.client, json, os, random, statistics, sys, threading, time, urllib.parse


class Client:
    """One keep-alive HTTP connection, like one browser tab."""

    def __init__(self, base, token):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.token = token
        self.connection = None

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                payload = response.read()
                return response.status, payload
            except (ConnectionError, http.client.HTTPException):
                # A dropped keep-alive connection: reconnect once, then report.
                self.connection.close()
                self.connection = None
                if attempt == 1:
                    raise

    def json(self, method, path, body=None):
        status, payload = self.request(method, path, body)
        try:
            return status, json.loads(payload) if payload else None
        except ValueError:
            return status, None


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def reads(base, token, clips, total, clients, codes):
    """`total` GETs spread over `clients` connections; returns (latencies ms, unexpected)."""
    latencies, unexpected, lock = [], [], threading.Lock()
    per_client = [total // clients + (1 if i < total % clients else 0) for i in range(clients)]

    def run(count, seed):
        client, rng = Client(base, token), random.Random(seed)
        for _ in range(count):
            clip = rng.choice(clips)
            choice = rng.random()
            headers = {}
            if choice < 0.3:
                path = "/api/clips"
            elif choice < 0.5:
                path = "/api/clips?" + urllib.parse.urlencode({"code": rng.choice(codes)})
            elif choice < 0.8:
                path = f"/api/clips/{clip['id']}"
            elif choice < 0.9:
                path, headers = f"/api/clips/{clip['id']}/media", {"Range": f"bytes={rng.randrange(0, 4096)}-{rng.randrange(4096, 65536)}"}
            else:
                path = "/api/codebook"
            started = time.perf_counter()
            status, _ = client.request("GET", path, headers=headers)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if status not in (200, 206):
                    unexpected.append(f"GET {path}: {status}")

    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(run, count, seed) for seed, count in enumerate(per_client)]:
            future.result()
    return latencies, unexpected


def writes(base, token, clips, total, clients, codebook):
    """`total` annotations written at once by `clients`; returns the figures and the ids saved."""
    codes = [c for c in codebook["codes"] if c["level"] == "segment"]
    scales = {s["id"]: [p["id"] for p in s["points"]] for s in codebook["scales"]}
    saved, unexpected, conflicts, latencies, lock = [], [], [0], [], threading.Lock()
    per_client = [total // clients + (1 if i < total % clients else 0) for i in range(clients)]
    start = threading.Barrier(clients)

    def run(count, number):
        client, rng = Client(base, token), random.Random(1000 + number)
        start.wait()  # all clients begin together, so writes collide
        for index in range(count):
            clip = rng.choice(clips)
            code = rng.choice(codes)
            body = {"code": code["id"], "score": rng.choice(scales[code["scale"]]), "rater": f"load-{number}",
                    "note": f"load write {number}-{index}", "evidence": [{"time": round(rng.uniform(0, 5), 3)}]}
            for attempt in range(200):
                status, detail = client.json("GET", f"/api/clips/{clip['id']}")
                if status != 200:
                    with lock: unexpected.append(f"GET clip {clip['id']}: {status}")
                    break
                body["revision"] = detail["revision"]
                started = time.perf_counter()
                status, answer = client.json("POST", f"/api/clips/{clip['id']}/annotations", body)
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    if status == 201:
                        saved.append((clip["id"], answer["annotation"]["id"]))
                    elif status == 409:
                        conflicts[0] += 1
                    else:
                        unexpected.append(f"POST clip {clip['id']}: {status} {answer}")
                if status != 409:
                    break
                time.sleep(rng.uniform(0, 0.02))  # like a person re-doing the change

    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(run, count, number) for number, count in enumerate(per_client)]:
            future.result()
    return saved, conflicts[0], unexpected, latencies


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the server, e.g. http://127.0.0.1:8080/")
    parser.add_argument("--token", default=os.environ.get("CLIPCOACH_REVIEW_TOKEN"))
    parser.add_argument("--reads", type=int, default=2000)
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--sidecars", help="folder of the sidecars, to check the files on disk too")
    args = parser.parse_args()

    probe = Client(args.url, args.token)
    status, clips = probe.json("GET", "/api/clips")
    if status != 200 or not clips:
        sys.exit(f"review-load: GET /api/clips answered {status}: is the server running and the catalog non-empty?")
    _, codebook = probe.json("GET", "/api/codebook")
    before = {clip["id"]: probe.json("GET", f"/api/clips/{clip['id']}")[1] for clip in clips}
    codes = sorted({c["id"] for c in codebook["codes"]})

    started = time.perf_counter()
    latencies, read_errors = reads(args.url, args.token, clips, args.reads, args.clients, codes)
    read_seconds = time.perf_counter() - started
    print(f"reads:  {len(latencies)} requests by {args.clients} clients in {read_seconds:.2f} s "
          f"({len(latencies) / read_seconds:.0f}/s); latency ms p50 {statistics.median(latencies):.1f}, "
          f"p95 {percentile(latencies, 0.95):.1f}, max {max(latencies):.1f}; unexpected {len(read_errors)}")

    started = time.perf_counter()
    saved, conflicts, write_errors, write_latencies = writes(args.url, args.token, clips, args.writes, args.clients, codebook)
    write_seconds = time.perf_counter() - started
    print(f"writes: {len(saved)} annotations saved (201) by {args.clients} clients at once in {write_seconds:.2f} s "
          f"({len(saved) / write_seconds:.0f}/s) on {len(clips)} clips; 409 conflicts answered by re-reading: {conflicts}; "
          f"POST latency ms p50 {statistics.median(write_latencies):.1f}, p95 {percentile(write_latencies, 0.95):.1f}, "
          f"max {max(write_latencies):.1f}; unexpected {len(write_errors)}")

    # No lost writes: every 201 is in its sidecar, and each sidecar's revision counted each save.
    lost = []
    for clip in clips:
        _, after = probe.json("GET", f"/api/clips/{clip['id']}")
        ids = {a["id"] for a in after["annotations"]}
        mine = [a for (c, a) in saved if c == clip["id"]]
        lost += [f"clip {clip['id']}: {a}" for a in mine if a not in ids]
        grown = after["revision"] - before[clip["id"]]["revision"]
        if grown != len(mine):
            lost.append(f"clip {clip['id']}: revision grew by {grown} for {len(mine)} saves")
    on_disk = 0
    if args.sidecars:
        wanted = {a for (_, a) in saved}
        for path in glob.glob(os.path.join(args.sidecars, "*.json")):
            with open(path) as handle:
                document = json.load(handle)
            if document.get("schema") == "clipcoach.sidecar":
                on_disk += sum(1 for a in document.get("annotations", []) if a["id"] in wanted)
        if on_disk != len(wanted):
            lost.append(f"{len(wanted) - on_disk} saved annotation(s) missing from the sidecar files")
    print(f"check:  {len(saved)} saved annotations found through the API"
          + (f", {on_disk} in the sidecar files" if args.sidecars else "") + f"; lost writes: {len(lost)}")

    for line in (read_errors + write_errors + lost)[:20]:
        print("  " + line)
    ok = not read_errors and not write_errors and not lost and len(saved) == args.writes
    print("review-load: " + ("OK" if ok else "FAILED"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
