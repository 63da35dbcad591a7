# `wirelab explain` 的中文说法：端口、网络、套接字地址、localhost，以及某个参数为什么无法解释。
# 地址的说明在 address.ftl 中。与 en/explain.ftl 一一对应，参数相同。

## 端口（annotate::port）：`explain PORT` 与 `read -v` 打印的那一行。
port-class-well-known = 公认端口
port-class-registered = 注册端口
port-class-dynamic = 动态端口
port-meaning-well-known = 由 IANA 分配的系统端口
port-meaning-registered = 在 IANA 登记的用户端口
port-meaning-dynamic = 私有/临时端口
port-line = { $port }/{ $transport }：{ $class }（{ $lo }–{ $hi }，{ $meaning }）
port-iana-name = ，IANA 名称 { $name }（这是登记的名称，不代表流量实际是什么）
port-no-iana-name = ，没有 IANA 名称
port-zero = ；端口 0 是保留的：它不应出现在网络上；程序绑定端口 0，是请操作系统挑一个空闲端口
port-client-dynamic = ；在 Linux 的临时端口范围 { $lo }–{ $hi } 之内，所以很可能是客户端的端口
port-client-registered = ；属于 IANA 的注册端口范围，但在 Linux 的临时端口范围 { $lo }–{ $hi } 之内，所以很可能是客户端的端口（把 1024–65535 称为“动态”端口的教材沿用的是旧的约定）
port-above-linux = ；高于 Linux 的临时端口范围 { $lo }–{ $hi }，但 Windows 和 macOS 从整个 49152–65535 中挑选客户端端口，所以很可能是客户端的端口
port-name-registered = 端口名称（IANA）：{ $name } —— 这是为端口登记的名称，不是从流量中识别出来的
port-name-none = 端口名称（IANA）：{ $port }/{ $transport } 没有登记名称

## 网络、套接字地址与 localhost（annotate::explain）。
explain-binary = 二进制：{ $bits }
explain-socket = { $sock }：地址 { $addr }，端口 { $port }：TCP 或 UDP 会话的一端，套接字就是这样称呼它的（getsockname()、getpeername()、Python 的 accept()）
explain-localhost = localhost：本机自己的名字；它解析为环回地址 127.0.0.1 和 ::1，发往它的流量从不离开本机（在 Linux 上经过接口 lo）（RFC 6761）
explain-v4-network = { $network }/{ $len }：网络地址 { $network }，子网掩码 { $mask }（/{ $len }）
explain-v4-mask-bits = 掩码的二进制：{ $bits }（{ $net } 位网络号，{ $host } 位主机号）
explain-v4-host-route = 只有一个地址 { $network }：单台主机（主机路由）
explain-v4-point-to-point = 2 台主机，{ $network } 和 { $broadcast }：点对点链路不需要网络地址和广播地址（RFC 3021）
explain-v4-hosts = 广播地址 { $broadcast }；主机 { $first } 到 { $last }（{ $count } 个地址：除网络地址和广播地址以外的全部）
explain-v4-in-p2p = { $addr } 是 { $network }/{ $len } 中的一台主机
explain-v4-network-address = { $addr } 就是网络地址本身：它代表这个网络，没有主机使用它
explain-v4-directed-broadcast = { $addr } 是 { $network }/{ $len } 的定向广播地址：发往它的数据报会到达该网络上的每台主机；路由器默认不转发这样的数据报（RFC 919、RFC 922、RFC 2644）
explain-v4-host-n = { $addr } 是 { $network }/{ $len } 中的第 { $n } 号主机
explain-v6-count-one = 1 个地址
explain-v6-count = { $n } 个地址
explain-v6-count-power = 2^{ $bits } 个地址
explain-v6-network = { $network }/{ $len }：网络地址 { $network }，共 { $count }，从 { $network } 到 { $last }；IPv6 没有广播地址（由全节点组播组 ff02::1 承担这个任务）（RFC 4291）
explain-v6-in = { $addr } 是 { $network }/{ $len } 中的一个地址

## 拒绝：某个参数为什么无法解释（打印在 "wirelab: " 之后）。
explain-bad-transport = { $word }：“/” 之后的协议必须是 tcp 或 udp
explain-bad-port = { $word }：{ $port } 不是端口号（0-65535）
explain-unknown = { $word }：既不是 IPv4/IPv6 地址、网络（地址/前缀长度、地址/掩码）、地址:端口、localhost，也不是端口号（0-65535）
explain-bad-mask = { $net }：掩码中的 1 必须全部在 0 之前
explain-bad-after-slash = { $net }：“/” 之后应是前缀长度，或（IPv4 的）子网掩码
explain-bad-len-v4 = { $net }：IPv4 的前缀长度是 0 到 32
explain-bad-len-v6 = { $net }：IPv6 的前缀长度是 0 到 128
