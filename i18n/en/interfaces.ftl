# `wirelab interfaces` (src/annotate/interfaces.rs): the interface list in words. Mirrored by
# zh-CN/interfaces.ftl. The addresses' facts are address.ftl's.

## The heading line of an interface, its flags, and what libpcap says of it.
if-line = { $name } (index { $index }): { $flags }
if-up = up
if-down = down
if-running = running
if-loopback = loopback
if-list-join = { $list }, { $next }
if-mac = ; MAC { $mac }
if-no-mac = ; no MAC
if-capturable = ; libpcap can capture on it
if-not-capturable = ; not in libpcap's device list
if-default = ; default for capture
if-no-address = (no IP address)

## After the interfaces.
if-pseudo-heading = libpcap can also capture on:
if-default-line = `wirelab capture` without -i captures on { $name }: the first interface in libpcap's order that is up and not loopback, as tcpdump chooses.
if-no-default = No interface is up: `wirelab capture` needs -i NAME.
if-may-capture = This process may capture (it has CAP_NET_RAW).
if-may-not-capture = This process may not capture (no CAP_NET_RAW): run `sudo wirelab capture ...`, or once `{ $setcap }` (see docs/faq.md).
if-capture-unknown = Whether this process may capture is unknown.
