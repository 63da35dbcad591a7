# The TUI's own words (src/tui/view/, src/tui/app.rs, packets.rs, follow.rs): titles,
# column names, footer hints, the help screen, status and error lines. Each id has its twin
# in zh-CN/tui.ftl with the same arguments. English is pinned byte for byte by
# tests/tui_snapshots.rs.

## Counts in titles.
tui-frames = { $count } frames
tui-conversations = { $count } { $count ->
    [one] conversation
   *[other] conversations
}
tui-shown = { $count } shown
tui-indexing = indexing
tui-stopped-early = stopped early: { $reason }
tui-live = live
tui-live-ended = live: ended
tui-frame-unreadable = frame { $frame } could not be read again: { $reason }

## Column names.
tui-col-id = id
tui-col-client = client
tui-col-server = server
tui-col-prot = prot
tui-col-iana-name = IANA name
tui-col-state = state
tui-col-handshake = handshake
tui-col-teardown = teardown
tui-col-pkts = pkts c/s
tui-col-frame = frame
tui-col-delta = delta
tui-col-time = time
tui-col-what = what

## The conversation list.
tui-list-sorted = Conversations · sorted by { $column }
tui-list-sorted-reversed = Conversations · sorted by { $column }, reversed
tui-list-filter = Conversations · filter: { $filter }
tui-list-reading = reading the capture…
tui-list-none = no TCP or UDP conversation in this capture (p lists every packet)
tui-list-no-match = no conversation matches the filter (Esc clears it)
tui-sort-first-seen = first seen
tui-sort-packets = packets
tui-sort-bytes = bytes
tui-sort-state = state
tui-sort-server-port = server port
tui-sort-duration = duration

## Footer hints: what a key does.
tui-hint-select = select
tui-hint-open = open
tui-hint-follow = follow
tui-hint-filter = filter
tui-hint-sort = sort
tui-hint-packets = packets
tui-hint-help = help
tui-hint-quit = quit
tui-hint-done = done
tui-hint-delete = delete
tui-hint-step = step
tui-hint-event = event
tui-hint-first-last = first/last
tui-hint-pane = pane
tui-hint-back = back
tui-hint-frame = frame
tui-hint-search = search
tui-hint-match = match
tui-hint-field = field
tui-hint-go = go
tui-hint-cancel = cancel
tui-hint-move = move
tui-hint-packet = packet
tui-hint-keys = keys

## The ladder.
tui-conversation-id = conversation { $id }
tui-ladder-step = step { $step }/{ $count }
## In a running quiz: the count would tell how many packets are left.
tui-ladder-step-quiz = step { $step }
## The ladder's box title in a running quiz, in place of how the conversation ended.
tui-ladder-quiz = challenge mode: what comes next?
tui-ladder-title = Ladder · { $status }
tui-ladder-irtt = initial RTT { $seconds } s
tui-status-udp-ended = UDP: datagrams, no connection to open or close
tui-status-udp = UDP: datagrams, more may come
tui-status-echo = ICMP echo: requests and replies, no connection
tui-status-open = still open, more may come
tui-status-refused = refused ({ $state })
tui-status-open-at-end = handshake { $handshake }, open at the end of the capture
tui-status-closed = handshake { $handshake }, teardown { $teardown }
tui-note-icmp-error = ICMP error
tui-note-echo-request = ping: echo request
tui-note-echo-reply = ping: echo reply

## The lower panes.
tui-pane-explanation = Explanation
tui-pane-packet = Packet
tui-packet-title = frame { $frame }, { $bytes } bytes
tui-section-states = states
tui-section-numbers = numbers
tui-section-notes = notes
tui-scroll-more = { $count } more lines: J scrolls down, K up
tui-scroll-up = K scrolls up

## The packet list.
tui-packets-list = packet list
tui-packets-pane = Packets
tui-packets-none = no frames
tui-packets-goto = go to frame: { $input }
tui-packets-search = search: { $input }
tui-packets-frame-of = frame { $frame } of { $last }
tui-packets-no-conversation = frame { $frame } belongs to no conversation
tui-packets-not-a-number = not a frame number: { $input }
tui-packets-next = no frame { $frame } in the list: frame { $next } is next
tui-packets-past-last = no frame { $frame }: the last is { $last }
tui-packets-no-search = no search yet: / then text, Enter
tui-packets-match = frame { $frame } matches { $query }
tui-packets-match-wrapped = frame { $frame } matches { $query } (went round the end)
tui-packets-no-match = no frame matches { $query }

## The follow pane.
tui-follow-title = Follow { $proto } conversation { $id }: client { $client } · server { $server }
tui-follow-title-bare = Follow conversation { $id }
tui-follow-cut = the first { $mib } MiB only: `wirelab read FILE --follow { $id }` shows all
tui-follow-empty = no bytes: this conversation carried no data
tui-follow-bytes = { $count } { $count ->
    [one] byte
   *[other] bytes
} in stream order
tui-follow-lines = { $count } lines
tui-follow-line-of = line { $line } of { $count }
tui-follow-no-packet = no packet carried these bytes: the capture missed them

## The help screen: its title, its sections, and what each key does (KEYS in
## src/tui/action.rs).
tui-help-title = Keys · any key closes
tui-help-everywhere = Everywhere
tui-help-conversations = Conversations
tui-help-ladder = Ladder
tui-help-packets = Packet list
tui-help-follow = Follow pane
tui-key-everywhere-this-help-any = this help (any key closes it)
tui-key-everywhere-quit = quit
tui-key-everywhere-click-to-select = click to select, wheel to scroll
tui-key-conversations-select-a-conversation = select a conversation
tui-key-conversations-page-first-last = page, first, last
tui-key-conversations-open-it-as = open it as a ladder
tui-key-conversations-follow-its-bytes = follow its bytes, both sides (also from the ladder)
tui-key-conversations-every-packet-arp = every packet (ARP, ICMP too) in a list
tui-key-conversations-filter-address-port = filter: address, port, state, service
tui-key-conversations-end-typing-again = end typing; again clears the filter
tui-key-conversations-next-sort-column = next sort column, reverse order
tui-key-ladder-next-previous-packet = next / previous packet
tui-key-ladder-next-previous-packet-2 = next / previous packet (fields in the packet pane)
tui-key-ladder-next-previous-handshake = next / previous handshake, teardown or analysis event
tui-key-ladder-first-last-packet = first / last packet
tui-key-ladder-switch-pane-explanation = switch pane: explanation ↔ packet
tui-key-ladder-previous-next-field = previous / next field of the packet
tui-key-ladder-scroll-the-explanation = scroll the explanation
tui-key-ladder-back-to-the = back to the conversations
tui-key-packets-select-a-packet = select a packet
tui-key-packets-page-first-last = page, first, last
tui-key-packets-go-to-a = go to a frame: type its number, Enter
tui-key-packets-search-the-lines = search the lines for text, Enter; next / previous match
tui-key-packets-open-its-conversation = open its conversation at this packet
tui-key-packets-previous-next-field = previous / next field of the packet
tui-key-packets-back-to-the = back to the conversations
tui-key-follow-move-the-cursor = move the cursor a line
tui-key-follow-page-first-last = page, first, last line
tui-key-follow-the-packet-that = the packet that carried these bytes, in the ladder
tui-key-follow-back-f-in = back (f in the ladder comes back here)

## A packet list line whose frame could not be read again (in parentheses).
tui-line-unreadable = could not be read again: { $reason }

## The title of a live TUI: what it watches.
tui-title-capture = live capture on { $device }
tui-title-lab = lab { $scenario } on { $device }
tui-title-run = run { $program } ({ $output })
tui-run-output-dropped = its output is not kept: --program-output FILE keeps it
tui-run-output-file = its output goes to { $path }
