//! `--summary`: the conversation table only, one row per conversation in order of id, in the
//! words of a textbook and of Zeek, written when the input ends.
//!
//! Conversations are reported as they end or expire, out of id order, so each is kept until
//! then as a packed row ([`packed`]: a few dozen bytes) and turned into words at the end.

use std::io::{self, Write};

use super::{FileInfo, Record, Renderer, line};
use crate::annotate::lang::Lang;
use crate::annotate::port::{self, Transport};
use crate::annotate::verdict;
use crate::annotate::words::{self, EndpointLabel};
use crate::track::{Conversation, Endpoint, OverlapCounts, Proto};

mod packed;

/// Writes the conversation table.
#[derive(Default)]
pub struct SummaryRenderer {
    header_done: bool,
    row: Vec<u8>,
    rows: packed::Rows,
    /// The TCP conversations whose overlap check found something, noted under the table.
    overlaps: Vec<(u64, OverlapCounts)>,
    /// The conversations with packets whose checksums were wrong, noted under the table.
    bad_checksums: Vec<(u64, u32)>,
    /// The language of the header, the handshake, teardown and findings cells and the notes.
    lang: Lang,
}

impl SummaryRenderer {
    pub fn new() -> SummaryRenderer {
        SummaryRenderer::default()
    }

    /// The language of the header, the cells in words and the notes under the table.
    pub fn lang(mut self, lang: Lang) -> SummaryRenderer {
        self.lang = lang;
        self
    }
}

/// "127.0.0.1:8001 (reg)"
/// "10.0.0.1:80 (wk)", or for ICMP echo (`echo`) the address and the echo identifier.
fn endpoint(out: &mut Vec<u8>, e: &Endpoint, echo: bool, lang: Lang) {
    if echo {
        let _ = write!(out, "{}", EndpointLabel(Proto::IcmpEcho, e));
        return;
    }
    line::endpoint(out, e.addr, e.port);
    out.extend_from_slice(b" (");
    let class = match port::classify(e.port) {
        port::PortClass::WellKnown => "summary-port-wk",
        port::PortClass::Registered => "summary-port-reg",
        port::PortClass::Dynamic => "summary-port-dyn",
    };
    out.extend_from_slice(lang.word(class).as_bytes());
    out.push(b')');
}

/// "6/5"
fn pair(out: &mut Vec<u8>, v: [u64; 2]) {
    line::num(out, v[0]);
    out.push(b'/');
    line::num(out, v[1]);
}

/// A round-trip time in seconds, six decimals, or "-" when none was measured.
fn rtt(out: &mut Vec<u8>, d: Option<crate::capture::Duration>) {
    match d {
        Some(d) => line::seconds(out, d, 0),
        None => out.push(b'-'),
    }
}

/// A left-aligned cell of `width` columns (one of them the separating space), written by `f`.
fn cell(out: &mut Vec<u8>, width: usize, f: impl FnOnce(&mut Vec<u8>)) {
    let start = out.len();
    f(out);
    // Columns are display columns: a CJK character takes two (the text is UTF-8).
    let used = match std::str::from_utf8(&out[start..]) {
        Ok(text) => unicode_width::UnicodeWidthStr::width(text),
        Err(_) => out[start..].iter().filter(|&&b| b & 0xc0 != 0x80).count(),
    };
    line::pad(out, width.saturating_sub(used).max(1));
}

/// `text` right-aligned in `width` display columns.
fn right_text(out: &mut Vec<u8>, width: usize, text: &str) {
    line::pad(
        out,
        width.saturating_sub(unicode_width::UnicodeWidthStr::width(text)),
    );
    out.extend_from_slice(text.as_bytes());
}

/// A right-aligned cell of `width` columns, written by `f` (ASCII: digits and a slash).
fn right(out: &mut Vec<u8>, width: usize, f: impl FnOnce(&mut Vec<u8>)) {
    let start = out.len();
    f(out);
    let used = out.len() - start;
    if used < width {
        // Shift the text right by the padding it needs.
        out.resize(start + width, b' ');
        out.copy_within(start..start + used, start + width - used);
        out[start..start + width - used].fill(b' ');
    }
}

impl Renderer for SummaryRenderer {
    fn file_start(&mut self, out: &mut dyn Write, file: &FileInfo<'_>) -> io::Result<()> {
        if file.several {
            writeln!(out, "== {} ({})", file.path.display(), file.link_type)?;
            self.header_done = false;
        }
        Ok(())
    }

    fn packet(&mut self, _out: &mut dyn Write, _record: &Record<'_, '_>) -> io::Result<()> {
        Ok(())
    }

    fn conversation(&mut self, _out: &mut dyn Write, c: &Conversation) -> io::Result<()> {
        self.rows.push(c);
        if let Some(t) = &c.tcp
            && t.overlap != OverlapCounts::default()
        {
            self.overlaps.push((c.id, t.overlap));
        }
        if c.bad_checksums > 0 {
            self.bad_checksums.push((c.id, c.bad_checksums));
        }
        Ok(())
    }

    fn input_end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let rows = std::mem::take(&mut self.rows);
        for row in rows.iter() {
            self.write_row(out, &row)?;
        }
        let mut overlaps = std::mem::take(&mut self.overlaps);
        overlaps.sort_unstable_by_key(|(id, _)| *id);
        for (id, counts) in overlaps {
            writeln!(out, "{}", words::overlap_note(self.lang, id, counts))?;
        }
        let mut bad = std::mem::take(&mut self.bad_checksums);
        bad.sort_unstable_by_key(|(id, _)| *id);
        for (id, n) in bad {
            writeln!(out, "{}", words::bad_checksum_note(self.lang, id, n))?;
        }
        Ok(())
    }
}

impl SummaryRenderer {
    /// The column names in the row's columns, padded by display width (a CJK character
    /// takes two columns).
    fn write_header(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let w = |id: &'static str| self.lang.word(id);
        let mut h = Vec::new();
        right_text(&mut h, 4, w("summary-id"));
        h.extend_from_slice(b"  ");
        // IANA's name for the server's port, not the protocol found in the traffic.
        let left = [
            ("summary-proto", 6),
            ("summary-client", 31),
            ("summary-server", 31),
            ("summary-port-name", 15),
            ("summary-state", 7),
            ("summary-history", 13),
            ("summary-handshake", 13),
            ("summary-teardown", 31),
        ];
        for (id, width) in left {
            cell(&mut h, width, |r| r.extend_from_slice(w(id).as_bytes()));
        }
        // tshark's initial RTT and the mean ACK RTT of each side's data, then (in the
        // format) the tcp.analysis findings counted.
        let right = [
            ("summary-packets", 11),
            ("summary-bytes", 15),
            ("summary-duration", 10),
            ("summary-irtt", 9),
            ("summary-ack-rtt", 19),
        ];
        for (id, width) in right {
            right_text(&mut h, width, w(id));
            h.push(b' ');
        }
        h.extend_from_slice(w("summary-findings").as_bytes());
        h.push(b'\n');
        out.write_all(&h)
    }

    fn write_row(&mut self, out: &mut dyn Write, c: &packed::Row<'_>) -> io::Result<()> {
        if !self.header_done {
            self.header_done = true;
            self.write_header(out)?;
        }
        let transport = Transport::of(c.proto);
        let port_name = transport
            .and_then(|t| port::service(c.server.port, t))
            .unwrap_or("-");
        // Built in a reused buffer with the line helpers: a capture of many short connections
        // has as many rows, and `format!` per cell showed in the profile.
        let row = &mut self.row;
        row.clear();
        line::num_right(row, c.id, 4);
        row.extend_from_slice(b"  ");
        cell(row, 6, |r| r.extend_from_slice(c.proto.name().as_bytes()));
        cell(row, 31, |r| {
            endpoint(r, &c.client, transport.is_none(), self.lang)
        });
        cell(row, 31, |r| {
            endpoint(r, &c.server, transport.is_none(), self.lang)
        });
        cell(row, 15, |r| r.extend_from_slice(port_name.as_bytes()));
        cell(row, 7, |r| {
            r.extend_from_slice(c.conn_state.code().as_bytes())
        });
        cell(row, 13, |r| r.extend_from_slice(c.history));
        cell(row, 13, |r| {
            r.extend_from_slice(verdict::handshake_cell(self.lang, c.handshake).as_bytes())
        });
        cell(row, 31, |r| {
            verdict::teardown_cell(self.lang, c.teardown).write_to(r)
        });
        right(row, 11, |r| pair(r, c.packets));
        row.push(b' ');
        right(row, 15, |r| pair(r, c.bytes));
        row.push(b' ');
        line::seconds(row, c.duration, 10);
        row.push(b' ');
        right(row, 9, |r| rtt(r, c.irtt));
        row.push(b' ');
        right(row, 19, |r| {
            rtt(r, c.ack_rtt[0]);
            r.push(b'/');
            rtt(r, c.ack_rtt[1]);
        });
        row.push(b' ');
        if c.proto == Proto::Tcp {
            words::findings_totals(self.lang, &c.findings, row);
        } else {
            row.push(b'-');
        }
        row.push(b'\n');
        out.write_all(row)
    }
}
