//! DNS messages (RFC 1035) through the `simple-dns` crate, kept as plain values: the header's
//! id, flags and codes, each question's name and type, each answer's name, type and data in
//! presentation form (an address, a name).
//!
//! `simple-dns` reserves room for as many records as the header counts before it reads
//! them; a count the payload cannot hold (each question takes at least 5 bytes, each record
//! 11) is refused first, so random bytes on port 53 cost no large allocation.

use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};

use simple_dns::rdata::RData;
use simple_dns::{Packet, PacketFlag};

use crate::decode::layout::be16;

/// The fixed 12-byte header (RFC 1035 4.1.1), the fields read before the crate is called.
mod header {
    use crate::decode::layout::Field;

    pub const QDCOUNT: Field = 4..6;
    pub const ANCOUNT: Field = 6..8;
    pub const NSCOUNT: Field = 8..10;
    pub const ARCOUNT: Field = 10..12;
    pub const LEN: usize = 12;
}

/// The smallest question: the root name (1 byte), type and class.
const MIN_QUESTION: usize = 5;
/// The smallest record: the root name, type, class, TTL and data length.
const MIN_RECORD: usize = 11;

/// One DNS message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dns {
    pub id: u16,
    /// QR: a response (`true`) or a query.
    pub response: bool,
    pub opcode: u8,
    pub rcode: u16,
    pub questions: Vec<DnsQuestion>,
    pub answers: Vec<DnsRecord>,
    /// The authority and additional sections (glue addresses, SOA of a negative answer);
    /// the EDNS OPT record is not among them.
    pub authority: Vec<DnsRecord>,
    pub additional: Vec<DnsRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsQuestion {
    /// Dotted, without the root's trailing dot (`example.com`), as tshark's `dns.qry.name`.
    pub name: String,
    pub qtype: u16,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsRecord {
    pub name: String,
    pub rtype: u16,
    /// The data in presentation form for the types a student meets (A, AAAA, CNAME, PTR, NS,
    /// MX, TXT); empty for the others.
    pub data: String,
}

/// A DNS message carried over UDP: the whole payload.
pub fn parse(payload: &[u8]) -> Option<Dns> {
    if !counts_fit(payload)? {
        return None;
    }
    let packet = Packet::parse(payload).ok()?;
    let flags = be16(payload, 2..4)?;
    Some(Dns {
        id: packet.id(),
        response: packet.has_flags(PacketFlag::RESPONSE),
        opcode: ((flags >> 11) & 0xf) as u8,
        rcode: flags & 0xf,
        questions: packet
            .questions
            .iter()
            .map(|q| DnsQuestion {
                name: dotted(&q.qname.to_string()),
                qtype: q.qtype.into(),
            })
            .collect(),
        answers: packet.answers.iter().map(record).collect(),
        authority: packet.name_servers.iter().map(record).collect(),
        additional: packet.additional_records.iter().map(record).collect(),
    })
}

/// A DNS message over TCP: a two-byte length, then the message; only a segment holding the
/// whole message is read (the first segment of a longer one shows no DNS line).
pub fn parse_tcp(payload: &[u8]) -> Option<Dns> {
    let len = usize::from(be16(payload, 0..2)?);
    parse(payload.get(2..)?.get(..len)?)
}

/// Whether the counts in the header could fit in the payload.
fn counts_fit(payload: &[u8]) -> Option<bool> {
    let count = |f| be16(payload, f).map(usize::from);
    let questions = count(header::QDCOUNT)?;
    let records = count(header::ANCOUNT)? + count(header::NSCOUNT)? + count(header::ARCOUNT)?;
    let room = payload.len().checked_sub(header::LEN)?;
    Some(questions * MIN_QUESTION + records * MIN_RECORD <= room)
}

fn record(rr: &simple_dns::ResourceRecord<'_>) -> DnsRecord {
    let data = match &rr.rdata {
        RData::A(a) => Ipv4Addr::from(a.address).to_string(),
        RData::AAAA(a) => Ipv6Addr::from(a.address).to_string(),
        RData::CNAME(n) => dotted(&n.0.to_string()),
        RData::PTR(n) => dotted(&n.0.to_string()),
        RData::NS(n) => dotted(&n.0.to_string()),
        RData::MX(mx) => format!("{} {}", mx.preference, dotted(&mx.exchange.to_string())),
        RData::TXT(txt) => txt_strings(txt),
        _ => String::new(),
    };
    DnsRecord {
        name: dotted(&rr.name.to_string()),
        rtype: rr.rdata.type_code().into(),
        data,
    }
}

/// A TXT record's strings in RFC 1035's presentation form (§5.1, as dig prints them and
/// close to tcpdump's `TXT "..."`): each quoted, separated by a space, `"` and `\`
/// escaped, and a byte that is not printable ASCII as `\DDD`. simple-dns gives the strings
/// only split at their first `=` (`iter_raw`, RFC 6763's key=value reading), so each is put
/// back together from that; a string that has no key (empty, or starting with `=`) is the
/// one it skips, and is missing here.
fn txt_strings(txt: &simple_dns::rdata::TXT<'_>) -> String {
    let mut out = String::new();
    for (key, value) in txt.iter_raw() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push('"');
        let eq: &[u8] = if value.is_some() { b"=" } else { b"" };
        for &b in key.iter().chain(eq).chain(value.unwrap_or_default()) {
            match b {
                b'"' | b'\\' => {
                    out.push('\\');
                    out.push(char::from(b));
                }
                0x20..=0x7e => out.push(char::from(b)),
                _ => {
                    let _ = write!(out, "\\{b:03}");
                }
            }
        }
        out.push('"');
    }
    out
}

/// A name without the root's trailing dot (`<Root>` stays as tshark writes it).
fn dotted(name: &str) -> String {
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.is_empty() {
        "<Root>".to_string()
    } else {
        name.to_string()
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// A query for example.com A, id 0x1a2b, recursion desired.
    const QUERY: &[u8] = &[
        0x1a, 0x2b, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, // header: 1 question
        7, b'e', b'x', b'a', b'm', b'p', b'l', b'e', 3, b'c', b'o', b'm', 0, // example.com
        0, 1, 0, 1, // type A, class IN
    ];

    /// The answer to QUERY: 93.184.216.34, the name compressed to the question's (0xc00c).
    fn response() -> Vec<u8> {
        let mut r = QUERY.to_vec();
        r[2] = 0x81;
        r[3] = 0x80;
        r[7] = 1; // one answer
        r.extend_from_slice(&[
            0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4, 93, 184, 216, 34,
        ]);
        r
    }

    #[test]
    fn a_query_gives_its_id_name_and_type() {
        let d = parse(QUERY).unwrap();
        assert_eq!((d.id, d.response, d.rcode), (0x1a2b, false, 0));
        assert_eq!(
            d.questions,
            [DnsQuestion {
                name: "example.com".into(),
                qtype: 1
            }]
        );
        assert!(d.answers.is_empty());
    }

    #[test]
    fn a_response_gives_its_answers_in_presentation_form() {
        let d = parse(&response()).unwrap();
        assert!(d.response);
        let a = &d.answers[0];
        assert_eq!(
            (a.name.as_str(), a.rtype, a.data.as_str()),
            ("example.com", 1, "93.184.216.34")
        );
    }

    #[test]
    fn over_tcp_the_length_prefix_is_skipped_and_a_cut_message_refused() {
        let mut tcp = vec![0, QUERY.len() as u8];
        tcp.extend_from_slice(QUERY);
        assert_eq!(parse_tcp(&tcp).unwrap().id, 0x1a2b);
        assert_eq!(parse_tcp(&tcp[..tcp.len() - 1]), None);
    }

    #[test]
    fn txt_strings_are_quoted_in_presentation_form() {
        let mut r = response();
        r.truncate(QUERY.len());
        r[26] = 16; // the question asks for TXT
        let strings: &[&[u8]] = &[b"v=spf1 -all", b"say \"hi\"\x01"];
        let rdata: Vec<u8> = strings
            .iter()
            .flat_map(|s| std::iter::once(s.len() as u8).chain(s.iter().copied()))
            .collect();
        r[7] = 1;
        r.extend_from_slice(&[0xc0, 0x0c, 0, 16, 0, 1, 0, 0, 0, 60, 0, rdata.len() as u8]);
        r.extend_from_slice(&rdata);
        let d = parse(&r).unwrap();
        assert_eq!(d.questions[0].qtype, 16);
        assert_eq!(d.answers[0].rtype, 16);
        assert_eq!(d.answers[0].data, r#""v=spf1 -all" "say \"hi\"\001""#);
    }

    #[test]
    fn counts_the_payload_cannot_hold_are_refused_before_the_crate() {
        let mut q = QUERY.to_vec();
        q[6] = 0xff; // 65,280 answers in 17 bytes
        assert_eq!(counts_fit(&q), Some(false));
        assert_eq!(parse(&q), None);
        assert_eq!(parse(&[0x1a]), None);
    }
}
