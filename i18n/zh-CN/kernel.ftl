# 内核自己的 TCP 状态与推断的状态并列（`wirelab lab --kernel-states`）。

## 文本视图中这一列的列头。
kernel-column = 内核

## 内核没有对应套接字的端点（RFC 9293 的 CLOSED：没有 TCB）。
kernel-no-socket = 无套接字

## 数据包下方，内核状态与推断状态不同的端点各占一行。
kernel-differs = 内核：{ $side } { $kernel }（{ $linux }），推断为 { $inferred }：{ $why }

## 调用之后：其套接字在内核中的状态；不同时说明原因。
kernel-call = 内核：{ $state }
kernel-call-differs = 内核：{ $state }，推断为 { $inferred }：{ $why }

## 不同的原因，每类一句（docs/annotations.md，“Inferred vs kernel”）。
kernel-why-agree = 相同
kernel-why-between-packets = 内核在两个数据包之间改变了状态；数据包在另一时刻显示这一状态
kernel-why-not-on-wire = 应答方在应答之前的状态不在线路上
kernel-why-far-end = 抓包点在路径的另一端：这一端的数据包到达那里时才被看到，被路径丢弃的则永远看不到
kernel-why-unexplained = 无法解释：推断与内核不一致
