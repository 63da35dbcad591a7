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

## Capturing without the privilege to (docs/faq.md), line by line; `os::privilege` keeps the
## same words in English for the library.
err-privilege-head = cannot capture on { $device }: { $reason }
err-privilege-why = Capturing packets needs the CAP_NET_RAW capability, which this process does not have.
err-privilege-root = Run it as root:
err-privilege-setcap = or let the binary capture for every user of this machine:
err-privilege-see = (see "Why does capturing need root?" in docs/faq.md)

## `wirelab capture`'s own lines (src/cli/capture.rs).
err-capture-write-stdout = -w - would mix the pcap bytes with the packet lines on stdout; add -q, or write to a file
err-capture-no-interface = no interface is up; name one with -i (`wirelab interfaces` lists them)
err-capture-link-type = { $device }: link type { $link } cannot be decoded; wirelab decodes Ethernet, Linux cooked (SLL, SLL2), raw IP and BSD loopback
err-capture-drop-root = cannot drop root privileges: { $reason }
err-capture-user-not-root = --user { $name }: only root can change to another user
capture-keeping-root = keeping root privileges: { $source } names root ({ $id })
capture-dropped-root = dropped root privileges: running as { $id } ({ $source })
capture-listening = listening on { $device }, link-type { $link }, snapshot length { $snaplen } bytes
capture-quiet-hint = no packets yet on { $device }; traffic to 127.0.0.1 is on lo: try -i lo
capture-thread-failed = the capture thread failed
capture-no-stats = no statistics: { $reason }
capture-stats-captured = { $n } { $n ->
    [one] packet
   *[other] packets
} captured
capture-stats-received = { $n } { $n ->
    [one] packet
   *[other] packets
} received by filter
capture-stats-dropped = { $n } { $n ->
    [one] packet
   *[other] packets
} dropped by kernel
capture-stats-if-dropped = { $n } { $n ->
    [one] packet
   *[other] packets
} dropped by interface
err-signals = cannot handle signals: { $reason }

## The lab's and `run`'s ends (src/cli/lab.rs).
err-lab-interrupted = lab interrupted; its namespaces (if any) are removed
err-lab-failed = lab failed: { $reason }

## `read`'s usage errors (src/cli/mod.rs) and the TUI's.
err-follow-format-needs-follow = --follow-format needs --follow ID
err-follow-raw-json = --follow-format raw writes bytes, not JSON: drop --json
err-follow-raw-side = --follow-format raw writes one side's bytes: add --side client or --side server
err-follow-raw-file = --follow-format raw writes into a file: add -w FILE
err-follow-write = with --follow, -w takes the raw bytes of one side: add --follow-format raw --side client|server
err-follow-side = --side chooses the bytes --follow-format raw writes: add --follow-format raw -w FILE
err-filter-utf8 = { $word }: a filter word must be UTF-8 text
err-tui-one-file = the TUI opens one capture file at a time
err-tui-stdin = { $path }: the TUI reads packets again as you step, so it needs a file, not standard input
err-tui-filter = the filter '{ $filter }' does not compile: { $reason }
err-tui-terminal = the TUI needs a terminal: standard input and output must be a tty
err-run-failed = run failed: { $reason }
err-report-one-file = report reads one capture file; give the others a report each
err-run-netns-root = run --netns makes a network namespace, which needs root: run it with sudo
err-run-no-program = run needs a program: wirelab run -- python3 server.py
err-run-as-root = wirelab run does not run a program as root: run it with sudo from your own account (the program runs as you), or name a user with --user NAME
