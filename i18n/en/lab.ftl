# `wirelab lab`: the topics and scenarios of `lab --list`. Mirrored by zh-CN/lab.ftl.

## The topic headings.
lab-topic-opening-and-closing = Opening and closing: handshakes, teardowns, resets, TIME-WAIT, many connections
lab-topic-data-and-windows = Data and windows: ACKs, the receive window, Nagle and delayed ACKs, keep-alive
lab-topic-loss-and-recovery = Loss and recovery: lost segments, retransmission timers, duplicate ACKs
lab-topic-segments-and-fragments = Segments and fragments: the MSS, segmentation, IP fragmentation and reassembly
lab-topic-datagrams = Datagrams: UDP, and the ICMP errors about it

## What `--count` counts, under each scenario.
lab-count = --count { $n } ({ $what })
lab-no-count = no --count

## What each scenario teaches (lab-teaches-NAME) and what its --count counts (lab-counts-NAME).
lab-teaches-tcp-echo = connect, send, echo, close: the three-way handshake and the four-way teardown
lab-counts-tcp-echo = messages echoed
lab-teaches-tcp-chat = several messages both ways on one connection, then the client says bye and closes
lab-counts-tcp-chat = messages and replies
lab-teaches-tcp-half-close = shutdown(SHUT_WR): the client's FIN ends only its direction; the server still sends
lab-counts-tcp-half-close = replies after the client's FIN
lab-teaches-tcp-server-closes-first = the server is the active closer, so the server's side ends in TIME-WAIT
lab-teaches-tcp-reset = abortive close: SO_LINGER 0, then close() sends RST; the peer's recv() gets ECONNRESET
lab-teaches-tcp-refused = connect() to a closed port: the SYN is answered by RST, connect() fails ECONNREFUSED
lab-teaches-tcp-rst-unread-data = close() with data never read: the kernel sends RST, not FIN; the peer's recv() gets ECONNRESET
lab-teaches-tcp-time-wait = a server restarted while its old connection waits in TIME-WAIT: bind() fails EADDRINUSE, then succeeds with SO_REUSEADDR
lab-teaches-tcp-many = several clients at once: one listening port, ephemeral client ports side by side
lab-counts-tcp-many = clients
lab-teaches-udp-echo = sendto/recvfrom twice: datagrams, no handshake, no teardown, one client port
lab-counts-udp-echo = datagrams echoed
lab-teaches-udp-chat = a connected UDP socket: connect() sends nothing, then messages both ways and bye
lab-counts-udp-chat = messages and replies
lab-teaches-udp-unreachable = a datagram to a closed port: ICMP port unreachable, then recv() fails ECONNREFUSED
lab-teaches-tcp-zero-window = a server that stops reading: the window fills and shrinks to 0, zero-window probes, then the window update
lab-teaches-tcp-nagle = small writes in a burst: Nagle's algorithm waits for the delayed ACK and coalesces them; TCP_NODELAY sends each at once
lab-counts-tcp-nagle = writes per connection
lab-teaches-tcp-keepalive = an idle connection with SO_KEEPALIVE: a keep-alive every second, one byte below the next sequence number, each ACKed
lab-counts-tcp-keepalive = keep-alives
lab-teaches-tcp-retransmit = a lost data segment: the sender's retransmission timer (RTO) sends it again; with --drop-retransmissions the timeout doubles each time
lab-teaches-tcp-syn-retries = the server's SYN-ACKs lost: the client sends its SYN again 1 s, 2 s, 4 s apart, then connect() succeeds
lab-teaches-tcp-syn-timeout = every SYN-ACK lost: the SYN retries run out and connect() fails with ETIMEDOUT
lab-teaches-tcp-fast-retransmit = one segment of a burst lost: duplicate ACKs with SACK blocks, the fast retransmission after the third, recovery without waiting for the timer
lab-teaches-tcp-out-of-order = a segment overtaken by the next one: the receiver sees it out of order, ACKs the gap at once, then the hole filled
lab-teaches-udp-fragmentation = a 4,000-byte datagram over a 1500-byte MTU: three IP fragments, reassembled; one lost, and the datagram never arrives (ICMP reassembly time exceeded)
lab-teaches-tcp-mss = each SYN announces the largest segment its side takes (MSS: the MTU less 40 bytes of headers); one big send() leaves in segments of that size (try --mtu 576)
lab-teaches-tcp-simultaneous-open = both sides bind and connect() to each other at once (100 ms of latency lets the SYNs cross): SYN-SENT, SYN-RECEIVED, ESTABLISHED on both

## The lab's own lines on standard error.
lab-captured = wirelab lab { $scenario }: { $n } packets captured on { $device }{ $end } (filter: { $filter }), { $dropped } dropped by the kernel
lab-captured-end = , the { $side }'s end
lab-no-scenario = no scenario called { $name }; there are: { $names }
lab-needs-root = lab --netns (and the path options, and scenario { $scenario }) creates network namespaces, which needs root: run it with sudo

## What the lab's path did to a frame, naming the option that made it (annotate::path).
path-which-kind = a { $side } { $kind }
path-which-frame = a { $side } frame
path-dropped = path: dropped { $what } (--drop '{ $spec }')
path-dropped-retransmission = path: dropped retransmission { $k } of { $of } (--drop-retransmissions { $budget })
path-lost = path: lost { $what } at random (--loss { $loss } --seed { $seed })
path-queue-full = path: dropped { $what }: the queue behind --rate { $rate } was full (tail drop)
path-duplicated = path: duplicated { $what }: it goes on twice (--duplicate '{ $spec }')
path-held-back = path: held back { $what } until the next frame had passed (--reorder '{ $spec }')

## Why the sender's retransmission timer sent a segment again (RFC 6298, Linux's numbers).
timer-first = timer: no { $what } for { $secs } s, so { $resent } (retransmission { $k }; { $rule })
timer-again = timer: no { $what } for { $secs } s, { $how }, so { $resent } (retransmission { $k })
timer-resent-syn = the SYN goes again
timer-resent-data = the earliest unacknowledged segment goes again
timer-rule-syn = Linux's first RTO before any RTT is measured is 1 s, RFC 6298 2.1
timer-rule-data = RFC 6298 5.4; Linux never waits less than 200 ms, its minimum RTO
timer-doubles = twice the wait before: the RTO doubles after each timeout (exponential backoff, RFC 6298 5.5)
timer-ratio = { $ratio }× the wait before

## The line after `wirelab run` (src/cli/run.rs).
run-closing = wirelab run: { $name } { $how }; { $processes } process(es), { $calls } socket calls, { $packets } packets on { $device }{ $none }{ $others }, { $dropped } dropped by the kernel
run-exited = exited with status { $code }
run-killed = was killed by { $signal }
run-the-program = the program
run-no-calls = {" "}(the program made no socket call wirelab follows)
run-others = , { $n } of other programs not kept
