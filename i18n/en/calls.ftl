# The lab's and `wirelab run`'s call lines (annotate::calls): what a socket call did, what it
# put on the wire, what an option and an errno mean. The calls themselves are written as a
# program writes them (`connect(127.0.0.1:8001)`), in every language. Mirrored by
# zh-CN/calls.ftl.

## A call's line, built up: the call, then its failure, what that means, the packets.
call-fails = { $call } fails: { $error }
call-meaning = { $call } ({ $meaning })
call-caused = { $call } → { $sent }
call-coalesced = { $call }: sends { $sends } of this socket, coalesced into one segment
call-with-meaning = { $call }: { $meaning }
call-conversation = { $call }  [conversation { $conn }]
call-held = { $call }; { $local } was held by a socket in { $state }{ $with }
call-held-time-wait = { $call }: the old connection waits out TIME-WAIT (2 MSL) after its active close; setsockopt(SO_REUSEADDR, 1) before bind(), in the old server and the new one (Linux keeps the old socket's setting with its TIME-WAIT entry), lets a server take its port back meanwhile

## What a call returned.
call-getsockopt-rcvbuf = getsockopt({ $option }): what the kernel gave, twice what was asked: the other half is for its own bookkeeping of each packet
call-connect-fails = connect() fails: { $error }
call-connect-returns-from = connect() returns: connected from { $local }
call-connect-returns = connect() returns
call-accept-fails = accept() fails: { $error }
call-accept-returns-for = accept() returns a new socket for { $peer }
call-accept-returns = accept() returns
call-send = send({ $len } bytes)
call-sendto = sendto({ $len } bytes, { $to })
call-recv-fails = recv() fails: { $error }
call-recv-eof = recv() returns 0: end of stream (the peer's FIN)
call-recv-returns = recv() returns { $n } bytes
call-recvfrom-fails = recvfrom() fails: { $error }
call-recvfrom-from = recvfrom() returns { $len } bytes from { $peer }
call-recvfrom-returns = recvfrom() returns { $len } bytes
call-shutdown-read = shutdown(SHUT_RD): nothing is sent
call-close-listener = close() of the listening socket
call-close-unread = close() with { $bytes } bytes received and never read: the kernel resets the connection (RST) instead of closing it with FIN
call-close-shared = close() of one descriptor; { $others } more still hold the socket, so it stays open and nothing is sent

## What a call put on the wire.
call-sent-datagram = datagram ({ $bytes } bytes)
call-sent-data = data ({ $bytes } bytes)
call-sent-segments = { $n } data segments ({ $bytes } bytes)
call-sent-resolution = address resolution, then { $sent }
call-list-range = { $first } to { $last }
call-list-and = { $rest } and { $last }
call-list-join = { $list }, { $next }

## What setting a socket option does (Linux's defaults from tcp(7) and socket(7)).
opt-rcvbuf = a receive buffer of { $value } bytes; the window this socket offers is made from it, so a small one fills after a few segments
opt-nodelay-off = Nagle's algorithm on (the default)
opt-nodelay-on = Nagle's algorithm off: each write goes out at once, even a small one while earlier data is still unacknowledged
opt-quickack-off = quick-ACK mode off: the kernel delays its ACKs (40 ms at least) to send them with data or for several segments at once
opt-quickack-on = quick-ACK mode: each segment is acknowledged at once, until the kernel decides to delay again
opt-keepalive-off = keep-alive off (the default)
opt-keepalive-on = keep-alive on: once the connection has been idle for a while, the kernel probes the peer to find out whether it is still there
opt-keepidle = the first keep-alive goes out once nothing has arrived for { $value } s (Linux's default is 7200 s)
opt-keepintvl = { $value } s between keep-alives while they go unanswered (Linux's default is 75 s)
opt-keepcnt = after { $value } keep-alives unanswered the kernel gives the connection up: the next call fails with ETIMEDOUT (Linux's default is 9)

## What an errno means where a sockets program meets it (errno-NAME).
errno-ECONNREFUSED = connection refused: nothing listens on that port; for TCP the peer answered the SYN with RST, for UDP an ICMP port unreachable came back
errno-EADDRINUSE = address already in use: another socket holds this address and port
errno-ECONNRESET = connection reset by peer: the peer's TCP sent RST
errno-EPIPE = broken pipe: this side already shut down writing, or the peer reset the connection
errno-ETIMEDOUT = timed out: the peer never answered, even after the retransmissions
errno-EAGAIN = would block: a non-blocking socket has nothing to read, or no room to write, right now
errno-EINPROGRESS = in progress: a non-blocking connect() sent the SYN and returns before the handshake ends
errno-ENOTCONN = not connected: the socket has no peer yet
errno-EHOSTUNREACH = no route to the host
errno-ENETUNREACH = no route to the network
errno-EACCES = permission denied: ports below 1024 need privileges
