# TUI 自身的用语（src/tui/view/、src/tui/app.rs、packets.rs、follow.rs）：标题、列名、
# 底栏按键提示、帮助屏幕、状态与错误行。每个 id 都与 en/tui.ftl 中的同名消息对应，参数相同。
# 列宽按显示宽度计算（一个汉字占两列），见 src/tui/view/mod.rs 的 fit。

## 标题中的计数。
tui-frames = { $count } 帧
tui-conversations = { $count } 个会话
tui-shown = 显示 { $count } 个
tui-indexing = 正在索引
tui-stopped-early = 提前停止：{ $reason }
tui-live = 实时
tui-live-ended = 实时：已结束
tui-frame-unreadable = 无法再次读取第 { $frame } 帧：{ $reason }

## 列名。
tui-col-id = 编号
tui-col-client = 客户端
tui-col-server = 服务端
tui-col-prot = 协议
tui-col-iana-name = IANA 名称
tui-col-state = 状态
tui-col-handshake = 握手
tui-col-teardown = 挥手
tui-col-pkts = 包 客/服
tui-col-frame = 帧
tui-col-delta = 间隔
tui-col-time = 时间
tui-col-what = 内容

## 会话列表。
tui-list-sorted = 会话 · 按{ $column }排序
tui-list-sorted-reversed = 会话 · 按{ $column }倒序排序
tui-list-filter = 会话 · 过滤：{ $filter }
tui-list-reading = 正在读取抓包文件…
tui-list-none = 此抓包文件中没有 TCP 或 UDP 会话（按 p 列出每个数据包）
tui-list-no-match = 没有会话符合过滤条件（按 Esc 清除）
tui-sort-first-seen = 出现顺序
tui-sort-packets = 数据包数
tui-sort-bytes = 字节数
tui-sort-state = 状态
tui-sort-server-port = 服务端端口
tui-sort-duration = 持续时间

## 底栏提示：按键的作用。
tui-hint-select = 选择
tui-hint-open = 打开
tui-hint-follow = 跟踪流
tui-hint-filter = 过滤
tui-hint-sort = 排序
tui-hint-packets = 数据包
tui-hint-help = 帮助
tui-hint-quit = 退出
tui-hint-done = 完成
tui-hint-delete = 删除
tui-hint-step = 单步
tui-hint-event = 事件
tui-hint-first-last = 首/尾
tui-hint-pane = 窗格
tui-hint-back = 返回
tui-hint-frame = 帧号
tui-hint-search = 搜索
tui-hint-match = 匹配
tui-hint-field = 字段
tui-hint-go = 跳转
tui-hint-cancel = 取消
tui-hint-move = 移动
tui-hint-packet = 数据包
tui-hint-keys = 按键

## 梯形图。
tui-conversation-id = 会话 { $id }
tui-ladder-step = 第 { $step }/{ $count } 步
tui-ladder-step-quiz = 第 { $step } 步
tui-ladder-quiz = 挑战模式：下一步是什么？
tui-ladder-title = 梯形图 · { $status }
tui-ladder-irtt = 初始 RTT { $seconds } 秒
tui-status-udp-ended = UDP：数据报，没有要建立或断开的连接
tui-status-udp = UDP：数据报，可能还有更多
tui-status-echo = ICMP 回显：请求与应答，没有连接
tui-status-open = 仍未关闭，可能还有更多
tui-status-refused = 被拒绝（{ $state }）
tui-status-open-at-end = 握手{ $handshake }，抓包结束时连接仍未关闭
tui-status-closed = 握手{ $handshake }，挥手：{ $teardown }
tui-note-icmp-error = ICMP 差错
tui-note-echo-request = ping：回显请求
tui-note-echo-reply = ping：回显应答

## 下方窗格。
tui-pane-explanation = 解释
tui-pane-packet = 数据包
tui-packet-title = 第 { $frame } 帧，{ $bytes } 字节
tui-section-states = 状态
tui-section-numbers = 序号
tui-section-notes = 备注
tui-scroll-more = 下面还有 { $count } 行：J 向下滚动，K 向上
tui-scroll-up = K 向上滚动

## 数据包列表。
tui-packets-list = 数据包列表
tui-packets-pane = 数据包
tui-packets-none = 没有帧
tui-packets-goto = 跳到第几帧：{ $input }
tui-packets-search = 搜索：{ $input }
tui-packets-frame-of = 第 { $frame } 帧，共 { $last } 帧
tui-packets-no-conversation = 第 { $frame } 帧不属于任何会话
tui-packets-not-a-number = 不是帧号：{ $input }
tui-packets-next = 列表中没有第 { $frame } 帧：下一帧是第 { $next } 帧
tui-packets-past-last = 没有第 { $frame } 帧：最后一帧是第 { $last } 帧
tui-packets-no-search = 尚未搜索：按 / 输入文字，再按 Enter
tui-packets-match = 第 { $frame } 帧匹配 { $query }
tui-packets-match-wrapped = 第 { $frame } 帧匹配 { $query }（已绕回开头）
tui-packets-no-match = 没有帧匹配 { $query }

## 跟踪流窗格。
tui-follow-title = 跟踪 { $proto } 会话 { $id }：客户端 { $client } · 服务端 { $server }
tui-follow-title-bare = 跟踪会话 { $id }
tui-follow-cut = 只保留前 { $mib } MiB：`wirelab read FILE --follow { $id }` 显示全部
tui-follow-empty = 没有字节：此会话没有传输数据
tui-follow-bytes = 按流顺序共 { $count } 字节
tui-follow-lines = 共 { $count } 行
tui-follow-line-of = 第 { $line } 行，共 { $count } 行
tui-follow-no-packet = 没有数据包携带这些字节：抓包时漏掉了它们

## 帮助屏幕：标题、各节，以及每个按键的作用（src/tui/action.rs 中的 KEYS）。
tui-help-title = 按键 · 按任意键关闭
tui-help-everywhere = 所有屏幕
tui-help-conversations = 会话列表
tui-help-ladder = 梯形图
tui-help-packets = 数据包列表
tui-help-follow = 跟踪流窗格
tui-key-everywhere-this-help-any = 本帮助（按任意键关闭）
tui-key-everywhere-quit = 退出
tui-key-everywhere-click-to-select = 单击选择，滚轮滚动
tui-key-conversations-select-a-conversation = 选择会话
tui-key-conversations-page-first-last = 翻页、第一个、最后一个
tui-key-conversations-open-it-as = 以梯形图打开
tui-key-conversations-follow-its-bytes = 跟踪它的字节流，双方都显示（梯形图中也可用）
tui-key-conversations-every-packet-arp = 列出每个数据包（包括 ARP、ICMP）
tui-key-conversations-filter-address-port = 过滤：地址、端口、状态、服务
tui-key-conversations-end-typing-again = 结束输入；再按一次清除过滤
tui-key-conversations-next-sort-column = 下一个排序列，倒序
tui-key-ladder-next-previous-packet = 下一个 / 上一个数据包
tui-key-ladder-next-previous-packet-2 = 下一个 / 上一个数据包（在数据包窗格中为字段）
tui-key-ladder-next-previous-handshake = 下一个 / 上一个握手、挥手或分析事件
tui-key-ladder-first-last-packet = 第一个 / 最后一个数据包
tui-key-ladder-switch-pane-explanation = 切换窗格：解释 ↔ 数据包
tui-key-ladder-previous-next-field = 数据包的上一个 / 下一个字段
tui-key-ladder-scroll-the-explanation = 滚动解释
tui-key-ladder-back-to-the = 返回会话列表
tui-key-packets-select-a-packet = 选择数据包
tui-key-packets-page-first-last = 翻页、第一个、最后一个
tui-key-packets-go-to-a = 跳到某帧：输入帧号，再按 Enter
tui-key-packets-search-the-lines = 在各行中搜索文字，按 Enter；下一个 / 上一个匹配
tui-key-packets-open-its-conversation = 在此数据包处打开它的会话
tui-key-packets-previous-next-field = 数据包的上一个 / 下一个字段
tui-key-packets-back-to-the = 返回会话列表
tui-key-follow-move-the-cursor = 光标移动一行
tui-key-follow-page-first-last = 翻页、第一行、最后一行
tui-key-follow-the-packet-that = 在梯形图中显示携带这些字节的数据包
tui-key-follow-back-f-in = 返回（在梯形图中按 f 回到这里）

## 数据包列表中无法再次读取的帧（放在括号里）。
tui-line-unreadable = 无法再次读取：{ $reason }

## 实时 TUI 的标题：它在看什么。
tui-title-capture = 在 { $device } 上实时抓包
tui-title-lab = 实验 { $scenario }，在 { $device } 上
tui-title-run = 运行 { $program }（{ $output }）
tui-run-output-dropped = 不保留程序的输出：--program-output FILE 可以保留
tui-run-output-file = 程序的输出写到 { $path }
