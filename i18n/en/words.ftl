# wirelab's words for what the tracker found, in English: step explanations, TCP analysis
# findings, UDP and ICMP notes, checksum notes, role reasons. The twin of zh-CN/words.ftl.
# The messages with one argument are split around it once per process (annotate::lang), so
# each packet line writes them without Fluent: keep such a message on one line.

## What each handshake or teardown step means (JSON step.text, the TUI).
why-syn = The client asks to open a connection and chooses its initial sequence number (ISN). A SYN uses up one sequence number, so the server will acknowledge ISN+1.
why-syn-ack = The server accepts: it acknowledges the client's ISN+1 and sends its own ISN in the same segment.
why-handshake-ack = The client acknowledges the server's ISN+1. Both sides are ESTABLISHED: data can flow both ways.
why-simultaneous-open = Both sides sent a SYN before receiving the other's (simultaneous open, RFC 9293 §3.5): each answers with a SYN-ACK instead of a client/server handshake.
why-syn-retransmitted = The SYN got no answer in time, so the client's TCP sends it again (with the same ISN) after a timeout that doubles each time.
why-syn-ack-retransmitted = The server did not get the final ACK in time and sends its SYN-ACK again.
why-refused = No socket listens on the destination port, so there is no connection to receive the SYN (RFC 9293 section 3.10.7.1: the server side is CLOSED, it never was LISTEN): the receiving host's kernel answers with RST-ACK itself, and connect() fails with 'connection refused' (ECONNREFUSED).
why-first-fin = This side has no more data to send and closes its direction (active close, FIN-WAIT-1). A FIN uses one sequence number. The other side can still send.
why-ack-of-first-fin = The FIN is acknowledged on its own; the closing side waits in FIN-WAIT-2 for the other side's FIN. This is the four-way teardown (FIN, ACK, FIN, ACK).
why-second-fin = The other side closes too (passive close: CLOSE-WAIT to LAST-ACK). The first closer enters TIME-WAIT on receiving it.
why-second-fin-piggybacked = The passive closer acknowledges the FIN and sends its own FIN in the same segment (FIN piggy-backed on the ACK): a three-way teardown, what Linux usually does when the application closes at once.
why-final-ack = The last ACK: the passive closer is CLOSED; the active closer stays in TIME-WAIT (2×MSL) so that stray segments of this connection die out.
why-simultaneous-close = Both sides sent a FIN before receiving the other's (simultaneous close): both go through CLOSING to TIME-WAIT.
why-simultaneous-close-ack = In a simultaneous close each side acknowledges the other's FIN; each then waits in TIME-WAIT.
why-half-close-data = Half-close: one direction is closed by a FIN, the other still carries data (shutdown(SHUT_WR) on the first closer's side).
why-abort = The connection is aborted with RST: no orderly FIN exchange, unsent data is discarded (e.g. close() with SO_LINGER 0, or a crashed process).
why-rst-after-fin = A RST after the FIN: the side ended the connection abortively, e.g. closing with unread data in its receive buffer.

## A TCP analysis finding and why it fired (JSON analysis.reason, the TUI).
finding-retransmission = retransmission: these sequence numbers were sent before (lost packets are sent again)
finding-fast-retransmission = fast retransmission: sent again after { $dupacks } duplicate ACKs asked for it
finding-out-of-order = out-of-order: earlier sequence numbers arriving just after later ones
finding-duplicate-ack = duplicate ACK #{ $count }: the same acknowledgement again, the receiver is missing data
finding-zero-window = zero window: the receiver's buffer is full, the sender must wait
finding-window-update = window update: only the advertised window changed
finding-keep-alive = keep-alive: probes an idle connection with an old sequence number
finding-lost-segment = previous segment not captured: { $missing } bytes of sequence space missing
finding-spurious-retransmission = spurious retransmission: the receiver had already acknowledged these bytes, so sending them again was not needed (its ACK was late or lost)
finding-acked-unseen-segment = ACKed unseen segment: this acknowledges bytes the capture never saw sent (common at capture start, or the capture dropped them)
finding-window-full = window full: this data fills the receiver's advertised window to its last byte; the sender must now wait for an ACK
finding-keep-alive-ack = keep-alive ACK: the answer to a keep-alive repeats the last ACK, showing the peer is still there
finding-zero-window-probe = zero window probe: one byte sent into the receiver's closed (zero) window, to make it answer with its current window
finding-zero-window-probe-ack = zero window probe ACK: the answer to a probe, the window still 0; the sender keeps waiting and probing
finding-overlap-conflict = conflicting data in segment overlap: { $differing } of the bytes sent again differ from the copy sent first (the first copy is the one reassembled, as tshark keeps it)
finding-overlap-unchecked-dir = overlaps not checked this way until the peer acknowledges what was sent: more than { $kib } KiB unacknowledged, more than the check keeps
finding-overlap-unchecked-total = overlaps not checked this way until the peer acknowledges what was sent: the check keeps at most { $mib } MiB unacknowledged over all connections

## A finding in a few words, on packet lines and the ladder.
short-retransmission = retransmission
short-fast-retransmission = fast retransmission after { $dupacks } dup ACKs
short-out-of-order = out-of-order
short-duplicate-ack = dup ACK #{ $count }
short-zero-window = zero window
short-window-update = window update
short-keep-alive = keep-alive
short-lost-segment = previous segment not captured ({ $missing } bytes)
short-spurious-retransmission = spurious retransmission
short-acked-unseen-segment = ACKed unseen segment
short-window-full = window full
short-keep-alive-ack = keep-alive ACK
short-zero-window-probe = zero window probe
short-zero-window-probe-ack = zero window probe ACK
short-overlap-conflict = overlap conflict: { $differing } bytes differ
short-overlap-unchecked = overlaps unchecked until acknowledged

## A finding's name in a conversation's totals ("dup ACK ×3").
name-zero-window-probe = zero window probe
name-zero-window = zero window
name-lost-segment = previous segment not captured
name-keep-alive = keep-alive
name-window-update = window update
name-window-full = window full
name-keep-alive-ack = keep-alive ACK
name-zero-window-probe-ack = zero window probe ACK
name-duplicate-ack = dup ACK
name-acked-unseen-segment = ACKed unseen segment
name-spurious-retransmission = spurious retransmission
name-fast-retransmission = fast retransmission
name-out-of-order = out-of-order
name-retransmission = retransmission
name-overlap-conflict = overlap conflict
name-overlap-unchecked = overlap unchecked

## The note on a UDP datagram.
udp-first = no handshake, no teardown: UDP is connectionless
udp-request = request
udp-response = response to frame { $frame }
udp-unsolicited = from the server, no request before it

## ICMP.
icmp-error-about = error about conversation { $conn }
icmp-error-about-json = ICMP error about conversation { $conn }
icmp-error-label = ICMP error { $type }/{ $code }
icmp-echo-request-label = echo request id={ $id } seq={ $seq }
icmp-echo-reply-label = echo reply id={ $id } seq={ $seq }

## A checksum that is not simply right ($what: TCP, UDP, IPv4 header).
checksum-what-ipv4-header = IPv4 header
checksum-bad = bad { $what } checksum { $found }, the bytes sum to { $expected }
checksum-offloaded = { $what } checksum not computed: offloaded to the NIC, not verified
checksum-uncaptured = { $what } checksum not verified: the capture cut bytes it covers
checksum-absent = no { $what } checksum (0: the sender chose none, as IPv4 allows)

## Why the client is the client (JSON roles_by).
roles-by-sent-syn = sent the first SYN
roles-by-got-syn-ack = answered by the first SYN-ACK seen
roles-by-server-port-class = the other port is in a lower class (well-known < registered < dynamic)
roles-by-first-sender = sent the first packet seen
roles-by-sent-echo-request = sent the echo request

## The window after a tshark-style win= whose scale the SYNs did not show.
window-scale-unknown = (scale unknown)

## wirelab's words on an application line (the protocol's own stay as they are).
app-text = text:{ " " }
app-dns-query = query
app-dns-response = response
app-dhcp-from-server = from server
app-dhcp-from = from
app-dhcp-asks-for = asks for

## JSON's note on a conversation's first packet when it came after the handshake.
note-mid-stream = mid-stream: the handshake was not captured

## ICMP message types and codes on the text lines (JSON's type_name and code_name keep
## decode::names' English; a test holds the two equal).
icmp-echo-reply = echo reply
icmp-destination-unreachable = destination unreachable
icmp-source-quench = source quench
icmp-redirect = redirect
icmp-echo-request = echo request
icmp-router-advertisement = router advertisement
icmp-router-solicitation = router solicitation
icmp-time-exceeded = time exceeded
icmp-parameter-problem = parameter problem
icmp-timestamp-request = timestamp request
icmp-timestamp-reply = timestamp reply
icmp-unknown-type = unknown type
icmp-packet-too-big = packet too big
icmp-multicast-listener-query = multicast listener query
icmp-multicast-listener-report = multicast listener report
icmp-multicast-listener-done = multicast listener done
icmp-neighbor-solicitation = neighbor solicitation
icmp-neighbor-advertisement = neighbor advertisement
icmp-multicast-listener-report-v2 = multicast listener report v2
icmp-network-unreachable = network unreachable
icmp-host-unreachable = host unreachable
icmp-protocol-unreachable = protocol unreachable
icmp-port-unreachable = port unreachable
icmp-fragmentation-needed = fragmentation needed
icmp-source-route-failed = source route failed
icmp-destination-network-unknown = destination network unknown
icmp-destination-host-unknown = destination host unknown
icmp-network-administratively-prohibited = network administratively prohibited
icmp-host-administratively-prohibited = host administratively prohibited
icmp-communication-administratively-prohibited = communication administratively prohibited
icmp-redirect-for-network = redirect for network
icmp-redirect-for-host = redirect for host
icmp-ttl-exceeded-in-transit = TTL exceeded in transit
icmp-fragment-reassembly-time-exceeded = fragment reassembly time exceeded
icmp-no-route-to-destination = no route to destination
icmp-administratively-prohibited = administratively prohibited
icmp-address-unreachable = address unreachable
icmp-hop-limit-exceeded-in-transit = hop limit exceeded in transit
icmp-erroneous-header-field = erroneous header field
icmp-unrecognized-next-header = unrecognized next header
icmp-unrecognized-ipv6-option = unrecognized IPv6 option
icmp-code = code { $code }
icmp-quoting = for

## ARP on the text lines, as tcpdump says it.
arp-request = request
arp-reply = reply
arp-who-has = who-has { $target } tell { $sender }
arp-is-at = { $sender } is-at { $mac }
arp-hardware = sender { $sender } target { $target }

## -v: under a conversation's first packet, its addresses and ports.
verbose-address = { $role } address { $addr }: { $what }
verbose-port = { $role } port ({ $why }): { $what }
verbose-client-port = the client's port, usually chosen by its OS
verbose-server-port = the server's listening port

## A segment's window as the TUI explains it, and the RTTs of a conversation.
window-scaled = { $window } × { $factor } = { $bytes } bytes, scale from the SYNs
window-not-used = { $bytes } bytes: no scaling used (a SYN went without the window scale option)
window-unknown = { $bytes } (field as sent): scale unknown, the SYNs that set it were not captured
window-syn = { $bytes } bytes: a SYN's window is never scaled (RFC 7323)
rtt-initial = initial RTT { $rtt } s (the SYN to the first ACK after it)
rtt-initial-none = initial RTT not measured (the handshake was not captured)
rtt-acked = ; the { $whose }'s data acknowledged after { $min }–{ $max } s, mean { $mean } ({ $count } { $count ->
    [one] ACK
   *[other] ACKs
} timed)
