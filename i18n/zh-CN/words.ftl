# 跟踪器的发现的中文说法：各步的解释、TCP 分析发现、UDP 与 ICMP 的说明、校验和说明、角色的理由。
# 与 en/words.ftl 一一对应，参数相同。只有一个参数的消息每个进程只按参数切分一次
# （annotate::lang），数据包行写它们时不再经过 Fluent：这样的消息请写在一行之内。

## 三次握手与四次挥手各步的含义（JSON 的 step.text、TUI）。
why-syn = 客户端请求建立连接，并选定自己的初始序号（ISN）。SYN 占用一个序号，所以服务端将确认 ISN+1。
why-syn-ack = 服务端接受连接：它确认客户端的 ISN+1，并在同一个报文段中发送自己的 ISN。
why-handshake-ack = 客户端确认服务端的 ISN+1。双方都进入 ESTABLISHED（已建立连接）状态：数据可以双向传输。
why-simultaneous-open = 双方都在收到对方的 SYN 之前发送了 SYN（同时打开，RFC 9293 §3.5）：各自以 SYN-ACK 应答，而不是按客户端/服务端的方式握手。
why-syn-retransmitted = SYN 没有及时得到应答，所以客户端的 TCP 在超时后重传它（ISN 不变），每次的超时时间加倍。
why-syn-ack-retransmitted = 服务端没有及时收到最后的 ACK，于是重传它的 SYN-ACK。
why-refused = 目的端口上没有套接字在监听，所以没有连接来接收这个 SYN（RFC 9293 第 3.10.7.1 节：服务端一侧是 CLOSED（关闭），从未处于 LISTEN（监听））：接收方主机的内核自己回复 RST-ACK，connect() 以“连接被拒绝”（ECONNREFUSED）失败。
why-first-fin = 这一方没有更多数据要发送，关闭自己这个方向（主动关闭，FIN-WAIT-1（终止等待 1））。FIN 占用一个序号。另一方仍可以发送。
why-ack-of-first-fin = FIN 被单独确认；关闭的一方在 FIN-WAIT-2（终止等待 2）中等待另一方的 FIN。这就是四次挥手（FIN、ACK、FIN、ACK）。
why-second-fin = 另一方也关闭（被动关闭：从 CLOSE-WAIT（关闭等待）到 LAST-ACK（最后确认））。先关闭的一方收到它后进入 TIME-WAIT（时间等待）。
why-second-fin-piggybacked = 被动关闭的一方确认 FIN，并在同一个报文段中发送自己的 FIN（FIN 捎带在 ACK 上）：这是三次挥手，应用程序立即关闭时 Linux 通常这样做。
why-final-ack = 最后一个 ACK：被动关闭的一方进入 CLOSED（关闭）；主动关闭的一方停留在 TIME-WAIT（时间等待）（2×MSL），让这个连接残留的报文段消失。
why-simultaneous-close = 双方都在收到对方的 FIN 之前发送了 FIN（同时关闭）：双方都经过 CLOSING（同时关闭中）进入 TIME-WAIT（时间等待）。
why-simultaneous-close-ack = 同时关闭时，每一方都确认对方的 FIN；然后各自在 TIME-WAIT（时间等待）中等待。
why-half-close-data = 半关闭：一个方向已被 FIN 关闭，另一个方向仍在传输数据（先关闭的一方调用了 shutdown(SHUT_WR)）。
why-abort = 连接被 RST 中止：没有有序的 FIN 交换，未发送的数据被丢弃（例如 SO_LINGER 为 0 时的 close()，或进程崩溃）。
why-rst-after-fin = FIN 之后的 RST：这一方以中止的方式结束了连接，例如关闭时接收缓冲区中还有未读的数据。

## TCP 分析发现及其触发原因（JSON 的 analysis.reason、TUI）。
finding-retransmission = 重传：这些序号以前发送过（丢失的数据包被重新发送）
finding-fast-retransmission = 快速重传：{ $dupacks } 个重复 ACK 要求后重新发送
finding-out-of-order = 乱序：较早的序号紧跟在较晚的序号之后到达
finding-duplicate-ack = 重复 ACK 第 { $count } 个：同样的确认号再次出现，接收方缺少数据
finding-zero-window = 零窗口：接收方的缓冲区已满，发送方必须等待
finding-window-update = 窗口更新：只有通告的窗口变了
finding-keep-alive = 保活：用旧的序号探测空闲的连接
finding-lost-segment = 前一报文段未捕获：缺少 { $missing } 字节的序号空间
finding-spurious-retransmission = 虚假重传：接收方已经确认过这些字节，所以无须再次发送（它的 ACK 迟到或丢失了）
finding-acked-unseen-segment = 确认了未见的报文段：它确认的字节在捕获中从未见到被发送（捕获开始时常见，或捕获丢掉了它们）
finding-window-full = 窗口已满：这些数据填满了接收方通告的窗口，直到最后一个字节；发送方现在必须等待 ACK
finding-keep-alive-ack = 保活 ACK：对保活探测的应答重复上一个 ACK，表明对方仍在
finding-zero-window-probe = 零窗口探测：向接收方关闭（为零）的窗口发送一个字节，让它应答当前的窗口
finding-zero-window-probe-ack = 零窗口探测 ACK：对探测的应答，窗口仍为 0；发送方继续等待并探测
finding-overlap-conflict = 报文段重叠处数据冲突：重新发送的字节中有 { $differing } 个与第一次发送的不同（与 tshark 一样，重组时采用第一次的数据）
finding-overlap-unchecked-dir = 在对方确认已发送的数据之前，不以这种方式检查重叠：未确认的数据超过 { $kib } KiB，超出检查保留的范围
finding-overlap-unchecked-total = 在对方确认已发送的数据之前，不以这种方式检查重叠：所有连接合计，检查最多保留 { $mib } MiB 未确认的数据

## 发现的简短说法，用在数据包行和梯形图上。
short-retransmission = 重传
short-fast-retransmission = { $dupacks } 个重复 ACK 后快速重传
short-out-of-order = 乱序
short-duplicate-ack = 重复 ACK 第 { $count } 个
short-zero-window = 零窗口
short-window-update = 窗口更新
short-keep-alive = 保活
short-lost-segment = 前一报文段未捕获（{ $missing } 字节）
short-spurious-retransmission = 虚假重传
short-acked-unseen-segment = 确认了未见的报文段
short-window-full = 窗口已满
short-keep-alive-ack = 保活 ACK
short-zero-window-probe = 零窗口探测
short-zero-window-probe-ack = 零窗口探测 ACK
short-overlap-conflict = 重叠冲突：{ $differing } 字节不同
short-overlap-unchecked = 确认之前未检查重叠

## 会话发现合计中的名称（“重复 ACK ×3”）。
name-zero-window-probe = 零窗口探测
name-zero-window = 零窗口
name-lost-segment = 前一报文段未捕获
name-keep-alive = 保活
name-window-update = 窗口更新
name-window-full = 窗口已满
name-keep-alive-ack = 保活 ACK
name-zero-window-probe-ack = 零窗口探测 ACK
name-duplicate-ack = 重复 ACK
name-acked-unseen-segment = 确认了未见的报文段
name-spurious-retransmission = 虚假重传
name-fast-retransmission = 快速重传
name-out-of-order = 乱序
name-retransmission = 重传
name-overlap-conflict = 重叠冲突
name-overlap-unchecked = 未检查重叠

## UDP 数据报上的说明。
udp-first = 没有握手，也没有挥手：UDP 是无连接的
udp-request = 请求
udp-response = 对第 { $frame } 帧的响应
udp-unsolicited = 来自服务端，之前没有请求

## ICMP。
icmp-error-about = 关于会话 { $conn } 的差错
icmp-error-about-json = 关于会话 { $conn } 的 ICMP 差错
icmp-error-label = ICMP 差错 { $type }/{ $code }
icmp-echo-request-label = 回显请求 id={ $id } seq={ $seq }
icmp-echo-reply-label = 回显应答 id={ $id } seq={ $seq }

## 不完全正确的校验和（$what：TCP、UDP、IPv4 首部）。
checksum-what-ipv4-header = IPv4 首部
checksum-bad = { $what } 校验和错误 { $found }，字节之和为 { $expected }
checksum-offloaded = { $what } 校验和未计算：已卸载给网卡，未验证
checksum-uncaptured = { $what } 校验和未验证：捕获截掉了它覆盖的字节
checksum-absent = 没有 { $what } 校验和（0：发送方选择不用，IPv4 允许这样）

## 为什么客户端是客户端（JSON 的 roles_by）。
roles-by-sent-syn = 发送了第一个 SYN
roles-by-got-syn-ack = 收到了见到的第一个 SYN-ACK
roles-by-server-port-class = 对方的端口属于更低的类别（公认 < 注册 < 动态）
roles-by-first-sender = 发送了见到的第一个数据包
roles-by-sent-echo-request = 发送了回显请求

## 握手未捕获、不知道窗口扩大因子时，tshark 式 win= 之后的说明。
window-scale-unknown = （扩大因子未知）

## 应用层行上 wirelab 自己的用语（协议本身的名称保持原样）。
app-text = 文本：
app-dns-query = 查询
app-dns-response = 响应
app-dhcp-from-server = 来自服务端
app-dhcp-from = 来自
app-dhcp-asks-for = 请求地址

## 会话的第一个数据包出现在握手之后时，JSON 的说明。
note-mid-stream = 从中途开始：没有捕获到握手

## 文本行上的 ICMP 报文类型与代码（JSON 的 type_name 与 code_name 保持 decode::names 的英文）。
icmp-echo-reply = 回显应答
icmp-destination-unreachable = 目的不可达
icmp-source-quench = 源抑制
icmp-redirect = 重定向
icmp-echo-request = 回显请求
icmp-router-advertisement = 路由器通告
icmp-router-solicitation = 路由器请求
icmp-time-exceeded = 超时
icmp-parameter-problem = 参数问题
icmp-timestamp-request = 时间戳请求
icmp-timestamp-reply = 时间戳应答
icmp-unknown-type = 未知类型
icmp-packet-too-big = 分组过大
icmp-multicast-listener-query = 多播侦听者查询
icmp-multicast-listener-report = 多播侦听者报告
icmp-multicast-listener-done = 多播侦听者完成
icmp-neighbor-solicitation = 邻居请求
icmp-neighbor-advertisement = 邻居通告
icmp-multicast-listener-report-v2 = 多播侦听者报告 v2
icmp-network-unreachable = 网络不可达
icmp-host-unreachable = 主机不可达
icmp-protocol-unreachable = 协议不可达
icmp-port-unreachable = 端口不可达
icmp-fragmentation-needed = 需要分片
icmp-source-route-failed = 源路由失败
icmp-destination-network-unknown = 目的网络未知
icmp-destination-host-unknown = 目的主机未知
icmp-network-administratively-prohibited = 网络被管理禁止
icmp-host-administratively-prohibited = 主机被管理禁止
icmp-communication-administratively-prohibited = 通信被管理禁止
icmp-redirect-for-network = 对网络重定向
icmp-redirect-for-host = 对主机重定向
icmp-ttl-exceeded-in-transit = 传输中 TTL 超时
icmp-fragment-reassembly-time-exceeded = 分片重组超时
icmp-no-route-to-destination = 没有到目的地的路由
icmp-administratively-prohibited = 被管理禁止
icmp-address-unreachable = 地址不可达
icmp-hop-limit-exceeded-in-transit = 传输中跳数限制超时
icmp-erroneous-header-field = 首部字段错误
icmp-unrecognized-next-header = 无法识别的下一个首部
icmp-unrecognized-ipv6-option = 无法识别的 IPv6 选项
icmp-code = 代码 { $code }
icmp-quoting = 关于

## 文本行上的 ARP。
arp-request = 请求
arp-reply = 应答
arp-who-has = 谁是 { $target }？请告诉 { $sender }
arp-is-at = { $sender } 的 MAC 地址是 { $mac }
arp-hardware = 发送方 { $sender }，目标 { $target }

## -v：会话的第一个数据包之下，它的地址与端口。
verbose-address = { $role }地址 { $addr }：{ $what }
verbose-port = { $role }端口（{ $why }）：{ $what }
verbose-client-port = 客户端的端口，通常由操作系统选择
verbose-server-port = 服务端监听的端口

## TUI 解释的报文段窗口，以及一个会话的 RTT。
window-scaled = { $window } × { $factor } = { $bytes } 字节，缩放因子来自 SYN
window-not-used = { $bytes } 字节：没有使用缩放（有一个 SYN 没有带窗口缩放选项）
window-unknown = { $bytes }（字段的原值）：缩放未知，设定它的 SYN 没有被抓到
window-syn = { $bytes } 字节：SYN 的窗口从不缩放（RFC 7323）
rtt-initial = 初始 RTT { $rtt } s（从 SYN 到它之后的第一个 ACK）
rtt-initial-none = 初始 RTT 未测得（没有抓到三次握手）
rtt-acked = ；{ $whose }的数据在 { $min }–{ $max } s 后被确认，平均 { $mean }（计时了 { $count } 个 ACK）
