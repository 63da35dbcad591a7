# The words of read's views around the packets: the --summary table's header and the notes
# under it, the --timeline ladders (text and Mermaid), and the conversation verdicts they
# print. The twin of zh-CN/views.ftl.

## The --summary table's column names; "c/s": client's, then server's.
summary-id = id
summary-proto = proto
summary-client = client
summary-server = server
summary-port-name = port name
summary-state = state
summary-history = history
summary-handshake = handshake
summary-teardown = teardown
summary-packets = packets c/s
summary-bytes = bytes c/s
summary-duration = duration
summary-irtt = irtt
summary-ack-rtt = ack rtt c/s
summary-findings = findings

## The class of a port after it in the table (RFC 6335): well-known, registered, dynamic.
summary-port-wk = wk
summary-port-reg = reg
summary-port-dyn = dyn

## The notes under the --summary table.
note-conversation = conversation { $id }:
note-overlap-conflicts = { " " }{ $n } { $n ->
    [one] segment
   *[other] segments
} sent again with different bytes (overlap conflict)
note-and = ;
note-overlap-unchecked = { " " }overlaps unchecked { $n } { $n ->
    [one] time
   *[other] times
}, until the peer acknowledged what was sent (more unacknowledged than the check keeps)
note-bad-checksums = conversation { $id }: { $n } { $n ->
    [one] packet
   *[other] packets
} with a bad checksum (damaged on the way, forged, or rewritten without new checksums, as in an anonymised trace): Zeek's state and history leave them out; --no-checksums takes them as they are

## The --timeline ladder.
ladder-heading = conversation { $id } ({ $proto }): client { $client } ⇄ server { $server }
ladder-frame = frame
ladder-delta = delta
ladder-client = client
ladder-server = server
ladder-not-drawn = ... { $n } more packets not drawn
ladder-verdicts = { $state } { $history }: handshake { $handshake }, teardown { $teardown }
mermaid-verdicts = { $state } { $history }, handshake { $handshake }, teardown { $teardown }
mermaid-not-drawn = { $n } more packets not drawn
mermaid-client = client { $addr }
mermaid-server = server { $addr }

## A conversation's handshake verdict, in full (the ladders; JSON's conn record keeps English).
verdict-handshake-not-captured = not captured (mid-stream)
verdict-handshake-refused = refused (SYN answered by RST)
verdict-handshake-simultaneous-open = simultaneous open
verdict-handshake-complete = complete
verdict-handshake-no-final-ack = incomplete (no final ACK)
verdict-handshake-unanswered = no answer (SYN unanswered)
verdict-handshake-syn-not-captured = SYN not captured
verdict-connectionless-icmp = none (ICMP echo is connectionless)
verdict-connectionless-udp = none (UDP is connectionless)

## Its teardown verdict, in full.
verdict-teardown-refused = none (refused)
verdict-teardown-rst-after-fin-client = RST after FIN (by client)
verdict-teardown-rst-after-fin-server = RST after FIN (by server)
verdict-teardown-abort-client = abort (client sent RST)
verdict-teardown-abort-server = abort (server sent RST)
verdict-teardown-simultaneous-close = simultaneous close
verdict-teardown-half-close-simultaneous-close = half-close, then simultaneous close
verdict-teardown-three-way = three-way (FIN piggy-backed on the ACK)
verdict-teardown-half-close-three-way = half-close, then three-way (FIN piggy-backed on the ACK)
verdict-teardown-four-way = four-way
verdict-teardown-half-close-four-way = half-close, then four-way
verdict-teardown-half-closed-client = half-closed (only the client sent FIN)
verdict-teardown-half-closed-server = half-closed (only the server sent FIN)
verdict-teardown-open = none (open at the end of the capture)
