# 解释窗格的句子（src/tui/explain.rs），HTML 报告的面板也显示这些句子。
# 每个 id 都与 en/tui-explain.ftl 中的同名消息对应，参数相同。
# $from 是发送这个数据包的一方，$to 是另一方（“客户端”“服务端”）。

ex-title = 第 { $frame } 帧 · { $from } → { $to } · { $label }
ex-flags-from = { $from }发出的 { $flags }
ex-socket-call = { $side }的套接字调用：{ $call }
ex-state-unchanged = { $who } { $state }（未变）
ex-state-changed = { $who } { $before } → { $after }

## UDP 与 ICMP。
ex-udp-label = UDP，{ $bytes } 字节
ex-udp-first = { $from }发送一个 { $bytes } 字节的数据报。{ $label }：不需要先建立连接，双方都不保存状态。
ex-udp-datagram = 一个 { $bytes } 字节的数据报：{ $label }。UDP 不保存状态；由应用程序把应答与请求对应起来。
ex-udp-numbers = UDP 没有序号和确认号：没有谁为数据报排序、确认或重传。
ex-echo-request-title = 第 { $frame } 帧 · ICMP 回显请求（ping）
ex-echo-reply-title = 第 { $frame } 帧 · ICMP 回显应答（ping）
ex-echo-request = 客户端在 ping：一个 ICMP 回显请求，标识符 { $id }，序号 { $seq }，携带 { $bytes } 字节数据。收到它的主机会回复一个标识符、序号和数据都相同的回显应答（RFC 792）。
ex-echo-reply = 服务端应答：一个 ICMP 回显应答，标识符 { $id }，序号 { $seq }，携带 { $bytes } 字节数据。它复制请求的标识符、序号和数据，发送 ping 的一方据此把它与请求对应起来，并测出往返时间（RFC 792）。
ex-echo-numbers = ICMP 没有连接：标识符（每个 ping 进程一个）把请求和应答归为这个会话，与 Zeek 的分组方式相同；序号为 ping 计数。
ex-icmp-error-title = 第 { $frame } 帧 · 关于此会话的 ICMP 差错
ex-icmp-error = 一个 ICMP 差错报文（类型 { $type }，代码 { $code }），引用了此会话的一个数据包：某个路由器或对端主机无法投递它。

## 整个会话的备注。
ex-conversation-rtt = 会话：{ $rtt }
ex-conversation-findings = 会话中的分析发现：{ $findings }
ex-port = { $who }端口 { $port }
ex-port-name = { $who }：{ $name }
ex-address = { $who }地址 { $addr }：{ $fact }

## 不属于握手或挥手的报文段。
ex-rst = { $from }重置连接（RST）：{ $to }立即丢弃这个连接，不经过 FIN 交换。
ex-data = { $from }发送 { $bytes } 字节数据（相对字节 { $first }–{ $last }）。{ $to }将确认 { $next }——也就是它接下来期待的字节。
ex-data-psh = { $before }PSH 请求接收方立即把数据交给应用程序。
ex-data-ack = { $before }ACK 标志同时确认了{ $to }在 { $ack } 之前的字节。
ex-bare-ack = 一个纯确认：{ $from }已收到{ $to }在相对字节 { $ack } 之前发送的每个字节，接下来期待的就是这个字节。它不携带数据，因此不占用序号（seq 仍为 { $seq }）。
ex-flags-only = 一个标志为 { $flags } 且不带数据的报文段。

## 序号的算法。
ex-seq-isn = seq { $raw } = { $from }的初始序号（ISN），随机选取；相对序号从它开始计数，所以这里是 seq 0
ex-seq = seq { $seq }（相对）= 原始值 { $raw } − { $from }的基数 { $base }
ex-ack-of-syn = ack { $ack }（相对）= 原始值 { $raw } = { $to }的初始序号 { $base } + 1：它的 SYN 占用了一个序号
ex-ack = ack { $ack }（相对）= 原始值 { $raw } − { $to }的基数 { $base }：{ $from }接下来期待的字节
ex-no-ack = 没有 ACK 标志：确认号字段（原始值 { $raw }）没有意义
ex-seq-ack-relative = seq { $seq } ack { $ack }（相对）
ex-next-seq = 下一个 seq = seq { $seq } + 数据 { $data } + SYN { $syn } + FIN { $fin } = { $next }
ex-window = 窗口 { $words }
