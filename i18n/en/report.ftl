# The words of the HTML report and the SVG ladders and time-sequence graphs (src/report/).
# Each id has its twin in zh-CN/report.ftl with the same arguments.

report-title = wirelab report: { $title }
report-conversations = Conversations
report-drawn-one = Drawn below: conversation { $id }.
report-drawn = Drawn below: { $count } conversation(s), the first { $max } at most (--max-conversations), { $frames } packets at most in all and { $rows } per conversation.
report-ladder = ladder
report-tsg = time-sequence
report-tsg-hint = Drag a rectangle to zoom in; double-click to see the whole graph.

## The panel an arrow opens.
report-panel = Packet
report-panel-hint = Click an arrow (or move to it with Tab and press Enter) to see what its packet does.
report-panel-states = states before → after
report-panel-numbers = sequence numbers
report-panel-notes = notes
report-panel-fields = fields
report-panel-bytes = bytes

## The ladder.
report-heading = conversation { $id } ({ $proto }): client { $client } ⇄ server { $server }
report-outcome = { $state } { $history }: handshake { $handshake }, teardown { $teardown }
report-col-frame = frame
report-col-delta = delta
report-more = … { $count } more packets not drawn
report-none = no conversation to draw
report-arrow = frame { $frame }: { $label }

## The time-sequence graph.
report-tsg-title = time-sequence: { $from } → { $to } data, conversation { $id }
report-tsg-time = time since the conversation's first packet (s)
report-tsg-sequence = relative sequence number (bytes)
report-tsg-legend = bar: data segment · R: resent · solid: ACK · dashed: ACK + receive window · thick: SACK block · Z: zero window
report-tsg-legend-clipped = { $legend } · window line cut at the top
