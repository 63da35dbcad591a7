# IP 重组（annotate::fragments）的中文说法：一帧完成的数据报、它的分片有什么问题、以及
# 始终没有完成的数据报。字节范围是载荷中的，首尾字节都包括在内。与 en/fragments.ftl 一一对应，参数相同。

frag-reassembled = 由{ $frames }重组（{ $len } 字节）
frag-no-frames = 没有帧
frag-one-frame = 第 { $n } 帧
frag-many-frames = { $count } 个分片，第 { $first }–{ $last } 帧
frag-frames = 第 { $list } 帧
frag-list-join = { $list }、{ $next }
frag-overlap-differs = IP 分片重叠：字节 { $start }–{ $end } 不同（没有使用第 { $frame } 帧的副本）
frag-overlap-same = IP 分片重叠：字节 { $start }–{ $end } 再次发送，内容相同（第 { $frame } 帧）
frag-conflicting-end = 最后分片互相矛盾：第 { $frame } 帧让数据报在 { $other } 字节处结束，较早的一个在 { $first } 字节处（保留较早的）
frag-past-end = 第 { $frame } 帧中的 IP 分片延伸到 { $end } 字节，超过了数据报在 { $datagram_end } 字节处的结尾（在那里截断）
frag-past-max = IP 分片超过 65535：数据报将有 { $end } 字节（丢弃）
frag-too-many = IP 分片超过 { $max } 个：放弃这个数据报
frag-cut-short = IP 分片被抓包截短：不重组
frag-incomplete = { $datagram } 始终没有完成（{ $why }）：{ $frames }（已保存 { $held } 字节，{ $end }）
frag-datagram-v4 = IPv4 数据报 { $src } → { $dst } id={ $id }
frag-datagram-v6 = IPv6 数据报 { $src } → { $dst } id={ $id }
frag-timed-out = { $secs } s 后超时
frag-table-full = 已放弃：保存的分片太多
frag-end-of-input = 到结尾时仍缺少分片
frag-of = 共 { $len } 字节
frag-last-unseen = 没有看到最后一个分片
