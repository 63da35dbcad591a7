# 分层视图（read -L、JSON 的 layers、终端界面的 L 窗格）：把一个数据包画成 TCP/IP 模型的
# 四层，每层一句话说明它为这个数据包做了什么。与 en/layers.ftl 成对。

## TCP/IP 模型的四层。
layer-link = 网络接口层
layer-internet = 网络层
layer-transport = 传输层
layer-application = 应用层

## 嵌套行括号之后：帧的长度。
layers-total = = { $n } 字节

## 跟踪器不知道角色时，TCP 报文段的发送方。
layers-sender = 发送方

## 每层一句话。
layers-ethernet = Ethernet 在本地网络上把帧送到下一台机器
layers-wlan = 802.11 经无线把帧送到下一个站点
layers-wlan-air = 802.11 经无线传送这一帧
layers-vlan = 802.1Q 标签把这一帧放进 VLAN { $id }
layers-cooked = Linux cooked 头说明数据包如何经过抓包主机的接口
layers-loopback = 环回（loopback）头写明里面数据包的地址族
layers-radiotap = radiotap 说明无线电如何收到这一帧
layers-llc = LLC/SNAP 写明里面的协议
layers-ip = { $proto } 把数据包送往目的地址，最多再经过 { $hops } 个路由器
layers-ipv6-ext = 扩展头在传输层头部之前加上选项
layers-arp-request = ARP 询问哪个链路地址拥有 { $target }（请告诉 { $sender }）
layers-arp-reply = ARP 回答：{ $sender } 在 { $mac }
layers-arp-other = ARP 发送 { $op }
layers-tcp-syn = TCP 请求端口 { $port } 建立连接（SYN）
layers-tcp-syn-ack = TCP 接受来自端口 { $port } 的连接，并确认它的 SYN
layers-tcp-data = TCP 把{ $role }字节流的第 { $from }–{ $to } 字节送到端口 { $port }，并要求对方确认（ACK）
layers-tcp-and-fin = ，然后表示没有更多数据要发送（FIN）
layers-tcp-fin = TCP 告诉端口 { $port }：{ $role }没有更多数据要发送（FIN）
layers-tcp-rst = TCP 中止与端口 { $port } 的连接（RST）
layers-tcp-ack = TCP 告诉端口 { $port }：{ $ack } 之前的字节都已收到（ACK）
layers-udp = UDP 把 { $n } 字节从端口 { $sport } 送到端口 { $dport }，无连接，也不要求确认
layers-icmp = { $proto } 传送一条控制消息：{ $what }
layers-data = 应用的 { $n } 字节
layers-icmp-data = 消息携带的 { $n } 字节（差错消息里是它所说的那个数据包的开头）
layers-fragment = 被分片的 IP 数据报的 { $n } 字节：接收方会把各片重新组装
layers-trailer-ethernet = 数据包之后的 { $n } 字节：补足 Ethernet 最小帧长的填充，或帧校验序列
layers-trailer = 数据包之后的 { $n } 字节
layers-undecoded = wirelab 不解码的 { $n } 字节

## 终端界面的 L 窗格：标题和帮助屏幕上这个键的说明。
layers-pane-title = 分层
layers-key = 数据包的各层及其字节（再按一次返回）

## 帧中不是协议的部分，在各行和嵌套行里的名称。
layers-proto-data = 数据
layers-proto-fragment = 分片
layers-proto-trailer = 尾部
layers-proto-undecoded = 未解码
