# 实验和 `wirelab run` 的调用行（annotate::calls）的中文说法：一个套接字调用做了什么、
# 向网络发出了什么、一个选项和一个 errno 的含义。调用本身按程序的写法书写
# （`connect(127.0.0.1:8001)`），各语言相同。与 en/calls.ftl 一一对应，参数相同。

## 一行调用的组成：调用，然后是它的失败、失败的含义、它发出的数据包。
call-fails = { $call } 失败：{ $error }
call-meaning = { $call }（{ $meaning }）
call-caused = { $call } → { $sent }
call-coalesced = { $call }：这个套接字的第 { $sends } 次发送，被合并进一个报文段
call-with-meaning = { $call }：{ $meaning }
call-conversation = { $call }  [会话 { $conn }]
call-held = { $call }；{ $local } 被一个处于 { $state } 的套接字占用{ $with }
call-held-time-wait = { $call }：旧连接在主动关闭之后要等完 TIME-WAIT（时间等待）（2 MSL）；在绑定（bind()）之前调用 setsockopt(SO_REUSEADDR, 1)（重用这个端口），旧服务端和新服务端都要设置（Linux 把旧套接字的设置保存在它的时间等待记录中），服务端就能在这期间重新拿回它的端口

## 调用返回了什么。
call-getsockopt-rcvbuf = getsockopt({ $option })：内核实际给出的大小，是请求的两倍：另一半用于它自己对每个数据包的记账
call-connect-fails = connect() 失败：{ $error }
call-connect-returns-from = connect() 返回：已从 { $local } 建立连接
call-connect-returns = connect() 返回
call-accept-fails = accept() 失败：{ $error }
call-accept-returns-for = accept() 返回：接受连接，为 { $peer } 创建新的套接字
call-accept-returns = accept() 返回
call-send = send({ $len } 字节)
call-sendto = sendto({ $len } 字节, { $to })
call-recv-fails = recv() 失败：{ $error }
call-recv-eof = recv() 返回 0：数据流结束（对端的 FIN）
call-recv-returns = recv() 返回 { $n } 字节
call-recvfrom-fails = recvfrom() 失败：{ $error }
call-recvfrom-from = recvfrom() 从 { $peer } 收到 { $len } 字节
call-recvfrom-returns = recvfrom() 返回 { $len } 字节
call-shutdown-read = shutdown(SHUT_RD)：什么也不发送
call-close-listener = close() 关闭监听套接字
call-close-unread = close() 时还有 { $bytes } 字节已收到但从未读取：内核用 RST 复位连接，而不是用 FIN 关闭
call-close-shared = close() 关闭了一个描述符；还有 { $others } 个描述符持有这个套接字，所以它仍然打开，什么也不发送

## 调用向网络发出了什么。
call-sent-datagram = 数据报（{ $bytes } 字节）
call-sent-data = 数据（{ $bytes } 字节）
call-sent-segments = { $n } 个数据报文段（{ $bytes } 字节）
call-sent-resolution = 地址解析，然后 { $sent }
call-list-range = { $first } 到 { $last }
call-list-and = { $rest } 和 { $last }
call-list-join = { $list }、{ $next }

## 设置套接字选项的作用（Linux 的默认值见 tcp(7) 和 socket(7)）。
opt-rcvbuf = 接收缓冲区 { $value } 字节；这个套接字通告的窗口由它而来，所以缓冲区小时几个报文段之后就满了
opt-nodelay-off = Nagle 算法开启（默认）
opt-nodelay-on = Nagle 算法关闭：每次写入都立即发出，即使是在先前的数据还未被确认时的一小块
opt-quickack-off = 快速 ACK 模式关闭：内核推迟它的 ACK（至少 40 ms），以便随数据一起发送，或一次确认几个报文段
opt-quickack-on = 快速 ACK 模式：每个报文段都立即确认，直到内核决定再次推迟
opt-keepalive-off = 保活关闭（默认）
opt-keepalive-on = 保活开启：连接空闲一段时间之后，内核探测对端，看它是否还在
opt-keepidle = 在 { $value } s 内什么也没收到时发出第一个保活探测（Linux 的默认值是 7200 s）
opt-keepintvl = 保活探测没有应答时，每两次之间相隔 { $value } s（Linux 的默认值是 75 s）
opt-keepcnt = { $value } 个保活探测都没有应答后，内核放弃这个连接：下一个调用以 ETIMEDOUT 失败（Linux 的默认值是 9）

## 套接字程序遇到的 errno 的含义（errno-名称）。
errno-ECONNREFUSED = 连接被拒绝：那个端口上没有程序在监听；TCP 时对端用 RST 回复了 SYN，UDP 时收到了 ICMP 端口不可达
errno-EADDRINUSE = 地址已被使用：另一个套接字占用了这个地址和端口
errno-ECONNRESET = 连接被对端复位：对端的 TCP 发送了 RST
errno-EPIPE = 管道破裂：这一方已经关闭了写，或对端复位了连接
errno-ETIMEDOUT = 超时：对端始终没有应答，重传之后也没有
errno-EAGAIN = 会阻塞：非阻塞套接字现在没有可读的数据，或没有可写的空间
errno-EINPROGRESS = 正在进行：非阻塞的 connect() 已发送 SYN，在握手结束之前就返回
errno-ENOTCONN = 未连接：这个套接字还没有对端
errno-EHOSTUNREACH = 没有到达主机的路由
errno-ENETUNREACH = 没有到达网络的路由
errno-EACCES = 权限不足：1024 以下的端口需要特权
