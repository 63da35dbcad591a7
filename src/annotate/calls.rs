//! The words for a socket call (the lab's own programs', or a traced program's under
//! `wirelab run`): what it was, what it returned, what it put on the wire, and what a failure
//! means in a sockets tutorial's terms, in the reader's language (`calls.ftl`). The calls
//! themselves are written as a program writes them (`connect(127.0.0.1:8001)`).

use super::lang::Lang;
use crate::decode::TcpFlags;
use crate::lab::attach::{PacketFacts, What};
use crate::lab::calls::{Call, CallKind, PortHolder};

/// What a reader sees for a call (and the packets it caused): `connect(127.0.0.1:8001) → SYN`.
/// `listener`: the call's socket listened (its close() ends no conversation). `together`:
/// for a TCP send whose one segment carries other sends' bytes too (Nagle's algorithm
/// coalesced them), which of the socket's sends that segment carries (1 = its first send);
/// empty otherwise.
pub fn describe(
    lang: Lang,
    call: &Call,
    caused: &[usize],
    facts: &[PacketFacts],
    listener: bool,
    together: &[u32],
) -> String {
    let mut s = what_it_did(lang, call, listener);
    if let Some(e) = &call.error
        && matches!(
            call.kind,
            CallKind::Send { .. }
                | CallKind::SendTo { .. }
                | CallKind::Close
                | CallKind::Bind { .. }
                | CallKind::Listen { .. }
                | CallKind::ShutdownWrite
                | CallKind::SetOption { .. }
        )
    {
        s = lang.text("call-fails", &[("call", &s), ("error", e)]);
    }
    if let Some(meaning) = call.error.as_deref().and_then(|e| errno_meaning(lang, e)) {
        s = lang.text("call-meaning", &[("call", &s), ("meaning", meaning)]);
    }
    if let CallKind::Bind {
        held_by: Some(h), ..
    } = &call.kind
    {
        s = held_port(lang, s, h);
    }
    if !caused.is_empty() {
        let sent = what_was_sent(lang, caused, facts);
        s = lang.text("call-caused", &[("call", &s), ("sent", &sent)]);
        if !together.is_empty() {
            let sends = list_of(lang, together);
            s = lang.text("call-coalesced", &[("call", &s), ("sends", &sends)]);
        }
    }
    s
}

/// The call and its result, without the packets.
fn what_it_did(lang: Lang, call: &Call, listener: bool) -> String {
    let error = call.error.as_deref();
    match &call.kind {
        CallKind::Socket { ipv6, tcp } => format!(
            "socket({}, {})",
            if *ipv6 { "AF_INET6" } else { "AF_INET" },
            if *tcp { "SOCK_STREAM" } else { "SOCK_DGRAM" }
        ),
        CallKind::SetOption { option } => {
            with_meaning(lang, format!("setsockopt({option})"), option)
        }
        CallKind::GetOption { option } => match option.strip_prefix("SO_RCVBUF=") {
            Some(_) => lang.text("call-getsockopt-rcvbuf", &[("option", option)]),
            None => format!("getsockopt({option})"),
        },
        CallKind::Bind { addr, .. } => format!("bind({addr})"),
        CallKind::Listen { backlog } => format!("listen(backlog {backlog})"),
        CallKind::ConnectStart { to } => format!("connect({to})"),
        CallKind::ConnectReturn => match (error, call.local) {
            (Some(e), _) => lang.text("call-connect-fails", &[("error", e)]),
            (None, Some(l)) if l.port() != 0 => {
                lang.text("call-connect-returns-from", &[("local", &l.to_string())])
            }
            (None, _) => lang.word("call-connect-returns").to_owned(),
        },
        CallKind::Accept => match (error, call.peer) {
            (Some(e), _) => lang.text("call-accept-fails", &[("error", e)]),
            (None, Some(p)) => lang.text("call-accept-returns-for", &[("peer", &p.to_string())]),
            (None, None) => lang.word("call-accept-returns").to_owned(),
        },
        CallKind::Send { len } => lang.text("call-send", &[("len", &len.to_string())]),
        CallKind::SendTo { len, to } => lang.text(
            "call-sendto",
            &[("len", &len.to_string()), ("to", &to.to_string())],
        ),
        CallKind::Recv { len } => match (error, len) {
            (Some(e), _) => lang.text("call-recv-fails", &[("error", e)]),
            (None, 0) => lang.word("call-recv-eof").to_owned(),
            (None, n) => lang.text("call-recv-returns", &[("n", &n.to_string())]),
        },
        CallKind::RecvFrom { len } => {
            let len = len.to_string();
            match (error, call.peer) {
                (Some(e), _) => lang.text("call-recvfrom-fails", &[("error", e)]),
                (None, Some(p)) => lang.text(
                    "call-recvfrom-from",
                    &[("len", &len), ("peer", &p.to_string())],
                ),
                (None, None) => lang.text("call-recvfrom-returns", &[("len", &len)]),
            }
        }
        CallKind::ShutdownWrite => "shutdown(SHUT_WR)".into(),
        CallKind::ShutdownRead => lang.word("call-shutdown-read").to_owned(),
        CallKind::Close if listener => lang.word("call-close-listener").to_owned(),
        CallKind::Close => "close()".into(),
        CallKind::CloseUnread { bytes } => {
            lang.text("call-close-unread", &[("bytes", &bytes.to_string())])
        }
        CallKind::CloseShared { others } => {
            lang.text("call-close-shared", &[("others", &others.to_string())])
        }
    }
}

/// `setsockopt(...)`, and what the option does when it is one the lab's scenarios teach.
fn with_meaning(lang: Lang, s: String, option: &str) -> String {
    match option_meaning(lang, option) {
        Some(meaning) => lang.text("call-with-meaning", &[("call", &s), ("meaning", &meaning)]),
        None => s,
    }
}

/// What setting a socket option does, in a tutorial's words: `option` is `NAME=value` as
/// the calls name it (`TCP_NODELAY=1`). Linux's defaults are from tcp(7) and socket(7).
pub fn option_meaning(lang: Lang, option: &str) -> Option<String> {
    let (name, value) = option.split_once('=')?;
    let id = match (name, value) {
        ("SO_RCVBUF", _) => "opt-rcvbuf",
        ("TCP_NODELAY", "0") => "opt-nodelay-off",
        ("TCP_NODELAY", _) => "opt-nodelay-on",
        ("TCP_QUICKACK", "0") => "opt-quickack-off",
        ("TCP_QUICKACK", _) => "opt-quickack-on",
        ("SO_KEEPALIVE", "0") => "opt-keepalive-off",
        ("SO_KEEPALIVE", _) => "opt-keepalive-on",
        ("TCP_KEEPIDLE", _) => "opt-keepidle",
        ("TCP_KEEPINTVL", _) => "opt-keepintvl",
        ("TCP_KEEPCNT", _) => "opt-keepcnt",
        _ => return None,
    };
    Some(lang.text(id, &[("value", value)]))
}

/// What an errno means where a sockets program meets it, in a tutorial's words (message
/// `errno-NAME`); `None` for an errno the catalogue does not explain.
pub fn errno_meaning(lang: Lang, name: &str) -> Option<&'static str> {
    let plain = !name.is_empty() && name.bytes().all(|b| b.is_ascii_uppercase());
    plain
        .then(|| lang.find_word(&format!("errno-{name}")))
        .flatten()
}

/// Why the port was in use, and what SO_REUSEADDR changes.
fn held_port(lang: Lang, call: String, h: &PortHolder) -> String {
    let with = h.remote.map(|r| format!(" ↔ {r}")).unwrap_or_default();
    let (local, state) = (h.local.to_string(), h.state.to_string());
    let args = [
        ("call", call.as_str()),
        ("local", &local),
        ("state", &state),
        ("with", &with),
    ];
    let s = lang.text("call-held", &args);
    if h.state == "TIME-WAIT" {
        return lang.text("call-held-time-wait", &[("call", &s)]);
    }
    s
}

/// `2 to 5`, `2, 4 and 5`, `1 and 2`.
fn list_of(lang: Lang, n: &[u32]) -> String {
    match n {
        [first, .., last] if n.len() > 2 && n.windows(2).all(|w| w[1] == w[0] + 1) => {
            let (first, last) = (first.to_string(), last.to_string());
            lang.text("call-list-range", &[("first", &first), ("last", &last)])
        }
        [rest @ .., last] if !rest.is_empty() => {
            let rest: Vec<String> = rest.iter().map(u32::to_string).collect();
            let rest = join(lang, &rest);
            lang.text(
                "call-list-and",
                &[("rest", &rest), ("last", &last.to_string())],
            )
        }
        _ => n.iter().map(u32::to_string).collect(),
    }
}

/// `a, b, c` in `lang`'s way of listing.
fn join(lang: Lang, items: &[String]) -> String {
    let mut items = items.iter();
    let first = items.next().cloned().unwrap_or_default();
    items.fold(first, |list, next| {
        lang.text("call-list-join", &[("list", &list), ("next", next)])
    })
}

/// `SYN`, `FIN`, `RST`, `data (15 bytes)`, `datagram (15 bytes)`, `ARP, SYN`...
fn what_was_sent(lang: Lang, caused: &[usize], facts: &[PacketFacts]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut resolution = false;
    let (mut segments, mut bytes) = (0u32, 0u64);
    for f in caused.iter().filter_map(|&i| facts.get(i)) {
        match f.what {
            What::Resolution => resolution = true,
            What::Tcp { flags, payload, .. } => {
                if flags.has(TcpFlags::SYN) {
                    parts.push("SYN".into());
                } else if flags.has(TcpFlags::RST) {
                    parts.push("RST".into());
                } else if flags.has(TcpFlags::FIN) {
                    parts.push("FIN".into());
                } else {
                    segments += 1;
                    bytes += u64::from(payload);
                }
            }
            What::Udp { payload, .. } => {
                parts.push(lang.text("call-sent-datagram", &[("bytes", &payload.to_string())]))
            }
            _ => {}
        }
    }
    let bytes = bytes.to_string();
    match segments {
        0 => {}
        1 => parts.push(lang.text("call-sent-data", &[("bytes", &bytes)])),
        n => parts.push(lang.text(
            "call-sent-segments",
            &[("n", &n.to_string()), ("bytes", &bytes)],
        )),
    }
    let s = join(lang, &parts);
    if resolution {
        return lang.text("call-sent-resolution", &[("sent", &s)]);
    }
    s
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::option_meaning;
    use crate::annotate::lang::Lang;
    use crate::lab::socket::SockOpt;

    /// Every option the lab's programs set is said in words, by the name `setsockopt`
    /// gives it.
    #[test]
    fn each_option_the_lab_sets_has_its_sentence() {
        for option in [
            SockOpt::RecvBuffer(4096),
            SockOpt::NoDelay,
            SockOpt::QuickAck(false),
            SockOpt::QuickAck(true),
            SockOpt::KeepAlive,
            SockOpt::KeepIdle(Duration::from_secs(1)),
            SockOpt::KeepInterval(Duration::from_secs(1)),
            SockOpt::KeepCount(3),
        ] {
            let text = option.to_string();
            assert!(option_meaning(Lang::En, &text).is_some(), "{text}");
        }
        assert_eq!(
            option_meaning(Lang::En, "TCP_KEEPCNT=3").as_deref(),
            Some(
                "after 3 keep-alives unanswered the kernel gives the connection up: the next call fails with ETIMEDOUT (Linux's default is 9)"
            )
        );
        assert_eq!(option_meaning(Lang::En, "SO_BROADCAST=1"), None);
    }

    #[test]
    fn coalesced_sends_are_listed_as_a_reader_says_them() {
        assert_eq!(super::list_of(Lang::En, &[2, 3, 4, 5]), "2 to 5");
        assert_eq!(super::list_of(Lang::En, &[2, 4, 5]), "2, 4 and 5");
        assert_eq!(super::list_of(Lang::En, &[1, 2]), "1 and 2");
        assert_eq!(super::list_of(Lang::En, &[7]), "7");
    }
}
