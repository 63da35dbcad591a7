# The explanation pane's sentences (src/tui/explain.rs), which the HTML report's panel
# shows too. Each id has its twin in zh-CN/tui-explain.ftl with the same arguments.
# $from is the side that sent the packet, $to the other ("client", "server").

ex-title = frame { $frame } · { $from } → { $to } · { $label }
ex-flags-from = { $flags } from the { $from }
ex-socket-call = socket call on the { $side }: { $call }
ex-state-unchanged = { $who } { $state } (unchanged)
ex-state-changed = { $who } { $before } → { $after }

## UDP, ICMP.
ex-udp-label = UDP, { $bytes } bytes
ex-udp-first = The { $from } sends a datagram of { $bytes } bytes. { $label }: there is no connection to open first, no state on either side.
ex-udp-datagram = A datagram of { $bytes } bytes: { $label }. UDP keeps no state; the application matches answers to questions.
ex-udp-numbers = UDP has no sequence or acknowledgement numbers: nothing orders, acknowledges or resends datagrams.
ex-echo-request-title = frame { $frame } · ICMP echo request (ping)
ex-echo-reply-title = frame { $frame } · ICMP echo reply (ping)
ex-echo-request = The client pings: an ICMP echo request with identifier { $id } and sequence number { $seq }, carrying { $bytes } bytes of data. The host it is sent to answers with an echo reply with the same identifier, sequence number and data (RFC 792).
ex-echo-reply = The server answers: an ICMP echo reply with identifier { $id } and sequence number { $seq }, carrying { $bytes } bytes of data. It copies the request's identifier, sequence number and data, so the pinger can match it to its request and time the round trip (RFC 792).
ex-echo-numbers = ICMP has no connection: the identifier (one per ping process) groups the requests and replies into this conversation, as Zeek groups them; the sequence number counts the pings.
ex-icmp-error-title = frame { $frame } · ICMP error about this conversation
ex-icmp-error = An ICMP error (type { $type }, code { $code }) quoting one of this conversation's packets: a router or the peer's host could not deliver it.

## The conversation's notes.
ex-conversation-rtt = conversation: { $rtt }
ex-conversation-findings = conversation findings: { $findings }
ex-port = { $who } port { $port }
ex-port-name = { $who } { $name }
ex-address = { $who } address { $addr }: { $fact }

## A segment that is no named step.
ex-rst = The { $from } resets the connection (RST): the { $to } drops it at once, without the FIN exchange.
ex-data = The { $from } sends { $bytes } bytes of data (relative bytes { $first }–{ $last }). The { $to } will acknowledge { $next } — the next byte it then expects.
ex-data-psh = { $before } PSH asks the receiver to hand the data to the application now.
ex-data-ack = { $before } The ACK flag also confirms the { $to }'s bytes before { $ack }.
ex-bare-ack = A bare acknowledgement: the { $from } has received every byte the { $to } sent before relative byte { $ack } and expects that one next. It carries no data, so it uses up no sequence number (seq stays { $seq }).
ex-flags-only = A segment with flags { $flags } and no data.

## The sequence arithmetic.
ex-seq-isn = seq { $raw } = the { $from }'s ISN, chosen at random; relative numbers count from it, so this is seq 0
ex-seq = seq { $seq } (relative) = raw { $raw } − the { $from }'s base { $base }
ex-ack-of-syn = ack { $ack } (relative) = raw { $raw } = the { $to }'s ISN { $base } + 1: its SYN used up one number
ex-ack = ack { $ack } (relative) = raw { $raw } − the { $to }'s base { $base }: the next byte the { $from } expects
ex-no-ack = no ACK flag: the acknowledgement field (raw { $raw }) means nothing
ex-seq-ack-relative = seq { $seq } ack { $ack } (relative)
ex-next-seq = next seq = seq { $seq } + data { $data } + SYN { $syn } + FIN { $fin } = { $next }
ex-window = window { $words }
