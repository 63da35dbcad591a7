# read 的各视图中数据包之外的用语：--summary 表的表头与表下的说明、--timeline 梯形图
# （文本与 Mermaid），以及它们给出的会话结论。与 en/views.ftl 一一对应。

## --summary 表的列名；“客/服”：先客户端，后服务端。
summary-id = 编号
summary-proto = 协议
summary-client = 客户端
summary-server = 服务端
summary-port-name = 端口名
summary-state = 状态
summary-history = 历史
summary-handshake = 握手
summary-teardown = 挥手
summary-packets = 包数 客/服
summary-bytes = 字节 客/服
summary-duration = 时长
summary-irtt = 初始 RTT
summary-ack-rtt = ACK RTT 客/服
summary-findings = 发现

## 表中端口之后的端口类别（RFC 6335）：公认、注册、动态。
summary-port-wk = 公认
summary-port-reg = 注册
summary-port-dyn = 动态

## --summary 表下的说明。
note-conversation = 会话 { $id }：
note-overlap-conflicts = { $n } 个报文段重新发送时字节不同（重叠冲突）
note-and = ；
note-overlap-unchecked = { $n } 次未检查重叠，直到对方确认已发送的数据（未确认的数据超出检查保留的范围）
note-bad-checksums = 会话 { $id }：{ $n } 个数据包的校验和错误（途中损坏、伪造，或像匿名化的捕获那样改写后没有重算校验和）：Zeek 的状态与历史不计入它们；--no-checksums 则照原样采用

## --timeline 梯形图。
ladder-heading = 会话 { $id }（{ $proto }）：客户端 { $client } ⇄ 服务端 { $server }
ladder-frame = 帧
ladder-delta = 间隔
ladder-client = 客户端
ladder-server = 服务端
ladder-not-drawn = …… 另有 { $n } 个数据包未画出
ladder-verdicts = { $state } { $history }：握手：{ $handshake }，挥手：{ $teardown }
mermaid-verdicts = { $state } { $history }，握手：{ $handshake }，挥手：{ $teardown }
mermaid-not-drawn = 另有 { $n } 个数据包未画出
mermaid-client = 客户端 { $addr }
mermaid-server = 服务端 { $addr }

## 会话握手的完整结论（梯形图；JSON 的 conn 记录保持英文）。
verdict-handshake-not-captured = 未捕获（从中途开始）
verdict-handshake-refused = 被拒绝（SYN 被 RST 应答）
verdict-handshake-simultaneous-open = 同时打开
verdict-handshake-complete = 完整
verdict-handshake-no-final-ack = 不完整（没有最后的 ACK）
verdict-handshake-unanswered = 无应答（SYN 没有应答）
verdict-handshake-syn-not-captured = 未捕获 SYN
verdict-connectionless-icmp = 无（ICMP 回显是无连接的）
verdict-connectionless-udp = 无（UDP 是无连接的）

## 挥手的完整结论。
verdict-teardown-refused = 无（被拒绝）
verdict-teardown-rst-after-fin-client = FIN 之后的 RST（客户端）
verdict-teardown-rst-after-fin-server = FIN 之后的 RST（服务端）
verdict-teardown-abort-client = 中止（客户端发送 RST）
verdict-teardown-abort-server = 中止（服务端发送 RST）
verdict-teardown-simultaneous-close = 同时关闭
verdict-teardown-half-close-simultaneous-close = 半关闭，然后同时关闭
verdict-teardown-three-way = 三次挥手（FIN 捎带在 ACK 上）
verdict-teardown-half-close-three-way = 半关闭，然后三次挥手（FIN 捎带在 ACK 上）
verdict-teardown-four-way = 四次挥手
verdict-teardown-half-close-four-way = 半关闭，然后四次挥手
verdict-teardown-half-closed-client = 半关闭（只有客户端发送了 FIN）
verdict-teardown-half-closed-server = 半关闭（只有服务端发送了 FIN）
verdict-teardown-open = 无（捕获结束时仍打开）
