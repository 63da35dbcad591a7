# `wirelab explain`: ports, networks, sockets, localhost, and why an argument could not be
# explained. The address facts are in address.ftl. Mirrored by zh-CN/explain.ftl.

## Ports (annotate::port): the line `explain PORT` and `read -v` print.
port-class-well-known = well-known
port-class-registered = registered
port-class-dynamic = dynamic
port-meaning-well-known = system ports assigned by IANA
port-meaning-registered = user ports registered with IANA
port-meaning-dynamic = private/ephemeral
port-line = { $port }/{ $transport }: { $class } ({ $lo }–{ $hi }, { $meaning })
port-iana-name = , IANA name { $name } (registered name, not what the traffic is)
port-no-iana-name = , no IANA name
port-zero = ; port 0 is reserved: it should never appear on the wire, and a program that binds to port 0 asks the OS to pick a free port
port-client-dynamic = ; inside Linux's ephemeral range { $lo }–{ $hi }, so likely a client's port
port-client-registered = ; IANA's registered range, but inside Linux's ephemeral range { $lo }–{ $hi }, so it may well be a client's port (textbooks that call 1024–65535 'dynamic' follow the older convention)
port-above-linux = ; above Linux's ephemeral range { $lo }–{ $hi }, but Windows and macOS pick client ports from all of 49152–65535, so likely a client's port
port-name-registered = port name (IANA): { $name } — registered for the port, not detected from the traffic
port-name-none = port name (IANA): none registered for { $port }/{ $transport }

## Networks, sockets and localhost (annotate::explain).
explain-binary = in binary: { $bits }
explain-socket = { $sock }: address { $addr }, port { $port }: one end of a TCP or UDP conversation, as a socket names it (getsockname(), getpeername(), Python's accept())
explain-localhost = localhost: the name of this machine itself; it resolves to the loopback addresses 127.0.0.1 and ::1, and traffic to it never leaves the machine (on Linux it goes through the interface lo) (RFC 6761)
explain-v4-network = { $network }/{ $len }: network { $network }, mask { $mask } (/{ $len })
explain-v4-mask-bits = mask in binary: { $bits } ({ $net } network bits, { $host } host bits)
explain-v4-host-route = one address, { $network }: a single host (a host route)
explain-v4-point-to-point = 2 hosts, { $network } and { $broadcast }: a point-to-point link needs no network or broadcast address (RFC 3021)
explain-v4-hosts = broadcast { $broadcast }; hosts { $first } to { $last } ({ $count } addresses: all but the network and broadcast addresses)
explain-v4-in-p2p = { $addr } is a host of { $network }/{ $len }
explain-v4-network-address = { $addr } is the network address itself: it names the network, no host has it
explain-v4-directed-broadcast = { $addr } is the directed broadcast address of { $network }/{ $len }: a datagram sent to it reaches every host on that network; routers do not forward such datagrams by default (RFC 919, RFC 922, RFC 2644)
explain-v4-host-n = { $addr } is host { $n } of { $network }/{ $len }
explain-v6-count-one = 1 address
explain-v6-count = { $n } addresses
explain-v6-count-power = 2^{ $bits } addresses
explain-v6-network = { $network }/{ $len }: network { $network }, { $count } from { $network } to { $last }; IPv6 has no broadcast address (its all-nodes multicast group ff02::1 does that job) (RFC 4291)
explain-v6-in = { $addr } is an address in { $network }/{ $len }

## Refusals: why a word could not be explained (printed after "wirelab: ").
explain-bad-transport = { $word }: the protocol after '/' must be tcp or udp
explain-bad-port = { $word }: { $port } is not a port number (0-65535)
explain-unknown = { $word }: neither an IPv4/IPv6 address, a network (ADDR/LEN, ADDR/MASK), ADDR:PORT, localhost, nor a port number (0-65535)
explain-bad-mask = { $net }: a mask's ones must all come before its zeros
explain-bad-after-slash = { $net }: after '/' comes a prefix length or (IPv4) a mask
explain-bad-len-v4 = { $net }: an IPv4 prefix length is 0 to 32
explain-bad-len-v6 = { $net }: an IPv6 prefix length is 0 to 128
