# Challenge mode's words (src/annotate/quiz.rs, src/tui/quiz/): the questions, their options,
# right or wrong and why, the score. Each id has its twin in zh-CN/quiz.ftl with the same
# arguments.

## The questions, asked before frame $frame is revealed.
quiz-ask-sender = Frame { $frame }: who sends it?
quiz-ask-flags = Frame { $frame }: which flags does it carry?
quiz-ask-seq = Frame { $frame }: its relative sequence number?
quiz-ask-ack = Frame { $frame }: its relative acknowledgement number?
quiz-ask-window = Frame { $frame }: the value of its window field?
quiz-ask-client-state = Frame { $frame }: the client's state after it?
quiz-ask-server-state = Frame { $frame }: the server's state after it?
quiz-ask-layer = Frame { $frame }: which layer of the TCP/IP model adds the { $field }?

## Fields a layer question asks about.
quiz-field-port = port numbers
quiz-field-ip_address = IP addresses
quiz-field-mac = MAC addresses
quiz-field-ttl = TTL (time to live)
quiz-field-seq = sequence number

## Options.
quiz-side-client = client
quiz-side-server = server
quiz-layer-link = link layer
quiz-layer-internet = internet layer
quiz-layer-transport = transport layer
quiz-layer-application = application layer

## Verdicts and why.
quiz-right = Right.
quiz-wrong = Wrong: the answer is { $answer }.
quiz-skipped = Skipped: the answer is { $answer }.
quiz-why-sender-c2s = The client sends it: it goes client → server.
quiz-why-sender-s2c = The server sends it: it goes server → client.
quiz-why-seq = The relative sequence number counts this side's bytes from 0 at its SYN; a SYN and a FIN each take one number.
quiz-why-ack = The relative acknowledgement number is the next byte the sender expects from the other side (0 before it has seen the other side's SYN).
quiz-why-window = The window field is how many bytes the sender can still receive, before the scale its SYN announced.
quiz-why-layer-port = Ports are in the TCP or UDP header: with them the transport layer picks the socket on each host.
quiz-why-layer-ip_address = IP addresses are in the IP header: the internet layer carries the packet from host to host.
quiz-why-layer-mac = MAC addresses are in the Ethernet header: the link layer carries the frame to the next hop only.
quiz-why-layer-ttl = The TTL is in the IP header: the internet layer drops a packet after that many hops.
quiz-why-layer-seq = The sequence number is in the TCP header: the transport layer numbers the bytes of each direction.
quiz-why-data = Not a handshake or teardown step: it carries { $bytes } bytes of data, and its ACK flag acknowledges what came from the other side.
quiz-why-states = After it: client { $client }, server { $server }.

## The question box and the score.
quiz-title-score = quiz { $right }/{ $asked }
quiz-box-title = question { $n } of { $count } · frame { $frame }
quiz-box-keys-answer = 1–4 or a–d: answer   s: skip
quiz-box-keys-next = Enter or Space: go on
quiz-waiting = waiting for the next packet
quiz-score-title = quiz over
quiz-score-line = { $right } of { $asked } right, { $wrong } wrong, { $skipped } skipped
quiz-score-seed = seed { $seed } asks the same questions again (--quiz-seed { $seed })
quiz-score-keys = Esc: back to the conversations   q: quit
quiz-log-failed = quiz log: { $reason }

## Help lines.
tui-help-quiz = Quiz (--quiz)
tui-key-quiz-answer = answer the question (options 1–4, a–d)
tui-key-quiz-skip = skip the question
tui-key-quiz-next = the next question; after a packet's last one, the packet
