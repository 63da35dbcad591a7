# What an IP address is (annotate::address): the facts `wirelab explain ADDR` prints one a line,
# each followed by its RFCs, and the first of which the TUI and the report show. A block's
# message takes the block as `$block`. Mirrored by zh-CN/address.ftl.

## The historical IPv4 classes.
addr-class-a = class A: 0.0.0.0–127.255.255.255, default mask /8 (255.0.0.0); tutorials often give 1–126, because 0.0.0.0/8 ("this network") and 127.0.0.0/8 (loopback) are reserved and no host's network; classes are historical, CIDR lets a network use any prefix length
addr-class-b = class B: 128.0.0.0–191.255.255.255, default mask /16 (255.255.0.0); classes are historical, CIDR lets a network use any prefix length
addr-class-c = class C: 192.0.0.0–223.255.255.255, default mask /24 (255.255.255.0); classes are historical, CIDR lets a network use any prefix length
addr-class-d = class D: 224.0.0.0–239.255.255.255, multicast, no default mask
addr-class-e = class E: 240.0.0.0–255.255.255.255, reserved, no default mask
addr-public = public unicast: in no special-purpose block, so routable on the Internet

## IPv4 special-purpose blocks.
addr-v4-unspecified = unspecified address ({ $block }): means "no address": the source of a host that has none yet (a DHCP request), or "every interface" when a server binds to it
addr-v4-this-network = "this network" ({ $block }): allowed only as a source address, never as a destination
addr-v4-private = private ({ $block }): usable inside any network but never routed on the public Internet; reaching the Internet needs NAT
addr-v4-cgnat = CGNAT shared address space ({ $block }): used between an ISP's carrier-grade NAT and its customers; not routed on the public Internet
addr-v4-loopback = loopback ({ $block }): packets never leave the host; 127.0.0.1 is localhost
addr-v4-link-local = link-local ({ $block }): self-assigned when no DHCP server answers; valid only on the local link, routers never forward it
addr-v4-ietf = IETF protocol assignments ({ $block }): reserved for special uses by protocols; not routed on the public Internet
addr-v4-test-net-1 = documentation, TEST-NET-1 ({ $block }): for examples in books and RFCs; never used on a real network
addr-v4-test-net-2 = documentation, TEST-NET-2 ({ $block }): for examples in books and RFCs; never used on a real network
addr-v4-test-net-3 = documentation, TEST-NET-3 ({ $block }): for examples in books and RFCs; never used on a real network
addr-v4-benchmarking = benchmarking ({ $block }): for testing network devices in a lab; not routed on the public Internet
addr-v4-multicast = multicast ({ $block }): a group address: one packet reaches every member of the group; never a source address
addr-v4-broadcast = limited broadcast ({ $block }): every host on the local link receives it; routers never forward it
addr-v4-reserved = reserved ({ $block }): set aside for future use; most hosts and routers refuse to send or forward it
addr-v4-local-control = local network control block ({ $block }): link-local groups, sent with TTL 1; routers never forward them
addr-v4-ssm = source-specific multicast block ({ $block }): receivers join one sender's group, not the group as a whole
addr-v4-admin-scoped = administratively scoped block ({ $block }): groups private to an organisation, the multicast counterpart of private addresses

## Well-known multicast groups.
addr-group = well-known group: { $name }
addr-group-all-systems = all systems on this subnet
addr-group-all-routers = all routers on this subnet
addr-group-ospf-all = OSPF, all OSPF routers (AllSPFRouters)
addr-group-ospf-dr = OSPF, designated routers (AllDRouters)
addr-group-rip2 = RIPv2 routers
addr-group-vrrp = VRRP routers
addr-group-igmp3 = IGMPv3 membership reports
addr-group-mdns = mDNS, multicast DNS for .local names
addr-group-llmnr = LLMNR, link-local multicast name resolution
addr-group-ntp = NTP
addr-group-ssdp = SSDP, UPnP device discovery
addr-group6-if-nodes = all nodes on this interface
addr-group6-if-routers = all routers on this interface
addr-group6-all-nodes = all-nodes, every IPv6 node on the link (it replaces IPv4's broadcast)
addr-group6-all-routers = all-routers, every router on the link; hosts send router solicitations here
addr-group6-site-routers = all routers in the site
addr-group6-ospf-all = OSPFv3, all OSPF routers
addr-group6-ospf-dr = OSPFv3, designated routers
addr-group6-ripng = RIPng routers
addr-group6-mld2 = MLDv2 routers, where hosts report the groups they join
addr-group6-dhcp-agents = all DHCPv6 relay agents and servers on the link
addr-group6-dhcp-servers = all DHCPv6 servers in the site

## IPv6 blocks.
addr-v6-global = global unicast ({ $block }): routable on the Internet, handed out by the regional Internet registries
addr-v6-unspecified = unspecified address (::): means "no address": the source while a host is still getting one, or "every interface" when a server binds to [::]
addr-v6-loopback = loopback (::1): the IPv6 127.0.0.1, packets never leave the host
addr-v6-documentation = documentation ({ $block }): for examples in books and RFCs; never routed
addr-v6-documentation-new = documentation ({ $block }): the newer, larger prefix for examples in books and RFCs; never routed
addr-v6-link-local = link-local ({ $block }): every IPv6 interface has one; valid only on its link and never forwarded, so using it needs a zone such as %eth0
addr-v6-site-local = site-local ({ $block }): deprecated, replaced by unique local addresses (fc00::/7)
addr-v6-reserved = reserved by the IETF: outside 2000::/3 and every other assigned block, so not in use
addr-v6-mapped = IPv4-mapped ({ $block }): stands for the IPv4 address { $inner }, as an IPv6 socket shows an IPv4 peer; normally never on the wire
addr-v6-compatible = IPv4-compatible ({ $block }): embeds the IPv4 address { $inner }; deprecated, no longer used
addr-v6-nat64 = NAT64 well-known prefix ({ $block }): a NAT64 gateway translates it to the IPv4 address { $inner }
addr-v6-teredo = Teredo ({ $block }): IPv6 tunnelled in UDP through IPv4 NATs; Teredo server { $server }, the client's public IPv4 address { $client } port { $port }
addr-v6-6to4 = 6to4 ({ $block }): IPv6 tunnelled over IPv4 to the site whose IPv4 address is { $inner }; little used since its public relays were deprecated
addr-v6-unique-local = unique local ({ $block }): the IPv6 counterpart of private addresses: routed inside a site, never on the Internet
addr-v6-fd = fd00::/8, locally assigned: the 40-bit Global ID after fd (here { $id }) should be random, so that two sites can join without clashing
addr-v6-fc = fc00::/8: not defined yet (its L bit is 0); real unique local addresses start with fd

## IPv6 multicast: the block, its scope, its flags, the solicited-node groups.
addr-v6-multicast = multicast ({ $block }): a group address; IPv6 has no broadcast, multicast groups replace it
addr-v6-scope = scope { $scope }, { $name }: { $reach }
addr-scope-interface = interface-local
addr-reach-interface = stays inside one interface (loopback of multicast)
addr-scope-link = link-local
addr-reach-link = stays on the local link
addr-scope-realm = realm-local
addr-reach-realm = a realm set by the network technology, e.g. one mesh
addr-scope-admin = admin-local
addr-reach-admin = the smallest scope an administrator configures
addr-scope-site = site-local
addr-reach-site = stays within one site
addr-scope-organization = organization-local
addr-reach-organization = spans the sites of one organisation
addr-scope-global = global
addr-reach-global = may cross the Internet
addr-scope-reserved = reserved
addr-reach-reserved = not to be used
addr-scope-unassigned = unassigned
addr-reach-unassigned = no scope is defined for this value yet
addr-v6-flags-permanent = flags { $flags }: permanently assigned (well-known) group
addr-v6-flags-transient = flags { $flags }: transient group, assigned dynamically
addr-v6-flags-prefix = , derived from a unicast prefix
addr-v6-flags-rp = , with its rendezvous point embedded
addr-v6-solicited = solicited-node group (ff02::1:ff00:0/104) of the unicast addresses ending in { $tail }: Neighbor Discovery asks for a MAC address here instead of IPv4's ARP broadcast

## The short tags of packet lines (`read -v`); JSON keeps the English tag as addr_kind.
addr-label-unspecified = unspecified
addr-label-this-network = this-network
addr-label-private = private
addr-label-cgnat = cgnat
addr-label-loopback = loopback
addr-label-link-local = link-local
addr-label-reserved = reserved
addr-label-documentation = documentation
addr-label-benchmarking = benchmarking
addr-label-multicast = multicast
addr-label-broadcast = broadcast
addr-label-global = global
addr-label-ipv4-mapped = ipv4-mapped
addr-label-ipv4-compatible = ipv4-compatible
addr-label-nat64 = nat64
addr-label-teredo = teredo
addr-label-6to4 = 6to4
addr-label-unique-local = unique-local
addr-label-site-local = site-local
