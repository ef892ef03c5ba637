"""CLI: `python -m replica serve|truth` — run the replica web or print its ground truth.

Example: python -m replica serve --port 8080 --sites-out data/sites.yaml --log data/requests.jsonl
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading

from replica.web import ReplicaWeb

TRUTH_PORT = 8080  # `truth` needs known URLs; they match a `serve --port 8080`


def _serve(args: argparse.Namespace) -> int:
    web = ReplicaWeb(port=args.port, extra_sites=args.extra_sites,
                     articles_per_site=args.articles_per_site, log_path=args.log)
    try:
        web.start()
    except OSError as exc:
        print(f"error: cannot bind the replica ({exc}); try another --port or stop the other instance", file=sys.stderr)
        return 2
    if args.prerender:
        web.prerender()
    if args.sites_out:
        web.write_sites_yaml(args.sites_out)
    width = max(len(s.name) for s in web.sites)
    for s in web.sites:
        print(f"{s.name:<{width}}  {s.family:<9}  {s.url}")
    print(f"{'outside':<{width}}  {'-':<9}  {web.outside_url}")
    print(f"ready: {len(web.sites)} sites, {len(web.truth['articles'])} articles", flush=True)
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    done.wait()
    web.stop()
    return 0


def _truth(args: argparse.Namespace) -> int:
    web = ReplicaWeb(port=args.port, extra_sites=args.extra_sites, articles_per_site=args.articles_per_site)
    text = json.dumps(web.truth, ensure_ascii=False, indent=2)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    else:
        print(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m replica", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve every site until SIGINT/SIGTERM. Example: python -m replica serve --port 8080")
    serve.add_argument("--port", type=int, default=0, help="port for every site (0 = an ephemeral port per site)")
    serve.add_argument("--sites-out", help="write the sites YAML (settings format) here before 'ready'")
    serve.add_argument("--log", help="append every request as JSON lines to this file")
    serve.add_argument("--prerender", action="store_true",
                       help="render every page before 'ready', as a page cache would hold them")
    truth = sub.add_parser("truth", help="print the ground-truth JSON. Example: python -m replica truth --port 8080 -o truth.json")
    truth.add_argument("--port", type=int, default=TRUTH_PORT, help="port the URLs should carry (must not be 0)")
    truth.add_argument("-o", "--output", help="write to this file instead of stdout")
    for p in (serve, truth):
        p.add_argument("--extra-sites", type=int, default=0, help="add N generated benchmark sites")
        p.add_argument("--articles-per-site", type=int, default=0, help="articles on each extra site (default 20)")
    args = parser.parse_args(argv)
    if args.command == "truth" and args.port == 0:
        parser.error("truth needs a fixed --port (URLs contain it); use the port you serve on")
    return _serve(args) if args.command == "serve" else _truth(args)


if __name__ == "__main__":
    sys.exit(main())
