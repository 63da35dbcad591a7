# 命令行上给人看的错误（src/cli/errors.rs）的中文说法，写在 "wirelab: " 之后。库里的错误
# 保留英文的 Display；CLI 按错误的种类写出这些。与 en/errors.ftl 一一对应，参数相同。

## 输入与输出。
err-open = { $path }：无法打开：{ $reason }
err-record = { $path }：第 { $record } 条记录：{ $reason }
err-filter = { $where }：无效的过滤表达式 '{ $filter }'：{ $reason }
err-write = { $path }：无法写入：{ $reason }
err-stdout = 无法写入标准输出：{ $reason }

## 操作系统和 libpcap 给出的原因，在目录中有说法的那些。
err-reason-not-found = 没有这个文件或目录
err-reason-permission = 权限不足
err-reason-directory = 这是一个目录
err-reason-format = 未知的文件格式（不是 pcap 或 pcapng 文件）
err-reason-truncated = 抓包文件被截断
err-reason-filter-syntax = 无法解析过滤表达式：语法错误

## read 自己的拒绝。
err-write-stdout = -w - 会把 pcap 字节和标准输出上的数据包行混在一起；请写到文件
err-one-document = --timeline-format svg 和 html 只为一个抓包文件生成一个文档：请一次读一个文件
err-no-conversations = { $flag } { $id }：输入中没有会话
err-only-conversation = { $flag } { $id }：没有这个会话；唯一的会话是 1
err-no-such-conversation = { $flag } { $id }：没有这个会话；会话编号是 1 到 { $n }

## 没有抓包权限时（docs/faq.md），一行一条；`os::privilege` 为库保留同样的英文说法。
err-privilege-head = 无法在 { $device } 上抓包：{ $reason }
err-privilege-why = 抓包需要 CAP_NET_RAW 权限，这个进程没有。
err-privilege-root = 以 root 身份运行：
err-privilege-setcap = 或者让这台机器上的每个用户都能用这个程序抓包：
err-privilege-see = （见 docs/faq.md 中“为什么抓包需要 root 权限？”一节）

## `wirelab capture` 自己的说法（src/cli/capture.rs）。
err-capture-write-stdout = -w - 会把 pcap 字节和数据包的行混在标准输出上；加上 -q，或者写入文件
err-capture-no-interface = 没有已启用的接口；用 -i 指定一个（`wirelab interfaces` 会列出它们）
err-capture-link-type = { $device }：无法解码链路类型 { $link }；wirelab 能解码以太网、Linux cooked（SLL、SLL2）、原始 IP 和 BSD 环回（loopback）
err-capture-drop-root = 无法放弃 root 权限：{ $reason }
err-capture-user-not-root = --user { $name }：只有 root 才能切换到另一个用户
capture-keeping-root = 保留 root 权限：{ $source } 指定的是 root（{ $id }）
capture-dropped-root = 已放弃 root 权限：以 { $id } 运行（{ $source }）
capture-listening = 正在 { $device } 上监听，链路类型 { $link }，快照长度 { $snaplen } 字节
capture-quiet-hint = { $device } 上还没有数据包；发往 127.0.0.1 的流量在 lo 上：试试 -i lo
capture-thread-failed = 抓包线程失败
capture-no-stats = 没有统计数据：{ $reason }
capture-stats-captured = 抓到 { $n } 个数据包
capture-stats-received = 过滤器收到 { $n } 个数据包
capture-stats-dropped = 内核丢弃 { $n } 个数据包
capture-stats-if-dropped = 接口丢弃 { $n } 个数据包
err-signals = 无法处理信号：{ $reason }

## 实验和 `run` 的结束（src/cli/lab.rs）。
err-lab-interrupted = 实验被中断；它的网络命名空间（如果有）已删除
err-lab-failed = 实验失败：{ $reason }

## `read` 的用法错误（src/cli/mod.rs）和 TUI 的。
err-follow-format-needs-follow = --follow-format 需要 --follow 会话编号
err-follow-raw-json = --follow-format raw 写出的是字节，不是 JSON：去掉 --json
err-follow-raw-side = --follow-format raw 写出一侧（客户端或服务端）的字节：加上 --side client 或 --side server
err-follow-raw-file = --follow-format raw 写入文件：加上 -w 文件名
err-follow-write = 与 --follow 一起时，-w 接收一侧（客户端或服务端）的原始字节：加上 --follow-format raw --side client|server
err-follow-side = --side 选择 --follow-format raw 写出的字节：加上 --follow-format raw -w 文件名
err-filter-utf8 = { $word }：过滤表达式的词必须是 UTF-8 文本
err-tui-one-file = TUI 一次只打开一个抓包文件
err-tui-stdin = { $path }：TUI 在你逐步查看时会重新读取数据包，所以它需要一个文件，而不是标准输入
err-tui-filter = 过滤表达式 '{ $filter }' 无法编译：{ $reason }
err-tui-terminal = TUI 需要一个终端：标准输入和标准输出都必须是 tty
err-run-failed = 运行失败：{ $reason }
err-report-one-file = report 只读取一个抓包文件；其他文件请各自生成一份报告
err-run-netns-root = run --netns 会创建网络命名空间，这需要 root 权限：用 sudo 运行
err-run-no-program = run 需要一个程序（例如服务端）：wirelab run -- python3 server.py
err-run-as-root = wirelab run 不会以 root 身份运行程序：从你自己的账户用 sudo 运行它（程序以你的身份运行），或者用 --user 用户名 指定一个用户
