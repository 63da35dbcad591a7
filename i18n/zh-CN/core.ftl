# wirelab 的简体中文用语。术语以 docs/glossary.md 为准（tests/i18n.rs 检查）。
# 每个 id 都与 en/core.ftl 中的同名消息对应，参数相同。

## 会话的两个角色。
role-client = 客户端
role-server = 服务端

## 三次握手与四次挥手的各步，数据包行上的标注。
step-syn = 握手 1/3：客户端发送 SYN
step-syn-ack = 握手 2/3：服务端回复 SYN-ACK
step-handshake-ack = 握手 3/3：客户端发送 ACK
step-simultaneous-open-syn = 同时打开：{ $by }发送 SYN
step-simultaneous-open-syn-ack = 同时打开：{ $by }发送 SYN-ACK
step-syn-retransmitted = SYN 重传（第 { $count } 次）：尚无应答
step-syn-ack-retransmitted = SYN-ACK 重传（第 { $count } 次）
step-refused = 拒绝连接：端口 { $port } 上没有套接字在监听，内核回复 RST
step-first-fin = 挥手 1：{ $by }先关闭（FIN）
step-ack-of-first-fin = 挥手 2/4：{ $by }确认 FIN
step-second-fin = 挥手 3/4：{ $by }发送 FIN
step-second-fin-piggybacked = 挥手 2/3：{ $by }发送 FIN，ACK 捎带在同一报文段中
step-final-ack-four-way = 挥手 4/4：{ $by }确认 FIN
step-final-ack-three-way = 挥手 3/3：{ $by }确认 FIN
step-simultaneous-close = 同时关闭：{ $by }发送 FIN
step-simultaneous-close-ack = 同时关闭：{ $by }确认 FIN
step-half-close-data = 半关闭：对方已发送 FIN，{ $by }仍在发送数据
step-abort = 中止：{ $by }重置连接（RST）
step-rst-after-fin = FIN 之后的 RST：{ $by }重置连接

## RFC 9293 的状态：一行中第一次出现时（-first）保留 RFC 写法，之后只用中文。
state-closed-first = CLOSED（关闭）
state-closed = 关闭
state-listen-first = LISTEN（监听）
state-listen = 监听
state-syn-sent-first = SYN-SENT（同步已发送）
state-syn-sent = 同步已发送
state-syn-received-first = SYN-RECEIVED（同步已接收）
state-syn-received = 同步已接收
state-established-first = ESTABLISHED（已建立连接）
state-established = 已建立连接
state-fin-wait-1-first = FIN-WAIT-1（终止等待 1）
state-fin-wait-1 = 终止等待 1
state-fin-wait-2-first = FIN-WAIT-2（终止等待 2）
state-fin-wait-2 = 终止等待 2
state-close-wait-first = CLOSE-WAIT（关闭等待）
state-close-wait = 关闭等待
state-closing-first = CLOSING（同时关闭中）
state-closing = 同时关闭中
state-last-ack-first = LAST-ACK（最后确认）
state-last-ack = 最后确认
state-time-wait-first = TIME-WAIT（时间等待）
state-time-wait = 时间等待
state-unknown-first = 未知
state-unknown = 未知

## --summary 表中“握手”“挥手”两列。
cell-handshake-not-captured = 未捕获
cell-handshake-refused = 被拒绝
cell-handshake-simultaneous-open = 同时打开
cell-handshake-complete = 完整
cell-handshake-no-final-ack = 不完整
cell-handshake-unanswered = 无应答
cell-handshake-syn-not-captured = 未捕获 SYN
cell-connectionless = 无
cell-teardown-refused = 无
cell-teardown-rst-after-fin = FIN 之后的 RST（{ $by }）
cell-teardown-abort = 中止（{ $by } RST）
cell-teardown-simultaneous-close = 同时关闭
cell-teardown-half-close-simultaneous-close = 半关闭，然后同时关闭
cell-teardown-three-way = 三次挥手
cell-teardown-half-close-three-way = 半关闭，然后三次挥手
cell-teardown-four-way = 四次挥手
cell-teardown-half-close-four-way = 半关闭，然后四次挥手
cell-teardown-half-closed = 半关闭（{ $by } FIN）
cell-teardown-open = 无
