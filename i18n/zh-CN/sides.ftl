# 一个数据包的发送方视图和接收方视图（环回抓包的 read -L、lab -L、run -L）：发送主机上自上而下的
# 出站各层，接收主机上自下而上的入站各层，并连到 lab 或 run 记录的套接字调用。与 en/sides.ftl 成对。

## 两块的标题，以及跟踪器不知道角色时的一方。
sides-out = 出站：{ $host }
sides-in = 入站：{ $host }
sides-receiver = 接收方

## 接收主机上传输层之下的各行。
sides-place-socket = 套接字
sides-place-call = 调用

## 出站：没有记录到的调用引起这个数据包时，应用层这一行。
sides-out-kernel-ack = 内核的 TCP 自己发出它：一个 ACK，不需要任何调用
sides-out-kernel-syn-ack = 内核的 TCP 自己回应 SYN：监听套接字不需要为此调用
sides-out-kernel-retransmission = 内核的 TCP 自己再次发出它：定时器引起的重传
sides-out-kernel-rst = 内核的 TCP 自己发出 RST：没有套接字接收这个报文段（端口关闭），或者连接被中止
sides-out-kernel = 内核自己发出它：不是程序的调用引起的
sides-out-unknown = 内核的 { $proto } 为一次 { $call } 调用发出它；程序的调用不在抓包里：`wirelab run` 会记录它

## 出站：每层加上什么。
sides-out-tcp = TCP 加上 { $n } 字节的头部：端口 { $sport } → { $dport }，序号 { $seq }，标志 { $flags }
sides-out-udp = UDP 加上 { $n } 字节的头部：端口 { $sport } → { $dport } 和长度
sides-out-ip = { $proto } 加上 { $n } 字节的头部：{ $src } → { $dst }，TTL { $ttl }
sides-out-ip6 = { $proto } 加上 { $n } 字节的头部：{ $src } → { $dst }，跳数限制 { $ttl }
sides-out-loopback = 环回接口给它加上帧头（{ $n } 字节），直接交回本机
sides-out-lo-ethernet = 环回接口把它封装成 Ethernet 帧（{ $n } 字节，地址全为零），直接交回本机
sides-out-ethernet = Ethernet 加上 { $n } 字节的头部：{ $src } → { $dst }
sides-out-link = { $proto } 给它加上帧头（{ $n } 字节）

## 入站：每层做什么，自下而上。
sides-in-loopback = 环回接口收回它，去掉 { $n } 字节的帧头
sides-in-lo-ethernet = 环回接口收回它，去掉 { $n } 字节的 Ethernet 头部
sides-in-ethernet = 网卡收下发给 { $dst } 的帧，去掉 { $n } 字节的头部
sides-in-link = 去掉 { $proto } 的帧头（{ $n } 字节）
sides-in-ip = { $proto } 检查 { $dst } 是本机地址，去掉 { $n } 字节的头部，把其余部分交给 { $next }
sides-in-tcp-syn = TCP 查找监听端口 { $port } 的套接字：有套接字监听时，回应 SYN-ACK 并保存这个半连接（没有时回应 RST）
sides-in-tcp-syn-ack = TCP 按四元组找到发起连接的套接字，把它标为已连接，并确认 SYN
sides-in-tcp-handshake = TCP 按四元组找到这个半连接：握手完成
sides-in-tcp-data = TCP 按四元组找到套接字，确认第 { $from }–{ $to } 字节并把它们放进队列
sides-in-tcp-fin = TCP 按四元组找到套接字，确认 FIN，并标记字节流结束
sides-in-tcp-ack = TCP 按四元组找到套接字，从发送队列中释放 { $ack } 之前的字节
sides-in-tcp-rst = TCP 按四元组找到套接字并中止连接
sides-in-udp = UDP 查找绑定在端口 { $port } 的套接字

## 入站：套接字的队列。
sides-queue-data = { $n } 字节进入{ $role }的接收队列
sides-queue-syn = 半连接等待 ACK，然后进入监听套接字的全连接队列
sides-queue-accept = 连接进入监听套接字的全连接队列
sides-queue-connected = 套接字已连接：队列里没有东西等待
sides-queue-fin = 字节流的结束，排在{ $role }接收队列里的字节之后
sides-queue-ack = 没有东西要排队：ACK 在 TCP 这一层就结束了
sides-queue-rst = 套接字的队列被丢弃：它的下一次调用会失败
sides-queue-udp = { $n } 字节的数据报进入这个套接字的接收队列（没有套接字绑定时，ICMP 回答“端口不可达”）

## 入站：没有记录到的调用返回这个数据包时，或者调用未知时，调用这一行。
sides-call-none-data = 在接收队列里等待：还没有 recv()
sides-call-none-accept = 在全连接队列里等待：还没有 accept()
sides-call-none-connect = 还没有 connect() 返回
sides-call-none-fin = 之后没有 recv() 返回 0
sides-call-none-ack = 没有调用：ACK 是 TCP 自己的事
sides-call-none-rst = { $role }之后的调用都没有遇到这次重置
sides-call-none-udp = 在接收队列里等待：还没有 recvfrom()
sides-call-unknown = 程序的调用不在抓包里：`wirelab run` 会记录它
