# IP reassembly (annotate::fragments): the datagram a frame completed, what was wrong with
# its fragments, and the datagrams that never completed. Byte ranges are the payload's,
# first and last byte inclusive. Mirrored by zh-CN/fragments.ftl.

frag-reassembled = reassembled from { $frames } ({ $len } bytes)
frag-no-frames = no frames
frag-one-frame = frame { $n }
frag-many-frames = { $count } fragments, frames { $first }–{ $last }
frag-frames = frames { $list }
frag-list-join = { $list }, { $next }
frag-overlap-differs = overlapping IP fragments: bytes { $start }–{ $end } differ (frame { $frame }'s copy not used)
frag-overlap-same = overlapping IP fragments: bytes { $start }–{ $end } sent again, the same (frame { $frame })
frag-conflicting-end = conflicting last IP fragments: frame { $frame } ends the datagram at { $other } bytes, an earlier one at { $first } (kept)
frag-past-end = IP fragment in frame { $frame } runs to { $end } bytes, past the datagram's end at { $datagram_end } (cut there)
frag-past-max = IP fragment past 65535: the datagram would be { $end } bytes (dropped)
frag-too-many = more than { $max } IP fragments: datagram given up
frag-cut-short = IP fragment cut short by the capture: not reassembled
frag-incomplete = { $datagram } never completed ({ $why }): { $frames } ({ $held } bytes held, { $end })
frag-datagram-v4 = IPv4 datagram { $src } → { $dst } id={ $id }
frag-datagram-v6 = IPv6 datagram { $src } → { $dst } id={ $id }
frag-timed-out = timed out after { $secs } s
frag-table-full = given up: too many fragments held
frag-end-of-input = still missing fragments at the end
frag-of = of { $len }
frag-last-unseen = last fragment not seen
