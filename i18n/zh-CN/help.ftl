# `--help` 的中文说法：每个子命令的说明（help-命令-about）、选项之后的说明（help-命令-note），
# 以及每个参数的说明（help-命令-参数，或几个子命令共用的 help-any-参数）。参数的可选值和默认值
# 写在说明里面。英文的帮助来自 clap 与命令定义的文档注释，所以这些 `help-` 消息在英文目录中
# 没有对应（tests/i18n.rs 对它们免于一一对应的检查；src/cli/help.rs 的单元测试检查没有遗漏）。
# clap 自己的词（Usage、Options、Commands、Arguments）保持英文。

help-examples = 示例：

## 各子命令。
help-wirelab-about = 数据包级的协议检查器，用来学习和讲授 TCP/IP：每个数据包都标注它是三次握手或四次挥手的哪一步，以及两端的 TCP 状态
help-read-about = 读取保存的抓包文件（pcap、pcapng，`-` 表示标准输入）并显示每个数据包
help-report-about = 为实验报告写一个自包含的 HTML 页面：会话表，每个会话的梯形图和时间-序号图（SVG），每个数据包的解释、字段和字节
help-tui-about = 在终端中逐个查看抓包中的会话：梯形图、每个数据包对两端的作用、它的字段和字节（见 docs/tui.md）
help-lab-about = 运行一个客户端和一个服务端（真实的套接字，内核的 TCP），抓取它们发到网络上的数据包，并在每个数据包旁边显示引起它的套接字调用。需要 root
help-run-about = 跟踪运行你自己的程序：它的每个套接字调用（connect、accept、send、recv、close……）都显示在它发出的数据包旁边。需要 root；程序以你的身份运行
help-explain-about = 解释一个地址（分类、私有、环回、组播范围……）、一个网络（掩码、广播地址和主机）、带端口的地址，或一个端口（范围、IANA 名称）
help-interfaces-about = 列出 wirelab 可以抓包的网络接口，并解释它们的地址
help-capture-about = 从网络接口实时抓包（需要 root 或 CAP_NET_RAW），每个数据包一到就显示。Ctrl-C 停止抓包；-w 文件是完整的，随后打印统计
help-completions-about = 打印 wirelab 的 shell 补全脚本（bash、zsh、fish、elvish、powershell）
help-man-about = 打印 wirelab 的手册页（roff 格式，供 `man` 使用）

## 选项之后的说明（示例之后的段落）。
help-tui-note = 在界面中按 ? 查看按键。
help-lab-note = 在 sudo 下，-w 文件以运行 sudo 的用户的身份创建。
help-run-note =
    程序保留终端；wirelab 写到标准错误，或写到 -o 文件。
    在 sudo 下，程序以运行 sudo 的用户的身份运行，-o 和 -w 文件也归该用户所有。
    tests/programs/ 中有一些教程风格的小型套接字程序（见 docs/run.md）。
help-completions-note = 各个 shell 到哪里找补全脚本：见 docs/guide.md 的“Shell completions and the manual page”一节。
help-man-note = 然后运行 `man -l wirelab.1`，或把它安装为 MANPATH 中某个目录下的 man1/wirelab.1。
help-capture-note =
    在 sudo 下，wirelab 以 root 身份打开网络接口，以调用 sudo 的用户（SUDO_UID/SUDO_GID）的身份
    打开 -w 文件，所以它只能是该用户本来就能创建的文件，然后以该用户的身份继续运行。
    Ctrl-C、SIGTERM 和 SIGHUP 停止抓包时文件是完整的。见 docs/faq.md。
help-report-note =
    这个页面不需要网络：它的样式和脚本都在页面里面。在 sudo 下，wirelab 以运行 sudo 的用户的
    身份读写，所以 -o 只能是该用户能创建的文件。

## 几个子命令共用的参数。
help-any-lang = 解释所用的语言：zh（简体中文）或 en（英文）。不给出时依次由 LC_ALL、LC_MESSAGES、LANG 决定（zh_CN.UTF-8 即 zh）；其他情况用英文
help-any-args = 抓包文件，之后可以跟一个 BPF 过滤表达式（与 tcpdump 的写法相同）
help-any-encoding = 把载荷字节当作文本时使用的编码，用于 -A、-X、--timeline 的预览和 TUI 的预览。可选值：utf-8（套接字教程的程序发送的编码，默认）、gbk（WHATWG 编码标准定义的 GBK）、gb18030、latin1（按浏览器的方式读作 windows-1252）
help-any-color = 颜色：auto（在终端上，除非设置了 NO_COLOR；默认）、always、never
help-any-json = 输出 JSON Lines 而不是文本：每个数据包一个对象，然后是会话记录（见 docs/json.md）
help-any-write = 同时把数据包写入 pcap 文件（名字以 .pcapng 结尾时写 pcapng，每个数据包的步骤作为它的注释；在 sudo 下以运行 sudo 的用户的身份创建）
help-any-time = 时间列：rel（自第一个数据包起的秒数，默认）、delta（自上一个显示的数据包起的秒数）、abs（本地日期与时间，与 tcpdump 相同）、epoch（自 1970-01-01 UTC 起的秒数）、none（没有时间列，即 tcpdump 的 `-t`）
help-any-summary = 只显示会话表（加上 --json 时：只有文件、会话等记录）
help-any-timeline = 每个会话的梯形图：客户端在左，服务端在右，每个报文段一个箭头，带有两端的 TCP 状态
help-any-timeline_format = 与 --timeline 一起使用：text（终端的框线箭头，80 列，默认）、mermaid（Markdown：每个会话一个标题和一个 Mermaid `sequenceDiagram` 代码块，用于实验报告）、svg（一个独立的 SVG 文档，梯形图上下排列，用于幻灯片）、html（一个会话的 HTML 报告，与 `wirelab report` 相同）
help-any-follow = 按顺序打印一个会话的字节（它的编号见 --summary 或 --json），由报文段重新拼接，标出每一方的发言轮次，与 tshark 的 `-z follow,tcp` 相同；UDP 与 ICMP 回显按数据报显示
help-any-tui = 在交互式 TUI 中打开，而不是打印
help-any-count = 处理 N 个数据包后停止（过滤之后计数）
help-any-conn = 只显示这个会话（它的编号见会话表、--summary 或 --json）
help-any-hex = 在每个数据包下面，以十六进制显示从网络层首部开始的字节，与 tcpdump -x 相同；-xx 从链路层首部开始
help-any-hex_text = 在每个数据包下面，以十六进制和文本显示它的字节，与 tcpdump -X 相同（可打印的 ASCII 照原样，其他字节显示为 `.`；载荷中 --encoding 的字符照原样显示）；-XX 从链路层首部开始。-X 优先于 -x，两者都优先于 -A，与 tcpdump 相同
help-any-text = 在每个数据包下面，把 TCP 或 UDP 携带的数据显示为文本（UTF-8，或 --encoding）：控制字节和不是文本的字节显示为 `.`（tcpdump 的 -A 连 IP 和 TCP 首部也当作文本打印；wirelab 只打印载荷）
help-any-numeric = 为 tcpdump 的习惯而接受（`-n`、`-nn`）：wirelab 从不把地址或端口解析为名字；`explain` 和 `-v` 会说明它们是什么
help-any-tcpdump_time = tcpdump 的时间选项：`-t` 不显示时间，`-tt` 自 1970 年起的秒数，`-ttt` 自上一个数据包起，`-tttt` 日期与时间，`-ttttt` 自第一个数据包起（同 `--time`）
help-any-absolute_seq = 序号和确认号按线路上的原值显示，而不是相对值（tcpdump 的 `-S`）
help-any-link_header = 每行显示链路层首部：MAC 地址和 EtherType（tcpdump 的 `-e`）
help-any-verbose = 在每个会话的第一个数据包下面解释它的地址和端口
help-any-kernel_states = 在每次调用时和每个数据包之后，向内核查询所涉及的每个套接字自己的状态（netlink sock_diag，与 `ss` 相同），显示在推断出的状态旁边：文本视图中的一列，JSON 中的 `kernel_state`（TCP 场景）
help-any-report = 同时把这次运行写成 HTML 报告（与 `wirelab report` 相同），以运行 sudo 的用户的身份创建
help-any-output = 把输出写到这个文件（`-` 表示标准输出）
help-any-netns = 在独立的网络命名空间中运行
help-any-user = 以这个用户的身份运行（wirelab 以 root 运行而不是经由 sudo 时）
help-any-no_checksums = 不检查 IPv4、TCP 和 UDP 的校验和（Zeek 的 `-C`）：用于校验和已知是错的抓包（匿名化的抓包），或以 wirelab 认不出的方式交给网卡计算的抓包。默认时，错误的校验和显示在它的数据包上，并且与 Zeek 相同，在 history 中是一个 `C`，不影响其他；交给网卡计算的（伪首部的和，或 0，发送方主机上或环回上的抓包就是这样）说明为“已卸载给网卡，未验证”

## read。
help-read-args = 抓包文件，之后可以跟一个 BPF 过滤表达式（与 tcpdump 的写法相同）。开头那些是已存在文件（或 `-`）的参数是输入；其余的是过滤表达式。使用 `-r` 时，这里的每个词都是过滤表达式
help-read-read_file = 读取这个抓包文件（tcpdump 的写法；可以给出多次）
help-read-count = 处理 N 个数据包后停止（过滤之后，所有文件合计）
help-read-write = 同时把通过过滤的数据包写入 pcap 文件（不能是某个输入文件；在 sudo 下以运行 sudo 的用户的身份创建）；名字以 .pcapng 结尾时写 pcapng，每个数据包的步骤和发现作为它的注释，并保留每个输入的链路类型
help-read-json = 输出 JSON Lines 而不是文本：每个数据包一个对象（见 docs/json.md）
help-read-summary = 只显示会话表：客户端、服务端、服务端端口的 IANA 名称、Zeek 的 conn_state 和 history、握手与挥手的判定、每个方向的数据包数和字节数、持续时间。加上 --json 时：只有文件和会话记录（docs/json.md）
help-read-follow_format = 与 --follow 一起使用：text（有效的 UTF-8 显示为字符，其他字节显示为 `.`，默认）、hex（偏移、16 个字节的十六进制和文本，与 tshark 的 follow hex 相同）或 raw（一方的原始字节，写入 -w 文件；需要 --side）
help-read-side = 与 --follow-format raw 一起使用：写哪一方的字节：client（客户端）或 server（服务端）
help-read-format = 另一种输出格式：`zeek-conn` 写 Zeek 的 conn.log（制表符分隔，Zeek 的文件头，Zeek 会记录的每个连接一行，在每个会话结束时写出：uid、id.orig_h……、conn_state、history、missed_bytes、每个方向的数据包数和 IP 字节数），供 zeek-cut 和 Zeek 的读取程序使用（docs/annotations.md 的“Zeek”一节）

## report。
help-report-max_conversations = 画出前 N 个会话（会话表列出全部；默认 50）
help-report-output = 要写入的 HTML 文件（`-` 表示标准输出）；不能是某个输入文件

## lab。
help-lab-scenario = 要运行的场景（`--list` 列出全部场景）
help-lab-list = 按主题列出场景，每个场景说明它教什么（加上 --json：每个场景一条记录）
help-lab-count = 消息数、往返次数或客户端数，取决于场景（--list 显示每个场景数的是什么以及默认值）
help-lab-ipv6 = 使用 IPv6（::1，或命名空间的唯一本地地址）而不是 IPv4
help-lab-netns = 客户端和服务端在两个由 veth 对连接的网络命名空间中（198.18.0.1 和 .2，fd00:198:18::1 和 ::2）：真实的以太网首部、ARP 和 NDP。需要 iproute2
help-lab-port = 服务端的端口（默认：实验挑选的一个空闲端口）
help-lab-message = 客户端发送的内容（默认：`hello, wirelab` 加一个换行，15 个字节）
help-lab-delay = 给程序的每次停顿增加的毫秒数，以便在实时视图中跟上每个调用（每个调用发出时打印在标准错误上）
help-lab-drop = 在命名空间之间的路径上丢弃一帧：'一方 什么 [N]'，一方是 client 或 server，什么是 syn、syn-ack、ack、data、fin、rst、datagram 或 fragment，N 是在首次发送中的序数（默认 1）：`--drop 'client data 2'`。可以重复。任何路径选项都意味着 --netns，并在客户端和服务端之间加入第三个命名空间，即路径
help-lab-drop_retransmissions = 同时丢弃每个被丢弃的报文段的前 N 次重传（可以看到退避）
help-lab-duplicate = 把一帧发送两次：'一方 什么 [N]'，与 --drop 相同。可以重复
help-lab-reorder = 扣住一帧，直到同一方向的下一帧通过：'一方 什么 [N]'。可以重复
help-lab-latency = 每个方向（单程）的每一帧延迟 MS 毫秒
help-lab-rate = 把每个方向限制为 RATE（`1mbit`、`500kbit`）：一个能容纳 32 个满帧的队列，满时从队尾丢弃
help-lab-loss = 以概率 P（`10%`）随机丢失携带数据的帧；同一个 --seed 丢失同样的帧
help-lab-seed = --loss 的随机种子（默认 1）
help-lab-mtu = 每个 veth 端的 MTU（默认 1500）

## run。
help-run-program = 程序及其参数（写在 `--` 之后）
help-run-program_output = 与 --tui 一起使用：程序的标准输出和标准错误写到这个文件
help-run-output = 把 wirelab 的报告写到这里，而不是标准错误（程序占用终端）
help-run-netns = 在程序自己的网络命名空间中运行它：只有它的环回接口，所以抓到的每个数据包都是它的
help-run-tui = 交互式 TUI，随程序运行而增长（每个数据包带有引起它的调用）。TUI 占用终端：程序的输入为空，输出写到 --program-output 文件，或丢弃。退出 TUI 即结束程序

## explain。
help-explain-what = 地址（`ADDR`、`ADDR/LEN`、`ADDR/MASK`、`ADDR:PORT`、`[ADDR6]:PORT`、`localhost`）和端口（`PORT`、`PORT/tcp`、`PORT/udp`）
help-explain-binary = 同时把每个地址逐位写成二进制

## interfaces。
help-interfaces-json = 一个 JSON 对象：网络接口、libpcap 的伪设备、默认接口、权限

## capture。
help-capture-filter = BPF 过滤表达式，与 tcpdump 的写法相同（其余的词连在一起）
help-capture-interface = 抓包的网络接口，用名字或 `wirelab interfaces` 显示的编号（`-i 1`；`any` 表示全部）。默认：第一个已启用且不是环回的接口，与 tcpdump 的选择相同
help-capture-snaplen = 每个数据包保留的字节数（默认 262144）
help-capture-no_promisc = 不把网络接口置于混杂模式（只看到发往和来自本机的流量）
help-capture-buffer_kib = 内核抓包缓冲区的大小，以 KiB 为单位（与 tcpdump 的 -B 相同）。默认 32768（32 MiB：128 个 256 KiB 的块，在环回上约 60,000 个小数据包）；使用 --tui 时为 131072，因为它每个数据包做的工作更多
help-capture-immediate = libpcap 的立即模式：每个数据包单独交出。不是默认：在 Linux 上它意味着每个数据包一个槽位，按接口的 MTU 分配大小（32 MiB 的缓冲区在环回上只能容纳 256 个数据包）。默认时内核按块交出数据包，最迟在第一个数据包之后约 10 ms，所以各行仍然立即出现
help-capture-no_immediate = 为兼容而保留：原来的选项现在就是默认（按块交出，见 --immediate）
help-capture-quiet = 不显示数据包（加上 -w：只写入文件；加上 --summary：只显示会话表）
help-capture-stay_root = 打开网络接口之后仍以 root 身份运行
help-capture-user = 打开网络接口之后，以这个用户而不是调用 sudo 的用户的身份运行（与 tcpdump -Z 相同）
help-capture-tui = 数据包到达时在交互式 TUI 中显示（会话、梯形图、解释），而不是打印；退出 TUI（q）即停止抓包
help-capture-summary = 抓包停止时，在数据包之后打印会话表

## completions。
help-completions-shell = 要补全的 shell：bash、elvish、fish、powershell 或 zsh

## 各层视图、事件筛选和挑战模式（issue 19）。
help-read-layers = 在每个数据包下面，按 TCP/IP 模型画出它的各层：每层对应的 OSI 层、协议、首部字节数、用到的地址或端口、这一层做了什么，然后是嵌套行 `Ethernet 14 [ IPv4 20 [ TCP 32 [ data 15 ] ] ] = 81 bytes`（加上 --json 时：`layers`）
help-read-only = 只显示这些数据包，就像 Packet Tracer 的事件列表筛选：`steps`（握手和挥手的步骤，以及被拒绝的连接、重发的 SYN）、`findings`（TCP 分析发现、格式错误或损坏的数据包、时间戳被修正的数据包、关于某个会话的 ICMP 差错）、`tcp`、`udp`、`icmp`（ICMP 和 ICMPv6）、`arp`。可以给出多次或用逗号分隔；属于其中任何一种的数据包都会显示。会话仍然完整地跟踪（和汇总）
help-tui-quiz = 挑战模式：在打开的会话中，每个数据包显示之前先就它提问（谁发送它、它的标志位、seq、ack、窗口、它之后两端的状态、某个字段属于哪一层），用 1-4 或 a-d 键回答（见 docs/tui.md）
help-tui-quiz_seed = 抽取测验选项所用的种子（默认：取自时钟）；同一个种子在同一个抓包上问同样的问题
help-tui-quiz_log = 把每个回答和最后的得分以 JSON Lines 写入 FILE（见 docs/json.md）
help-lab-quiz = 挑战模式：运行场景之后，在每个数据包显示之前先就它提问（谁发送它、它的标志位、seq、ack、窗口、它之后两端的状态、某个字段属于哪一层），用 1-4 或 a-d 键回答；标准输入不是终端时逐行提问（见 docs/tui.md）
help-lab-quiz_seed = 抽取测验选项所用的种子（默认：取自时钟）；同一个种子问同样的问题
help-lab-quiz_log = 把每个回答和最后的得分以 JSON Lines 写入 FILE（见 docs/json.md）
help-lab-layers = 在每个数据包下面显示它的各层（TCP/IP 模型，旁边是 OSI 层）和嵌套行，与 `read -L` 相同（加上 --json 时：`layers`）
help-run-layers = 在每个数据包下面显示它的各层（TCP/IP 模型，旁边是 OSI 层）和嵌套行，与 `read -L` 相同（加上 --json 时：`layers`）
help-capture-layers = 在每个数据包下面，按 TCP/IP 模型画出它的各层：每层对应的 OSI 层、协议、首部字节数、用到的地址或端口、这一层做了什么，然后是嵌套行（加上 --json 时：`layers`）
help-capture-only = 只显示这些数据包（steps、findings、tcp、udp、icmp、arp），与 `read --only` 相同；每个数据包仍然会被跟踪、计数并写入 -w 文件
