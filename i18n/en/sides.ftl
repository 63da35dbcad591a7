# The sender's and the receiver's view of a packet (read -L on a loopback capture, lab -L,
# run -L): the out layers on the sending host top-down, the in layers on the receiving host
# bottom-up, linked to the socket calls the lab or run recorded. The twin of zh-CN/sides.ftl.

## The blocks' heads, and who a side is when the tracker does not know the roles.
sides-out = out: { $host }
sides-in = in: { $host }
sides-receiver = receiver

## The rows below the transport layer's on the receiving host.
sides-place-socket = socket
sides-place-call = call

## Out, the application's row when no recorded call caused the packet.
sides-out-kernel-ack = the kernel's TCP sends it on its own: an ACK, which no call asks for
sides-out-kernel-syn-ack = the kernel's TCP answers the SYN on its own: the listening socket needs no call for it
sides-out-kernel-retransmission = the kernel's TCP sends it again on its own: a retransmission, from its timer
sides-out-kernel-rst = the kernel's TCP sends a RST on its own: no socket takes the segment (a closed port), or the connection is aborted
sides-out-kernel = the kernel sends it on its own: no call the program made caused it
sides-out-unknown = the kernel's { $proto } sends it for a { $call } call; the program's call is not in the capture: `wirelab run` records it

## Out, what each layer adds.
sides-out-tcp = TCP adds its { $n }-byte header: ports { $sport } → { $dport }, seq { $seq }, flags { $flags }
sides-out-udp = UDP adds its { $n }-byte header: ports { $sport } → { $dport } and the length
sides-out-ip = { $proto } adds its { $n }-byte header: { $src } → { $dst }, TTL { $ttl }
sides-out-ip6 = { $proto } adds its { $n }-byte header: { $src } → { $dst }, hop limit { $ttl }
sides-out-loopback = the loopback interface frames it ({ $n } bytes) and hands it straight back to this host
sides-out-lo-ethernet = the loopback interface frames it as Ethernet ({ $n } bytes, all-zero addresses) and hands it straight back to this host
sides-out-ethernet = Ethernet adds its { $n }-byte header: { $src } → { $dst }
sides-out-link = { $proto } frames it ({ $n } bytes)

## In, what each layer does, from the link up.
sides-in-loopback = the loopback interface takes it back and removes the { $n }-byte framing
sides-in-lo-ethernet = the loopback interface takes it back and removes the { $n }-byte Ethernet header
sides-in-ethernet = the network card takes the frame sent to { $dst } and removes its { $n }-byte header
sides-in-link = the { $proto } framing ({ $n } bytes) is removed
sides-in-ip = { $proto } checks that { $dst } is its own address, removes its { $n }-byte header and hands the rest to { $next }
sides-in-tcp-syn = TCP looks for the socket listening on port { $port }: where one listens, it answers with a SYN-ACK and keeps the half-open connection (where none does, with a RST)
sides-in-tcp-syn-ack = TCP finds the connecting socket by the 4-tuple, marks it connected and ACKs the SYN
sides-in-tcp-handshake = TCP finds the half-open connection by the 4-tuple: the handshake is complete
sides-in-tcp-data = TCP finds the socket by the 4-tuple, ACKs bytes { $from }–{ $to } and queues them
sides-in-tcp-fin = TCP finds the socket by the 4-tuple, ACKs the FIN and marks the end of the stream
sides-in-tcp-ack = TCP finds the socket by the 4-tuple and frees the bytes before { $ack } from its send queue
sides-in-tcp-rst = TCP finds the socket by the 4-tuple and aborts the connection
sides-in-udp = UDP looks for the socket bound to port { $port }

## In, the socket's queue.
sides-queue-data = { $n } bytes into the { $role }'s receive queue
sides-queue-syn = the half-open connection waits for the ACK, then in the listening socket's accept queue
sides-queue-accept = the connection into the listening socket's accept queue
sides-queue-connected = the socket is connected: nothing waits in a queue
sides-queue-fin = the end of the stream, after the bytes in the { $role }'s receive queue
sides-queue-ack = nothing to queue: an ACK ends in TCP
sides-queue-rst = the socket's queues are dropped: its next call fails
sides-queue-udp = the { $n }-byte datagram into that socket's receive queue (with none bound, ICMP answers "port unreachable")

## In, the call's row when no recorded call returned the packet, or when the calls are unknown.
sides-call-none-data = waits in the receive queue: no recv() yet
sides-call-none-accept = waits in the accept queue: no accept() yet
sides-call-none-connect = no connect() returned yet
sides-call-none-fin = no recv() returned 0 after it
sides-call-none-ack = no call: the ACK is TCP's own business
sides-call-none-rst = no later call of the { $role } saw the reset
sides-call-none-udp = waits in the receive queue: no recvfrom() yet
sides-call-unknown = the program's call is not in the capture: `wirelab run` records it
