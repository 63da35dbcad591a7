# wirelab's words in English: the text every person-facing view prints by default.
# Each id here has its twin in zh-CN/core.ftl with the same arguments (tests/i18n.rs checks).
# English output is pinned byte for byte by the snapshot tests: change a message here and
# they fail.

## The two roles of a conversation.
role-client = client
role-server = server

## Handshake and teardown steps, the label on a packet line.
step-syn = handshake 1/3: client SYN
step-syn-ack = handshake 2/3: server SYN-ACK
step-handshake-ack = handshake 3/3: client ACK
step-simultaneous-open-syn = simultaneous open: { $by } SYN
step-simultaneous-open-syn-ack = simultaneous open: { $by } SYN-ACK
step-syn-retransmitted = SYN retransmitted (#{ $count }): no answer yet
step-syn-ack-retransmitted = SYN-ACK retransmitted (#{ $count })
step-refused = refused: no socket listens on port { $port }, the kernel answers RST
step-first-fin = teardown 1: { $by } closes first (FIN)
step-ack-of-first-fin = teardown 2/4: { $by } ACKs the FIN
step-second-fin = teardown 3/4: { $by } FIN
step-second-fin-piggybacked = teardown 2/3: { $by } FIN with the ACK piggy-backed
step-final-ack-four-way = teardown 4/4: { $by } ACKs the FIN
step-final-ack-three-way = teardown 3/3: { $by } ACKs the FIN
step-simultaneous-close = simultaneous close: { $by } FIN
step-simultaneous-close-ack = simultaneous close: { $by } ACKs the FIN
step-half-close-data = half-close: { $by } still sends after the other side's FIN
step-abort = abort: { $by } resets the connection (RST)
step-rst-after-fin = RST after FIN: { $by } resets

## RFC 9293 states: the first time a line names a state (-first), and after that.
state-closed-first = CLOSED
state-closed = CLOSED
state-listen-first = LISTEN
state-listen = LISTEN
state-syn-sent-first = SYN-SENT
state-syn-sent = SYN-SENT
state-syn-received-first = SYN-RECEIVED
state-syn-received = SYN-RECEIVED
state-established-first = ESTABLISHED
state-established = ESTABLISHED
state-fin-wait-1-first = FIN-WAIT-1
state-fin-wait-1 = FIN-WAIT-1
state-fin-wait-2-first = FIN-WAIT-2
state-fin-wait-2 = FIN-WAIT-2
state-close-wait-first = CLOSE-WAIT
state-close-wait = CLOSE-WAIT
state-closing-first = CLOSING
state-closing = CLOSING
state-last-ack-first = LAST-ACK
state-last-ack = LAST-ACK
state-time-wait-first = TIME-WAIT
state-time-wait = TIME-WAIT
state-unknown-first = unknown
state-unknown = unknown

## The handshake and teardown cells of the --summary table.
cell-handshake-not-captured = not captured
cell-handshake-refused = refused
cell-handshake-simultaneous-open = simultaneous open
cell-handshake-complete = complete
cell-handshake-no-final-ack = incomplete
cell-handshake-unanswered = no answer
cell-handshake-syn-not-captured = SYN not captured
cell-connectionless = none
cell-teardown-refused = none
cell-teardown-rst-after-fin = RST after FIN (by { $by })
cell-teardown-abort = abort ({ $by } RST)
cell-teardown-simultaneous-close = simultaneous close
cell-teardown-half-close-simultaneous-close = half-close, then simultaneous close
cell-teardown-three-way = three-way
cell-teardown-half-close-three-way = half-close, then three-way
cell-teardown-four-way = four-way
cell-teardown-half-close-four-way = half-close, then four-way
cell-teardown-half-closed = half-closed ({ $by } FIN)
cell-teardown-open = none
