# `wirelab lab` 的中文说法：`lab --list` 的主题与场景。与 en/lab.ftl 一一对应，参数相同。

## 主题标题。
lab-topic-opening-and-closing = 建立与断开连接：三次握手、四次挥手、复位、TIME-WAIT（时间等待）、多个连接
lab-topic-data-and-windows = 数据与窗口：ACK、接收窗口、Nagle 算法与延迟 ACK、保活
lab-topic-loss-and-recovery = 丢包与恢复：丢失的报文段、重传定时器、重复 ACK
lab-topic-segments-and-fragments = 报文段与分片：MSS、分段、IP 分片与重组
lab-topic-datagrams = 数据报：UDP，以及关于它的 ICMP 差错

## 每个场景下面一行：`--count` 数的是什么。
lab-count = --count { $n }（{ $what }）
lab-no-count = 不接受 --count

## 每个场景教什么（lab-teaches-名称），以及它的 --count 数的是什么（lab-counts-名称）。
lab-teaches-tcp-echo = connect、send、回显、close：三次握手与四次挥手
lab-counts-tcp-echo = 回显的消息数
lab-teaches-tcp-chat = 在一个连接上双向发送几条消息，然后客户端说 bye 并关闭
lab-counts-tcp-chat = 消息与回复数
lab-teaches-tcp-half-close = shutdown(SHUT_WR)：客户端的 FIN 只结束它自己的方向；服务端仍在发送
lab-counts-tcp-half-close = 客户端发出 FIN 之后的回复数
lab-teaches-tcp-server-closes-first = 服务端主动关闭，所以服务端一侧最后处于 TIME-WAIT（时间等待）
lab-teaches-tcp-reset = 异常关闭：SO_LINGER 为 0，然后 close() 发送 RST；对端的 recv() 得到 ECONNRESET
lab-teaches-tcp-refused = connect() 连接一个关闭的端口：SYN 的应答是 RST，connect() 以 ECONNREFUSED 失败
lab-teaches-tcp-rst-unread-data = 还有未读数据时 close()：内核发送 RST 而不是 FIN；对端的 recv() 得到 ECONNRESET
lab-teaches-tcp-time-wait = 旧连接还在 TIME-WAIT（时间等待）时重启服务端：绑定（bind()）以 EADDRINUSE 失败，设置 SO_REUSEADDR（重用这个端口）后成功
lab-teaches-tcp-many = 同时有几个客户端：一个监听端口，几个临时客户端端口并列
lab-counts-tcp-many = 客户端数
lab-teaches-udp-echo = 两次 sendto/recvfrom：数据报，没有握手，没有挥手，一个客户端端口
lab-counts-udp-echo = 回显的数据报数
lab-teaches-udp-chat = 已连接的 UDP 套接字：connect() 什么也不发送，然后双向发送消息并说 bye
lab-counts-udp-chat = 消息与回复数
lab-teaches-udp-unreachable = 发往关闭端口的数据报：ICMP 端口不可达，然后 recv() 以 ECONNREFUSED 失败
lab-teaches-tcp-zero-window = 服务端不再读取：窗口被填满并缩小到 0，零窗口探测，然后是窗口更新
lab-teaches-tcp-nagle = 连续的小块写入：Nagle 算法等待延迟 ACK 并把它们合并；TCP_NODELAY 则每块立即发送
lab-counts-tcp-nagle = 每个连接的写入次数
lab-teaches-tcp-keepalive = 设置了 SO_KEEPALIVE 的空闲连接：每秒一个保活探测，序号比下一个序号小 1，每个都被 ACK
lab-counts-tcp-keepalive = 保活探测数
lab-teaches-tcp-retransmit = 一个丢失的数据报文段：发送方的重传定时器（RTO）再次发送它；加上 --drop-retransmissions 时超时时间每次加倍
lab-teaches-tcp-syn-retries = 服务端的 SYN-ACK 丢失：客户端相隔 1 s、2 s、4 s 再次发送 SYN，然后 connect() 成功
lab-teaches-tcp-syn-timeout = 每个 SYN-ACK 都丢失：SYN 重试用尽，connect() 以 ETIMEDOUT 失败
lab-teaches-tcp-fast-retransmit = 一串报文段中丢了一个：带 SACK 块的重复 ACK，第三个之后快速重传，不等定时器就恢复
lab-teaches-tcp-out-of-order = 一个报文段被下一个超过：接收方看到它乱序到达，立即对缺口发送 ACK，然后缺口被填上
lab-teaches-udp-fragmentation = 经 1500 字节 MTU 发送 4,000 字节的数据报：三个 IP 分片，重组；丢失一个，数据报就永远到不了（ICMP 重组超时）
lab-teaches-tcp-mss = 每个 SYN 通告自己一侧能接收的最大报文段（MSS：MTU 减去 40 字节首部）；一次大的 send() 按这个大小分成报文段发出（试试 --mtu 576）
lab-teaches-tcp-simultaneous-open = 双方同时绑定（bind）并互相 connect()（100 ms 的延迟让两个 SYN 交叉）：双方都经历 SYN-SENT（同步已发送）、SYN-RECEIVED（同步已接收）、ESTABLISHED（已建立连接）

## 实验自己写在标准错误上的行。
lab-captured = wirelab lab { $scenario }：在 { $device } { $end }上抓到 { $n } 个数据包（过滤表达式：{ $filter }），内核丢弃 { $dropped } 个
lab-captured-end = 的{ $side }一端
lab-no-scenario = 没有名为 { $name } 的场景；现有的场景：{ $names }
lab-needs-root = lab --netns（以及路径选项，以及场景 { $scenario }）要创建网络命名空间，这需要 root：请用 sudo 运行

## 实验的路径对一帧做了什么，并写出造成它的选项（annotate::path）。
path-which-kind = 一个{ $side }的 { $kind }
path-which-frame = 一个{ $side }的帧
path-dropped = 路径：丢弃 { $what }（--drop '{ $spec }'）
path-dropped-retransmission = 路径：丢弃 { $of } 的第 { $k } 次重传（--drop-retransmissions { $budget }）
path-lost = 路径：随机丢失 { $what }（--loss { $loss } --seed { $seed }）
path-queue-full = 路径：丢弃 { $what }：--rate { $rate } 之后的队列已满（队尾丢弃）
path-duplicated = 路径：复制 { $what }：它被发送两次（--duplicate '{ $spec }'）
path-held-back = 路径：扣住 { $what }，直到下一帧通过（--reorder '{ $spec }'）

## 发送方的重传定时器为什么再次发送一个报文段（RFC 6298，Linux 的数值）。
timer-first = 定时器：{ $secs } s 内没有收到 { $what }，所以{ $resent }（第 { $k } 次重传；{ $rule }）
timer-again = 定时器：{ $secs } s 内没有收到 { $what }，{ $how }，所以{ $resent }（第 { $k } 次重传）
timer-resent-syn = 再次发送 SYN
timer-resent-data = 再次发送最早的未确认报文段
timer-rule-syn = 在测得任何 RTT 之前，Linux 的第一个 RTO 是 1 s，RFC 6298 2.1
timer-rule-data = RFC 6298 5.4；Linux 的等待从不少于 200 ms，即它的最小 RTO
timer-doubles = 是上一次等待的两倍：每次超时后 RTO 加倍（指数退避，RFC 6298 5.5）
timer-ratio = 是上一次等待的 { $ratio } 倍

## `wirelab run` 之后的那一行（src/cli/run.rs）。
run-closing = wirelab run：{ $name } { $how }；{ $processes } 个进程，{ $calls } 次套接字调用，在 { $device } 上抓到 { $packets } 个数据包{ $none }{ $others }，内核丢弃 { $dropped } 个
run-exited = 以状态 { $code } 退出
run-killed = 被 { $signal } 终止
run-the-program = 程序
run-no-calls = （程序没有进行 wirelab 跟踪的套接字调用）
run-others = ，其他程序的 { $n } 个数据包未保留
