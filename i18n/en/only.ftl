# The event filter (read --only, the TUI packet list's o key): which packets are shown. The
# twin of zh-CN/only.ftl.

## The help screen's line for the key, and the packet list's title while a filter is on.
only-key = show only steps, findings, TCP, UDP, ICMP, ARP, or all
only-title = only { $what }

## The kinds, as the title names them.
only-steps = handshake and teardown steps
only-findings = findings
only-tcp = TCP
only-udp = UDP
only-icmp = ICMP
only-arp = ARP
