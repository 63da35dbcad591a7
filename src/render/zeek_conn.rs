//! `--format zeek-conn`: Zeek's conn.log (its ASCII writer's TSV), one line per Zeek record
//! (a conversation carries one or more, see `track::ZeekRecord`), written when the
//! conversation is reported, so that Zeek tooling (`zeek-cut`, the
//! pandas/Spark readers written for conn.log) reads wirelab's verdicts as it reads Zeek's.
//!
//! The fields are those of Zeek's `Conn::Info` as Zeek 6 and 7 write them by default, under
//! Zeek's rules (`base/protocols/conn/main.zeek`, `set_conn`): `duration`, `orig_bytes` and
//! `resp_bytes` only when the duration is above zero; `local_orig`/`local_resp` unset (no
//! `Site::local_nets` is configured); `service` unset (wirelab does not identify protocols by
//! their payload, Zeek's DPD does); `history` unset when empty; `tunnel_parents` unset (no
//! tunnel is decapsulated). Times are epoch seconds with six decimals. The `#open` and
//! `#close` lines carry the input's first and last packet times (UTC), not the clock, so the
//! output depends on the capture only.

use std::io::{self, Write};
use std::net::IpAddr;

use super::{FileInfo, Record, Renderer};
use crate::capture::Timestamp;
use crate::track::{Conversation, Endpoint, Proto, ZeekRecord};

/// Zeek's `#fields` line, in Zeek's order.
pub const FIELDS: [&str; 21] = [
    "ts",
    "uid",
    "id.orig_h",
    "id.orig_p",
    "id.resp_h",
    "id.resp_p",
    "proto",
    "service",
    "duration",
    "orig_bytes",
    "resp_bytes",
    "conn_state",
    "local_orig",
    "local_resp",
    "missed_bytes",
    "history",
    "orig_pkts",
    "orig_ip_bytes",
    "resp_pkts",
    "resp_ip_bytes",
    "tunnel_parents",
];

/// Zeek's `#types` line, field by field.
const TYPES: [&str; 21] = [
    "time",
    "string",
    "addr",
    "port",
    "addr",
    "port",
    "enum",
    "string",
    "interval",
    "count",
    "count",
    "string",
    "bool",
    "bool",
    "count",
    "string",
    "count",
    "count",
    "count",
    "count",
    "set[string]",
];

/// Zeek's mark for a field without a value.
const UNSET: &str = "-";

/// Writes conn.log: a header when an input starts, a line per conversation, `#close` when
/// the input ends. Holds one line's buffer and two times: memory does not grow with input.
#[derive(Default)]
pub struct ZeekConnRenderer {
    line: Vec<u8>,
    /// The header waits for the input's first packet, whose time `#open` carries.
    header_due: bool,
    last_ts: Option<Timestamp>,
}

impl ZeekConnRenderer {
    pub fn new() -> ZeekConnRenderer {
        ZeekConnRenderer::default()
    }

    fn header(&mut self, out: &mut dyn Write, open: Timestamp) -> io::Result<()> {
        self.header_due = false;
        let mut h = Vec::with_capacity(600);
        h.extend_from_slice(b"#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n");
        h.extend_from_slice(b"#unset_field\t-\n#path\tconn\n");
        writeln!(h, "#open\t{}", log_time(open))?;
        writeln!(h, "#fields\t{}", FIELDS.join("\t"))?;
        writeln!(h, "#types\t{}", TYPES.join("\t"))?;
        out.write_all(&h)
    }
}

/// Zeek's time of a log's opening and closing, `2012-02-21-16-53-13` (here in UTC).
fn log_time(ts: Timestamp) -> String {
    jiff::Timestamp::from_second(ts.secs)
        .map(|t| t.strftime("%Y-%m-%d-%H-%M-%S").to_string())
        .unwrap_or_else(|_| UNSET.to_string())
}

/// Seconds with six decimals, as Zeek writes `time` and `interval` (micro-seconds, cut).
fn seconds(out: &mut Vec<u8>, ts: Timestamp) {
    let _ = write!(out, "{}.{:06}", ts.secs, ts.nanos / 1000);
}

/// A Zeek-style connection uid: `C` and 17 base62 digits, made from the record's 5-tuple and
/// first packet time, so that the same capture always gives the same uids (Zeek draws its
/// uids at random; only their look is copied).
pub fn uid(proto: Proto, orig: &Endpoint, resp: &Endpoint, first: Timestamp) -> String {
    let mut text = Vec::with_capacity(96);
    let _ = write!(
        text,
        "{}|{orig}|{resp}|{}|{}",
        proto.name(),
        first.secs,
        first.nanos
    );
    // Two FNV-1a passes with different offsets: 128 bits, more than 17 base62 digits hold.
    let fnv = |offset: u64| {
        text.iter().fold(offset, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let mut n =
        (u128::from(fnv(0xcbf2_9ce4_8422_2325)) << 64) | u128::from(fnv(0x8422_2325_cbf2_9ce4));
    const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut uid = String::with_capacity(18);
    uid.push('C');
    for _ in 0..17 {
        let d = usize::try_from(n % 62).unwrap_or(0);
        uid.push(char::from(DIGITS.get(d).copied().unwrap_or(b'0')));
        n /= 62;
    }
    uid
}

fn endpoint(out: &mut Vec<u8>, e: &Endpoint, port: u16) {
    let _ = write!(out, "{}\t{port}\t", e.addr);
}

/// The ports Zeek writes for `orig` and `resp`: for ICMP the originator's message type and
/// its counterpart (an echo request, 8 or ICMPv6's 128, and its reply, 0 or 129), since
/// ICMP has no ports (the echo identifier wirelab keeps in their place is not shown).
fn ports(proto: Proto, orig: &Endpoint, resp: &Endpoint) -> (u16, u16) {
    match (proto, orig.addr) {
        (Proto::IcmpEcho, IpAddr::V4(_)) => (8, 0),
        (Proto::IcmpEcho, IpAddr::V6(_)) => (128, 129),
        _ => (orig.port, resp.port),
    }
}

/// The record's originator and responder.
fn ends<'c>(conv: &'c Conversation, record: &ZeekRecord) -> (&'c Endpoint, &'c Endpoint) {
    if record.reversed {
        (&conv.server, &conv.client)
    } else {
        (&conv.client, &conv.server)
    }
}

/// One conn.log line (without its newline) for one of `conv`'s Zeek records.
pub fn conn_line(out: &mut Vec<u8>, conv: &Conversation, record: &ZeekRecord) {
    let (orig, resp) = ends(conv, record);
    seconds(out, record.first_ts);
    let _ = write!(out, "\t{}\t", uid(conv.proto, orig, resp, record.first_ts));
    let (orig_p, resp_p) = ports(conv.proto, orig, resp);
    endpoint(out, orig, orig_p);
    endpoint(out, resp, resp_p);
    let _ = write!(out, "{}\t{UNSET}\t", conv.proto.name());
    let duration = record.last_ts.since(record.first_ts);
    if duration.0 > 0 {
        let [o, r] = record.sizes;
        let _ = write!(out, "{duration}\t{o}\t{r}\t");
    } else {
        let _ = write!(out, "{UNSET}\t{UNSET}\t{UNSET}\t");
    }
    let history = if record.history.is_empty() {
        UNSET
    } else {
        record.history.as_str()
    };
    let [orig_pkts, resp_pkts] = record.orig_first(record.packets);
    let [orig_ip, resp_ip] = record.orig_first(record.ip_bytes);
    let _ = write!(
        out,
        "{}\t{UNSET}\t{UNSET}\t{}\t{history}\t{orig_pkts}\t{orig_ip}\t{resp_pkts}\t{resp_ip}\t{UNSET}",
        record.conn_state, record.missed_bytes,
    );
}

impl Renderer for ZeekConnRenderer {
    fn file_start(&mut self, _out: &mut dyn Write, _file: &FileInfo<'_>) -> io::Result<()> {
        self.header_due = true;
        self.last_ts = None;
        Ok(())
    }

    fn packet(&mut self, out: &mut dyn Write, record: &Record<'_, '_>) -> io::Result<()> {
        let ts = record.frame.ts;
        if self.header_due {
            self.header(out, ts)?;
        }
        self.last_ts = Some(ts);
        Ok(())
    }

    fn conversation(&mut self, out: &mut dyn Write, conv: &Conversation) -> io::Result<()> {
        if self.header_due {
            self.header(out, conv.first_ts)?;
        }
        self.line.clear();
        for record in conv.zeek_records() {
            conn_line(&mut self.line, conv, &record);
            self.line.push(b'\n');
        }
        out.write_all(&self.line)
    }

    fn input_end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        // An input without packets has no header to close.
        if let Some(ts) = self.last_ts.take() {
            writeln!(out, "#close\t{}", log_time(ts))?;
        }
        Ok(())
    }
}
