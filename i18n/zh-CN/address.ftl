# IP 地址是什么（annotate::address）的中文说法：`wirelab explain ADDR` 每行打印一条，
# 后面跟着它的 RFC；TUI 和报告显示第一条。地址块的消息以 `$block` 接收地址块。
# 与 en/address.ftl 一一对应，参数相同。

## IPv4 的历史分类。
addr-class-a = A 类：0.0.0.0–127.255.255.255，默认掩码 /8（255.0.0.0）；教程常写作 1–126，因为 0.0.0.0/8（“本网络”）和 127.0.0.0/8（环回）是保留的，不是任何主机的网络；分类只是历史，CIDR 允许网络使用任意前缀长度
addr-class-b = B 类：128.0.0.0–191.255.255.255，默认掩码 /16（255.255.0.0）；分类只是历史，CIDR 允许网络使用任意前缀长度
addr-class-c = C 类：192.0.0.0–223.255.255.255，默认掩码 /24（255.255.255.0）；分类只是历史，CIDR 允许网络使用任意前缀长度
addr-class-d = D 类：224.0.0.0–239.255.255.255，组播，没有默认掩码
addr-class-e = E 类：240.0.0.0–255.255.255.255，保留，没有默认掩码
addr-public = 公网单播地址：不属于任何特殊用途地址块，所以可以在互联网上路由

## IPv4 特殊用途地址块。
addr-v4-unspecified = 未指定地址（{ $block }）：意思是“没有地址”：还没有地址的主机用它作源地址（DHCP 请求），服务端绑定到它则表示“所有接口”
addr-v4-this-network = “本网络”（{ $block }）：只能用作源地址，不能用作目的地址
addr-v4-private = 私有地址（{ $block }）：任何网络内部都可以使用，但在公共互联网上从不路由；访问互联网需要 NAT
addr-v4-cgnat = CGNAT 共享地址空间（{ $block }）：用于运营商级 NAT 与其用户之间；不在公共互联网上路由
addr-v4-loopback = 环回地址（{ $block }）：数据包从不离开本机；127.0.0.1 就是 localhost
addr-v4-link-local = 链路本地地址（{ $block }）：没有 DHCP 服务端应答时自行分配；只在本地链路上有效，路由器从不转发
addr-v4-ietf = IETF 协议分配（{ $block }）：保留给协议的特殊用途；不在公共互联网上路由
addr-v4-test-net-1 = 文档用地址，TEST-NET-1（{ $block }）：用于书籍和 RFC 中的示例；从不用在真实网络上
addr-v4-test-net-2 = 文档用地址，TEST-NET-2（{ $block }）：用于书籍和 RFC 中的示例；从不用在真实网络上
addr-v4-test-net-3 = 文档用地址，TEST-NET-3（{ $block }）：用于书籍和 RFC 中的示例；从不用在真实网络上
addr-v4-benchmarking = 基准测试（{ $block }）：用于在实验室中测试网络设备；不在公共互联网上路由
addr-v4-multicast = 组播地址（{ $block }）：组地址：一个数据包到达组内的每个成员；从不用作源地址
addr-v4-broadcast = 受限广播地址（{ $block }）：本地链路上的每台主机都会收到；路由器从不转发
addr-v4-reserved = 保留地址（{ $block }）：留作将来使用；大多数主机和路由器拒绝发送或转发它
addr-v4-local-control = 本地网络控制块（{ $block }）：链路本地的组，以 TTL 1 发送；路由器从不转发
addr-v4-ssm = 特定源组播块（{ $block }）：接收者加入某一个发送者的组，而不是整个组
addr-v4-admin-scoped = 管理范围组播块（{ $block }）：一个机构内部私有的组，相当于组播中的私有地址

## 常见的组播组。
addr-group = 常见组播组：{ $name }
addr-group-all-systems = 本子网上的所有系统
addr-group-all-routers = 本子网上的所有路由器
addr-group-ospf-all = OSPF，所有 OSPF 路由器（AllSPFRouters）
addr-group-ospf-dr = OSPF，指定路由器（AllDRouters）
addr-group-rip2 = RIPv2 路由器
addr-group-vrrp = VRRP 路由器
addr-group-igmp3 = IGMPv3 成员报告
addr-group-mdns = mDNS，为 .local 名字服务的组播 DNS
addr-group-llmnr = LLMNR，链路本地组播名字解析
addr-group-ntp = NTP
addr-group-ssdp = SSDP，UPnP 设备发现
addr-group6-if-nodes = 本接口上的所有节点
addr-group6-if-routers = 本接口上的所有路由器
addr-group6-all-nodes = 全节点组，链路上的每个 IPv6 节点（它取代了 IPv4 的广播）
addr-group6-all-routers = 全路由器组，链路上的每个路由器；主机向这里发送路由器请求
addr-group6-site-routers = 本站点内的所有路由器
addr-group6-ospf-all = OSPFv3，所有 OSPF 路由器
addr-group6-ospf-dr = OSPFv3，指定路由器
addr-group6-ripng = RIPng 路由器
addr-group6-mld2 = MLDv2 路由器，主机向这里报告自己加入的组
addr-group6-dhcp-agents = 链路上所有的 DHCPv6 中继代理和服务端
addr-group6-dhcp-servers = 本站点内所有的 DHCPv6 服务端

## IPv6 地址块。
addr-v6-global = 全球单播地址（{ $block }）：可以在互联网上路由，由各地区互联网注册机构分配
addr-v6-unspecified = 未指定地址（::）：意思是“没有地址”：主机还在获取地址时用它作源地址，服务端绑定到 [::] 则表示“所有接口”
addr-v6-loopback = 环回地址（::1）：IPv6 的 127.0.0.1，数据包从不离开本机
addr-v6-documentation = 文档用地址（{ $block }）：用于书籍和 RFC 中的示例；从不路由
addr-v6-documentation-new = 文档用地址（{ $block }）：较新、较大的前缀，用于书籍和 RFC 中的示例；从不路由
addr-v6-link-local = 链路本地地址（{ $block }）：每个 IPv6 接口都有一个；只在它的链路上有效，从不转发，所以使用它需要指明区域，例如 %eth0
addr-v6-site-local = 站点本地地址（{ $block }）：已废弃，由唯一本地地址（fc00::/7）取代
addr-v6-reserved = IETF 保留：在 2000::/3 和其他所有已分配的地址块之外，所以没有使用
addr-v6-mapped = IPv4 映射地址（{ $block }）：代表 IPv4 地址 { $inner }，IPv6 套接字就是这样显示 IPv4 对端的；通常从不出现在网络上
addr-v6-compatible = IPv4 兼容地址（{ $block }）：内嵌 IPv4 地址 { $inner }；已废弃，不再使用
addr-v6-nat64 = NAT64 知名前缀（{ $block }）：NAT64 网关把它转换为 IPv4 地址 { $inner }
addr-v6-teredo = Teredo（{ $block }）：经 UDP 穿过 IPv4 NAT 的 IPv6 隧道；Teredo 服务端 { $server }，客户端的公网 IPv4 地址 { $client }，端口 { $port }
addr-v6-6to4 = 6to4（{ $block }）：经 IPv4 通往 IPv4 地址为 { $inner } 的站点的 IPv6 隧道；自从它的公共中继被废弃后很少使用
addr-v6-unique-local = 唯一本地地址（{ $block }）：IPv6 中相当于私有地址的地址：在站点内部路由，从不在互联网上路由
addr-v6-fd = fd00::/8，本地分配：fd 之后的 40 位全局 ID（这里是 { $id }）应是随机的，这样两个站点合并时不会冲突
addr-v6-fc = fc00::/8：尚未定义（它的 L 位为 0）；真正的唯一本地地址以 fd 开头

## IPv6 组播：地址块、范围、标志、请求节点组。
addr-v6-multicast = 组播地址（{ $block }）：组地址；IPv6 没有广播，由组播组取代
addr-v6-scope = 范围 { $scope }，{ $name }：{ $reach }
addr-scope-interface = 接口本地
addr-reach-interface = 只留在一个接口内（组播的环回）
addr-scope-link = 链路本地
addr-reach-link = 只留在本地链路上
addr-scope-realm = 领域本地
addr-reach-realm = 由网络技术划定的领域，例如一个网状网络
addr-scope-admin = 管理本地
addr-reach-admin = 管理员配置的最小范围
addr-scope-site = 站点本地
addr-reach-site = 只留在一个站点内
addr-scope-organization = 机构本地
addr-reach-organization = 跨越一个机构的各个站点
addr-scope-global = 全球
addr-reach-global = 可以穿越互联网
addr-scope-reserved = 保留
addr-reach-reserved = 不得使用
addr-scope-unassigned = 未分配
addr-reach-unassigned = 这个值还没有定义范围
addr-v6-flags-permanent = 标志 { $flags }：永久分配的（知名）组
addr-v6-flags-transient = 标志 { $flags }：临时组，动态分配
addr-v6-flags-prefix = ，由单播前缀派生
addr-v6-flags-rp = ，内嵌汇聚点
addr-v6-solicited = 请求节点组播组（ff02::1:ff00:0/104），对应以 { $tail } 结尾的单播地址：邻居发现在这里询问 MAC 地址，代替 IPv4 的 ARP 广播

## 数据包行（`read -v`）上的简短标记；JSON 的 addr_kind 保留英文标记。
addr-label-unspecified = 未指定
addr-label-this-network = 本网络
addr-label-private = 私有
addr-label-cgnat = CGNAT 共享
addr-label-loopback = 环回
addr-label-link-local = 链路本地
addr-label-reserved = 保留
addr-label-documentation = 文档用
addr-label-benchmarking = 基准测试
addr-label-multicast = 组播
addr-label-broadcast = 广播
addr-label-global = 公网
addr-label-ipv4-mapped = IPv4 映射
addr-label-ipv4-compatible = IPv4 兼容
addr-label-nat64 = NAT64
addr-label-teredo = Teredo
addr-label-6to4 = 6to4
addr-label-unique-local = 唯一本地
addr-label-site-local = 站点本地
