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
