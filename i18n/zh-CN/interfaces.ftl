# `wirelab interfaces`（src/annotate/interfaces.rs）的中文说法。与 en/interfaces.ftl 一一对应，
# 参数相同。地址的说明来自 address.ftl。

## 接口的标题行、它的标志，以及 libpcap 对它的说法。
if-line = { $name }（编号 { $index }）：{ $flags }
if-up = 已启用
if-down = 未启用
if-running = 运行中
if-loopback = 环回
if-list-join = { $list }、{ $next }
if-mac = ；MAC 地址 { $mac }
if-no-mac = ；没有 MAC 地址
if-capturable = ；libpcap 可以在它上面抓包
if-not-capturable = ；不在 libpcap 的设备列表中
if-default = ；抓包的默认接口
if-no-address = （没有 IP 地址）

## 接口之后。
if-pseudo-heading = libpcap 还可以在这些设备上抓包：
if-default-line = 不带 -i 的 `wirelab capture` 在 { $name } 上抓包：按 libpcap 的顺序，第一个已启用且不是环回的接口，与 tcpdump 的选法相同。
if-no-default = 没有已启用的接口：`wirelab capture` 需要 -i 接口名。
if-may-capture = 这个进程可以抓包（它有 CAP_NET_RAW 权限）。
if-may-not-capture = 这个进程不能抓包（没有 CAP_NET_RAW 权限）：运行 `sudo wirelab capture ...`，或者执行一次 `{ $setcap }`（见 docs/faq.md）。
if-capture-unknown = 不知道这个进程能否抓包。
