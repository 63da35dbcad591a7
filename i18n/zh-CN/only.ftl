# 事件过滤（read --only、终端界面数据包列表的 o 键）：显示哪些数据包。与 en/only.ftl 成对。

## 帮助屏幕上这个键的说明，以及过滤开启时数据包列表的标题。
only-key = 只显示握手与挥手步骤、发现、TCP、UDP、ICMP、ARP，或全部
only-title = 只显示{ $what }

## 标题里各类的名称。
only-steps = 握手与挥手步骤
only-findings = 发现
only-tcp = TCP
only-udp = UDP
only-icmp = ICMP
only-arp = ARP
