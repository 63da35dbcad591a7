//! The application line: what a DNS, HTTP or DHCP message (decode::app) or a text payload
//! says, in one line after the packet's TCP/UDP fields, as tcpdump puts DNS on a packet's
//! line: `DNS query 0x1a2b A example.com`, `HTTP GET /index.html (Host: example.com)`,
//! `DHCP OFFER 192.168.1.10 from server 192.168.1.1`, `text: "hello, wirelab\n"`.
//! Also the names JSON gives the same values (`dns_type`, `rcode`, `dhcp_type`).

use std::fmt::Write as _;

use super::lang::Lang;
use super::text::{Encoding, preview};
use crate::decode::app::{AppMessage, Dhcp, Dns, Http};

/// Columns a text line's preview takes at most (the ladder's previews are as short).
const TEXT_COLUMNS: usize = 48;
/// Characters of a URI shown; a longer one is cut and `…` follows.
const URI_CHARS: usize = 80;

/// The application line of a message in `lang`, without a newline: wirelab's own words
/// translated, the protocol's (methods, record types, message types) as the protocol has them.
pub fn line(lang: Lang, msg: &AppMessage<'_>, encoding: Encoding) -> String {
    let mut out = String::new();
    match msg {
        AppMessage::Dns(d) => dns_line(lang, &mut out, d),
        AppMessage::Http(h) => http_line(&mut out, h),
        AppMessage::Dhcp(d) => dhcp_line(lang, &mut out, d),
        AppMessage::Text(bytes) => {
            out.push_str(lang.word("app-text"));
            out.push_str(&preview(bytes, encoding, TEXT_COLUMNS));
        }
    }
    out
}

/// `DNS query 0x1a2b A example.com` or
/// `DNS response 0x1a2b A example.com: 93.184.216.34 (NOERROR)`: answers of the asked type
/// as their data alone, others with their type (`CNAME example.net`).
fn dns_line(lang: Lang, out: &mut String, d: &Dns) {
    let what = lang.word(if d.response {
        "app-dns-response"
    } else {
        "app-dns-query"
    });
    let _ = write!(out, "DNS {what} 0x{:04x}", d.id);
    if d.opcode != 0 {
        let _ = write!(out, " {}", opcode(d.opcode));
    }
    for (i, q) in d.questions.iter().enumerate() {
        out.push_str(if i == 0 { " " } else { ", " });
        let _ = write!(out, "{} {}", dns_type(q.qtype), q.name);
    }
    if !d.response {
        return;
    }
    let asked = d.questions.first().map(|q| q.qtype);
    for (i, a) in d.answers.iter().enumerate() {
        out.push_str(if i == 0 { ": " } else { ", " });
        if Some(a.rtype) != asked || a.data.is_empty() {
            out.push_str(dns_type(a.rtype).as_ref());
            if !a.data.is_empty() {
                out.push(' ');
            }
        }
        out.push_str(&a.data);
    }
    let _ = write!(out, " ({})", rcode(d.rcode));
}

/// A record type's mnemonic (RFC 1035, 3596...), or `TYPE65280` as RFC 3597 writes an
/// unknown one.
pub fn dns_type(t: u16) -> std::borrow::Cow<'static, str> {
    let name = match t {
        1 => "A",
        2 => "NS",
        5 => "CNAME",
        6 => "SOA",
        12 => "PTR",
        13 => "HINFO",
        15 => "MX",
        16 => "TXT",
        28 => "AAAA",
        33 => "SRV",
        35 => "NAPTR",
        41 => "OPT",
        43 => "DS",
        46 => "RRSIG",
        47 => "NSEC",
        48 => "DNSKEY",
        50 => "NSEC3",
        64 => "SVCB",
        65 => "HTTPS",
        251 => "IXFR",
        252 => "AXFR",
        255 => "ANY",
        257 => "CAA",
        _ => return format!("TYPE{t}").into(),
    };
    name.into()
}

/// A response code's name (RFC 1035, 2136), as dig prints it.
pub fn rcode(code: u16) -> std::borrow::Cow<'static, str> {
    let name = match code {
        0 => "NOERROR",
        1 => "FORMERR",
        2 => "SERVFAIL",
        3 => "NXDOMAIN",
        4 => "NOTIMP",
        5 => "REFUSED",
        6 => "YXDOMAIN",
        7 => "YXRRSET",
        8 => "NXRRSET",
        9 => "NOTAUTH",
        10 => "NOTZONE",
        _ => return format!("RCODE{code}").into(),
    };
    name.into()
}

/// An opcode's name (RFC 1035, 1996, 2136).
pub fn opcode(code: u8) -> std::borrow::Cow<'static, str> {
    match code {
        0 => "QUERY".into(),
        1 => "IQUERY".into(),
        2 => "STATUS".into(),
        4 => "NOTIFY".into(),
        5 => "UPDATE".into(),
        _ => format!("OPCODE{code}").into(),
    }
}

/// `HTTP GET /index.html (Host: example.com)` or `HTTP 200 OK`.
fn http_line(out: &mut String, h: &Http<'_>) {
    match h {
        Http::Request {
            method, uri, host, ..
        } => {
            let _ = write!(out, "HTTP {method} ");
            let mut chars = uri.chars();
            out.extend(chars.by_ref().take(URI_CHARS));
            if chars.next().is_some() {
                out.push('…');
            }
            if let Some(host) = host {
                let _ = write!(out, " (Host: {})", host.escape_debug());
            }
        }
        Http::Response { status, reason, .. } => {
            let _ = write!(out, "HTTP {status} {}", reason.escape_debug());
        }
    }
}

/// A DHCP message type's name (RFC 2132 9.6).
pub fn dhcp_type(t: Option<u8>) -> std::borrow::Cow<'static, str> {
    let name = match t {
        None => "BOOTP",
        Some(1) => "DISCOVER",
        Some(2) => "OFFER",
        Some(3) => "REQUEST",
        Some(4) => "DECLINE",
        Some(5) => "ACK",
        Some(6) => "NAK",
        Some(7) => "RELEASE",
        Some(8) => "INFORM",
        Some(n) => return format!("TYPE{n}").into(),
    };
    name.into()
}

/// `DHCP DISCOVER from 02:00:00:00:00:01`, `DHCP OFFER 192.168.1.10 from server
/// 192.168.1.1`, `DHCP REQUEST from 02:00:00:00:00:01, asks for 192.168.1.10`: the address
/// given (offered or acknowledged) or the client's own, who sent it, then the address a
/// client asks for (option 50), which is not one it has been given.
fn dhcp_line(lang: Lang, out: &mut String, d: &Dhcp) {
    let _ = write!(out, "DHCP {}", dhcp_type(d.message_type));
    let address = [d.yiaddr, d.ciaddr]
        .into_iter()
        .find(|a| !a.is_unspecified());
    if let Some(a) = address {
        let _ = write!(out, " {a}");
    }
    if d.op == 2 {
        if let Some(server) = d.server_id {
            let _ = write!(out, " {} {server}", lang.word("app-dhcp-from-server"));
        }
    } else if let Some(mac) = d.client_mac {
        let _ = write!(out, " {} {mac}", lang.word("app-dhcp-from"));
    }
    if let Some(wanted) = d.requested.filter(|a| !a.is_unspecified()) {
        let _ = write!(out, ", {} {wanted}", lang.word("app-dhcp-asks-for"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::Mac;
    use crate::decode::app::{DnsQuestion, DnsRecord};
    use std::net::Ipv4Addr;

    fn dns(response: bool, answers: Vec<DnsRecord>, rcode: u16) -> AppMessage<'static> {
        AppMessage::Dns(Dns {
            id: 0x1a2b,
            response,
            opcode: 0,
            rcode,
            questions: vec![DnsQuestion {
                name: "example.com".into(),
                qtype: 1,
            }],
            answers,
            authority: vec![],
            additional: vec![],
        })
    }

    fn rr(rtype: u16, data: &str) -> DnsRecord {
        DnsRecord {
            name: "example.com".into(),
            rtype,
            data: data.into(),
        }
    }

    #[test]
    fn dns_lines_name_the_question_and_the_answers() {
        let enc = Encoding::Utf8;
        assert_eq!(
            line(Lang::En, &dns(false, vec![], 0), enc),
            "DNS query 0x1a2b A example.com"
        );
        let answers = vec![rr(5, "edge.example.net"), rr(1, "93.184.216.34")];
        assert_eq!(
            line(Lang::En, &dns(true, answers, 0), enc),
            "DNS response 0x1a2b A example.com: CNAME edge.example.net, 93.184.216.34 (NOERROR)"
        );
        assert_eq!(
            line(Lang::En, &dns(true, vec![], 3), enc),
            "DNS response 0x1a2b A example.com (NXDOMAIN)"
        );
        assert_eq!(dns_type(65280), "TYPE65280");
    }

    #[test]
    fn http_lines_show_the_request_line_with_its_host_or_the_status() {
        let req = AppMessage::Http(Http::Request {
            method: "GET",
            uri: "/index.html",
            minor: 1,
            host: Some("example.com"),
        });
        assert_eq!(
            line(Lang::En, &req, Encoding::Utf8),
            "HTTP GET /index.html (Host: example.com)"
        );
        let resp = AppMessage::Http(Http::Response {
            minor: 1,
            status: 200,
            reason: "OK",
        });
        assert_eq!(line(Lang::En, &resp, Encoding::Utf8), "HTTP 200 OK");
    }

    #[test]
    fn dhcp_lines_show_the_address_and_who_sent_it() {
        let discover = Dhcp {
            op: 1,
            message_type: Some(1),
            xid: 1,
            client_mac: Some(Mac([2, 0, 0, 0, 0, 1])),
            ciaddr: Ipv4Addr::UNSPECIFIED,
            yiaddr: Ipv4Addr::UNSPECIFIED,
            requested: None,
            server_id: None,
        };
        let enc = Encoding::Utf8;
        let text = line(Lang::En, &AppMessage::Dhcp(discover.clone()), enc);
        assert_eq!(text, "DHCP DISCOVER from 02:00:00:00:00:01");
        let offer = Dhcp {
            op: 2,
            message_type: Some(2),
            yiaddr: Ipv4Addr::new(192, 168, 1, 10),
            server_id: Some(Ipv4Addr::new(192, 168, 1, 1)),
            ..discover
        };
        assert_eq!(
            line(Lang::En, &AppMessage::Dhcp(offer), enc),
            "DHCP OFFER 192.168.1.10 from server 192.168.1.1"
        );
        // The address a client asks for is not one it was given.
        let request = Dhcp {
            message_type: Some(3),
            requested: Some(Ipv4Addr::new(192, 168, 1, 10)),
            ..discover
        };
        assert_eq!(
            line(Lang::En, &AppMessage::Dhcp(request), enc),
            "DHCP REQUEST from 02:00:00:00:00:01, asks for 192.168.1.10"
        );
    }

    #[test]
    fn text_lines_are_the_ladder_preview() {
        let msg = AppMessage::Text("你好, wirelab\n".as_bytes());
        assert_eq!(
            line(Lang::En, &msg, Encoding::Utf8),
            "text: \"你好, wirelab\\n\""
        );
    }
}
