# The errors a person reads at the command line (src/cli/errors.rs), after "wirelab: ". The
# library's errors keep their English Display; the CLI writes these by variant. Mirrored by
# zh-CN/errors.ftl.

## Inputs and outputs.
err-open = { $path }: cannot open: { $reason }
err-record = { $path }: record { $record }: { $reason }
err-filter = { $where }: invalid filter '{ $filter }': { $reason }
err-write = { $path }: cannot write: { $reason }
err-stdout = cannot write to standard output: { $reason }

## The reasons of the operating system and libpcap, where they are said in other words.
err-reason-not-found = No such file or directory
err-reason-permission = Permission denied
err-reason-directory = Is a directory
err-reason-format = unknown file format
err-reason-truncated = truncated dump file
err-reason-filter-syntax = can't parse filter expression: syntax error

## read's own refusals.
err-write-stdout = -w - would mix the pcap bytes with the packet lines on stdout; write to a file instead
err-one-document = --timeline-format svg and html make one document of one capture file: read the files one at a time
err-no-conversations = { $flag } { $id }: the input has no conversations
err-only-conversation = { $flag } { $id }: no such conversation; the only one is 1
err-no-such-conversation = { $flag } { $id }: no such conversation; the ids are 1 to { $n }
