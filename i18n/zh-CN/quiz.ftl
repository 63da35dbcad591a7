# 挑战模式的文字（src/annotate/quiz.rs、src/tui/quiz/）：问题、选项、对错与原因、得分。
# 每个 id 与 en/quiz.ftl 中的同名消息一一对应，参数相同。

## 问题：在第 $frame 帧显示之前提问。
quiz-ask-sender = 第 { $frame } 帧：由哪一端发送？
quiz-ask-flags = 第 { $frame } 帧：带有哪些标志位？
quiz-ask-seq = 第 { $frame } 帧：它的相对序号是多少？
quiz-ask-ack = 第 { $frame } 帧：它的相对确认号是多少？
quiz-ask-window = 第 { $frame } 帧：它的窗口字段的值是多少？
quiz-ask-client-state = 第 { $frame } 帧：它之后客户端处于什么状态？
quiz-ask-server-state = 第 { $frame } 帧：它之后服务端处于什么状态？
quiz-ask-layer = 第 { $frame } 帧：TCP/IP 模型的哪一层加上{ $field }？

## 分层问题所问的字段。
quiz-field-port = 端口号
quiz-field-ip_address = IP 地址
quiz-field-mac = MAC 地址
quiz-field-ttl = TTL（生存时间）
quiz-field-seq = 序号

## 选项。
quiz-side-client = 客户端
quiz-side-server = 服务端
quiz-layer-link = 网络接口层
quiz-layer-internet = 网络层
quiz-layer-transport = 传输层
quiz-layer-application = 应用层

## 对错与原因。
quiz-right = 答对了。
quiz-wrong = 答错了：答案是 { $answer }。
quiz-skipped = 已跳过：答案是 { $answer }。
quiz-why-sender-c2s = 由客户端发送：方向是客户端 → 服务端。
quiz-why-sender-s2c = 由服务端发送：方向是服务端 → 客户端。
quiz-why-seq = 相对序号从这一端 SYN 处的 0 开始数这一端的字节；SYN 和 FIN 各占一个序号。
quiz-why-ack = 相对确认号是发送方期望从另一端收到的下一个字节（见到另一端的 SYN 之前为 0）。
quiz-why-window = 窗口字段是发送方还能接收多少字节，尚未乘以它的 SYN 宣告的缩放因子。
quiz-why-layer-port = 端口在 TCP 或 UDP 首部中：传输层用它在每台主机上找到套接字。
quiz-why-layer-ip_address = IP 地址在 IP 首部中：网络层把数据包从一台主机送到另一台主机。
quiz-why-layer-mac = MAC 地址在以太网首部中：网络接口层只把帧送到下一跳。
quiz-why-layer-ttl = TTL 在 IP 首部中：网络层在数据包经过这么多跳之后丢弃它。
quiz-why-layer-seq = 序号在 TCP 首部中：传输层为每个方向的字节编号。
quiz-why-data = 不是握手或挥手的一步：它携带 { $bytes } 字节数据，ACK 标志确认另一端发来的数据。
quiz-why-states = 之后：客户端 { $client }，服务端 { $server }。

## 问题框与得分。
quiz-title-score = 测验 { $right }/{ $asked }
quiz-box-title = 第 { $n } 题，共 { $count } 题 · 第 { $frame } 帧
quiz-box-keys-answer = 1–4 或 a–d：作答   s：跳过
quiz-box-keys-next = Enter 或空格：继续
quiz-waiting = 等待下一个数据包
quiz-score-title = 测验结束
quiz-score-line = 共 { $asked } 题，答对 { $right } 题，答错 { $wrong } 题，跳过 { $skipped } 题
quiz-score-seed = 种子 { $seed } 会再次给出同样的问题（--quiz-seed { $seed }）
quiz-score-keys = Esc：回到会话列表   q：退出
quiz-log-failed = 测验记录：{ $reason }

## 帮助中的按键说明。
tui-help-quiz = 测验
tui-key-quiz-answer = 回答问题（选项 1–4、a–d）
tui-key-quiz-skip = 跳过问题
tui-key-quiz-next = 下一题；一个数据包的最后一题之后，显示该数据包
