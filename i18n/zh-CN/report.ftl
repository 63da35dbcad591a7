# HTML 报告与 SVG 梯形图、时间-序号图的用语（src/report/）。
# 每个 id 都与 en/report.ftl 中的同名消息对应，参数相同。

report-title = wirelab 报告：{ $title }
report-conversations = 会话
report-drawn-one = 下面画出：会话 { $id }。
report-drawn = 下面画出 { $count } 个会话：最多前 { $max } 个（--max-conversations），总共最多 { $frames } 个数据包，每个会话最多 { $rows } 个。
report-ladder = 梯形图
report-tsg = 时间-序号图
report-tsg-hint = 拖出一个矩形可放大；双击显示整张图。

## 点击箭头后打开的面板。
report-panel = 数据包
report-panel-hint = 点击一个箭头（或用 Tab 移到它上面再按 Enter），查看它的数据包做了什么。
report-panel-states = 状态：之前 → 之后
report-panel-numbers = 序号
report-panel-notes = 备注
report-panel-fields = 字段
report-panel-bytes = 字节

## 梯形图。
report-heading = 会话 { $id }（{ $proto }）：客户端 { $client } ⇄ 服务端 { $server }
report-outcome = { $state } { $history }：握手 { $handshake }，挥手 { $teardown }
report-col-frame = 帧
report-col-delta = 间隔
report-more = … 还有 { $count } 个数据包没有画出
report-none = 没有要画的会话
report-arrow = 第 { $frame } 帧：{ $label }

## 时间-序号图。
report-tsg-title = 时间-序号图：{ $from } → { $to } 的数据，会话 { $id }
report-tsg-time = 自会话第一个数据包起的时间（秒）
report-tsg-sequence = 相对序号（字节）
report-tsg-legend = 竖条：数据报文段 · R：重发 · 实线：ACK · 虚线：ACK + 接收窗口 · 粗线：SACK 块 · Z：零窗口
report-tsg-legend-clipped = { $legend } · 窗口线在顶部截断
