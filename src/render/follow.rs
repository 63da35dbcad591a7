//! `read --follow ID`: one conversation's bytes in stream order, as tshark's
//! `-z follow,tcp,ascii|hex|raw` shows them. The bytes come from the engine's reassembly
//! ([`StreamEvent`]); this view only lays them out: a header naming the conversation, each
//! side's turns marked (the server's indented by a tab, as tshark indents node 1, and
//! coloured on a terminal as Wireshark colours them), gaps as `[N bytes not captured]`.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use super::{FileInfo, Record, Renderer};
use crate::reassemble::StreamEvent;
use crate::track::Role;

/// How `--follow` shows the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum FollowFormat {
    /// Text: UTF-8 shown as characters where valid, other bytes as `.`.
    #[default]
    Text,
    /// Offset, 16 bytes in hex, the same as text, per line (tshark's follow hex).
    Hex,
    /// One side's bytes as they are, into the `-w` file.
    Raw,
}

/// Where the laid-out bytes go.
enum Mode {
    Text,
    Hex,
    Json,
    /// One side's bytes into a file.
    Raw(Role, Box<dyn Write>),
}

const RULE: &str = "===================================================================";

/// The follow view of one conversation.
pub struct FollowRenderer {
    conn: u64,
    mode: Mode,
    styles: [Style; 2],
    /// The conversation appeared (in any input).
    found: bool,
    /// Its header was written in the current input, so the input's end closes it.
    open: bool,
    highest: u64,
    /// The side of the turn being written, and whether its last line is finished.
    turn: Option<Role>,
    at_line_start: bool,
    /// A UTF-8 character cut between two chunks of a turn waits here for its end.
    pending: Vec<u8>,
    /// Bytes shown so far per side ([client, server]), the hex view's offsets.
    shown: [u64; 2],
}

impl FollowRenderer {
    /// `format` Text or Hex; `json` wins over it (JSON Lines records).
    pub fn new(conn: u64, format: FollowFormat, json: bool, color: bool) -> FollowRenderer {
        let mode = match (json, format) {
            (true, _) => Mode::Json,
            (false, FollowFormat::Hex) => Mode::Hex,
            (false, _) => Mode::Text,
        };
        let styles = if color {
            [AnsiColor::Red.on_default(), AnsiColor::Blue.on_default()]
        } else {
            [Style::new(), Style::new()]
        };
        FollowRenderer {
            conn,
            mode,
            styles,
            found: false,
            open: false,
            highest: 0,
            turn: None,
            at_line_start: true,
            pending: Vec::new(),
            shown: [0, 0],
        }
    }

    /// `--follow-format raw`: `side`'s bytes go to `sink` and nothing to standard output.
    pub fn raw(conn: u64, side: Role, sink: Box<dyn Write>) -> FollowRenderer {
        FollowRenderer {
            mode: Mode::Raw(side, sink),
            ..FollowRenderer::new(conn, FollowFormat::Raw, false, false)
        }
    }

    /// When no packet belonged to the conversation: the highest id the input had (0: none).
    pub fn missing_conn(&self) -> Option<u64> {
        (!self.found).then_some(self.highest)
    }

    fn indent(side: Role) -> &'static str {
        match side {
            Role::Client => "",
            Role::Server => "\t",
        }
    }

    /// Starts `side`'s turn if the other side had the last one: the line ended, a mark.
    fn turn_to(&mut self, out: &mut dyn Write, side: Role, seq: u64) -> io::Result<()> {
        if self.turn == Some(side) {
            return Ok(());
        }
        self.end_turn(out)?;
        self.turn = Some(side);
        let style = self.style(side);
        writeln!(
            out,
            "{}{style}{}{style:#}",
            Self::indent(side),
            turn_mark(side, seq)
        )
    }

    /// Finishes the turn's last line (and a cut character, as `.`).
    fn end_turn(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if let Some(side) = self.turn
            && !self.pending.is_empty()
        {
            let dots = ".".repeat(self.pending.len());
            self.pending.clear();
            self.write_text(out, side, &dots)?;
        }
        if !self.at_line_start {
            writeln!(out)?;
            self.at_line_start = true;
        }
        Ok(())
    }

    fn style(&self, side: Role) -> Style {
        self.styles.get(side.index()).copied().unwrap_or_default()
    }

    /// Text of `side`, each line indented as its side is.
    fn write_text(&mut self, out: &mut dyn Write, side: Role, text: &str) -> io::Result<()> {
        let style = self.style(side);
        for piece in text.split_inclusive('\n') {
            if self.at_line_start {
                write!(out, "{}", Self::indent(side))?;
            }
            let line = piece.strip_suffix('\n');
            write!(out, "{style}{}{style:#}", line.unwrap_or(piece))?;
            if line.is_some() {
                writeln!(out)?;
            }
            self.at_line_start = line.is_some();
        }
        Ok(())
    }

    /// A chunk as text; the end of a character cut off waits for the next chunk.
    fn text_chunk(&mut self, out: &mut dyn Write, side: Role, bytes: &[u8]) -> io::Result<()> {
        let mut joined = std::mem::take(&mut self.pending);
        joined.extend_from_slice(bytes);
        let keep = cut_char_len(&joined);
        let (now, later) = joined.split_at(joined.len() - keep);
        self.pending = later.to_vec();
        let text = printable(now);
        self.write_text(out, side, &text)
    }

    /// A chunk in hex: offset, 16 bytes, their text; the offsets count the side's bytes.
    fn hex_chunk(&mut self, out: &mut dyn Write, side: Role, bytes: &[u8]) -> io::Result<()> {
        let style = self.style(side);
        let offset = self.shown.get(side.index()).copied().unwrap_or(0);
        for (i, line) in bytes.chunks(16).enumerate() {
            let at = offset + 16 * i as u64;
            writeln!(
                out,
                "{}{style}{}{style:#}",
                Self::indent(side),
                hex_line(at, line)
            )?;
        }
        Ok(())
    }

    fn start(&mut self, out: &mut dyn Write, event: &StreamEvent) -> io::Result<()> {
        let StreamEvent::Start {
            conn,
            proto,
            client,
            server,
        } = event
        else {
            return Ok(());
        };
        self.found = true;
        self.open = true;
        let format = match self.mode {
            Mode::Hex => "hex",
            _ => "text",
        };
        match &mut self.mode {
            Mode::Json => json_line(
                out,
                &StartRecord {
                    kind: "follow",
                    conn: *conn,
                    proto: proto.name(),
                    client: client.to_string(),
                    server: server.to_string(),
                },
            ),
            Mode::Raw(..) => Ok(()),
            Mode::Text | Mode::Hex => {
                writeln!(out, "{RULE}")?;
                writeln!(
                    out,
                    "Follow: {} conversation {conn}, {format}",
                    proto.name()
                )?;
                writeln!(out, "Client: {client}")?;
                writeln!(out, "Server: {server}")?;
                writeln!(
                    out,
                    "(the client's turns at the margin, the server's indented)"
                )?;
                writeln!(out, "{RULE}")
            }
        }
    }

    fn data(&mut self, out: &mut dyn Write, from: Role, seq: u64, bytes: &[u8]) -> io::Result<()> {
        match &mut self.mode {
            Mode::Raw(side, sink) => {
                if *side == from {
                    sink.write_all(bytes)?;
                }
                return Ok(());
            }
            Mode::Json => json_line(
                out,
                &DataRecord {
                    kind: "data",
                    conn: self.conn,
                    from: from.name(),
                    seq,
                    len: bytes.len(),
                    hex: hex(bytes),
                    text: printable(bytes),
                },
            )?,
            Mode::Text => {
                self.turn_to(out, from, seq)?;
                self.text_chunk(out, from, bytes)?;
            }
            Mode::Hex => {
                self.turn_to(out, from, seq)?;
                self.hex_chunk(out, from, bytes)?;
            }
        }
        if let Some(n) = self.shown.get_mut(from.index()) {
            *n += bytes.len() as u64;
        }
        Ok(())
    }

    /// A gap or an overlap: a note in the side's turn.
    fn note(&mut self, out: &mut dyn Write, event: &StreamEvent) -> io::Result<()> {
        let (kind, from, seq, len, words) = match event {
            StreamEvent::Gap { from, seq, len, .. } => ("gap", *from, *seq, *len, gap_words(*len)),
            StreamEvent::Overlap { from, seq, len, .. } => {
                ("overlap", *from, *seq, *len, overlap_words(*seq, *len))
            }
            _ => return Ok(()),
        };
        match self.mode {
            Mode::Raw(..) => Ok(()),
            Mode::Json => json_line(
                out,
                &NoteRecord {
                    kind,
                    conn: self.conn,
                    from: from.name(),
                    seq,
                    len,
                },
            ),
            Mode::Text | Mode::Hex => {
                self.turn_to(out, from, seq)?;
                self.end_line(out)?;
                self.write_text(out, from, &words)?;
                writeln!(out)?;
                self.at_line_start = true;
                Ok(())
            }
        }
    }

    fn end_line(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.at_line_start {
            writeln!(out)?;
            self.at_line_start = true;
        }
        Ok(())
    }
}

impl Renderer for FollowRenderer {
    fn file_start(&mut self, _out: &mut dyn Write, _file: &FileInfo<'_>) -> io::Result<()> {
        Ok(())
    }

    fn packet(&mut self, _out: &mut dyn Write, record: &Record<'_, '_>) -> io::Result<()> {
        if let Some(info) = record.info {
            self.highest = self.highest.max(info.conn);
        }
        Ok(())
    }

    fn stream(&mut self, out: &mut dyn Write, event: &StreamEvent) -> io::Result<()> {
        match event {
            StreamEvent::Start { .. } => self.start(out, event),
            StreamEvent::Data {
                from, seq, bytes, ..
            } => self.data(out, *from, *seq, bytes),
            StreamEvent::Gap { .. } | StreamEvent::Overlap { .. } => self.note(out, event),
        }
    }

    fn input_end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !std::mem::take(&mut self.open) {
            return Ok(());
        }
        match &mut self.mode {
            Mode::Raw(_, sink) => sink.flush(),
            Mode::Json => Ok(()),
            Mode::Text | Mode::Hex => {
                self.end_turn(out)?;
                self.turn = None;
                self.shown = [0, 0];
                writeln!(out, "{RULE}")
            }
        }
    }
}

#[derive(Serialize)]
struct StartRecord {
    #[serde(rename = "type")]
    kind: &'static str,
    conn: u64,
    proto: &'static str,
    client: String,
    server: String,
}

#[derive(Serialize)]
struct DataRecord {
    #[serde(rename = "type")]
    kind: &'static str,
    conn: u64,
    from: &'static str,
    seq: u64,
    len: usize,
    hex: String,
    text: String,
}

#[derive(Serialize)]
struct NoteRecord {
    #[serde(rename = "type")]
    kind: &'static str,
    conn: u64,
    from: &'static str,
    seq: u64,
    len: u64,
}

fn json_line(out: &mut dyn Write, record: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, record)?;
    writeln!(out)
}

/// The line that starts a side's turn: `client (seq 1):`. The TUI's follow pane uses the
/// same words.
pub fn turn_mark(side: Role, seq: u64) -> String {
    format!("{} (seq {seq}):", side.name())
}

/// Bytes the capture does not hold, in a side's turn.
pub fn gap_words(len: u64) -> String {
    format!("[{len} bytes not captured]")
}

/// Bytes sent again with other content, in a side's turn.
pub fn overlap_words(seq: u64, len: u64) -> String {
    format!("[{len} bytes at seq {seq} sent again with different content; the first copy is shown]")
}

/// Lower-case hex, two digits a byte.
fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(2 * bytes.len());
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// The bytes as text: UTF-8 shown as characters where valid; newlines and tabs kept, a
/// carriage return before a newline dropped; other control characters and bytes that are
/// not UTF-8 shown as `.`.
pub fn printable(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        let mut chars = chunk.valid().chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\n' | '\t' => s.push(c),
                '\r' if chars.peek() == Some(&'\n') => {}
                c if c.is_control() => s.push('.'),
                c => s.push(c),
            }
        }
        s.extend(std::iter::repeat_n('.', chunk.invalid().len()));
    }
    s
}

/// How many bytes at the end of `bytes` are the start of a UTF-8 character cut off (0 to
/// 3): they wait for the next chunk of the turn.
pub fn cut_char_len(bytes: &[u8]) -> usize {
    let tail = bytes.len().saturating_sub(3);
    for (i, b) in bytes.iter().enumerate().skip(tail).rev() {
        let need = match b {
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf7 => 4,
            0x80..=0xbf => continue,
            _ => return 0,
        };
        let have = bytes.len() - i;
        return if have < need { have } else { 0 };
    }
    0
}

/// One line of tshark's follow hex: offset, 16 bytes in hex (a space after the eighth),
/// the same bytes as ASCII.
fn hex_line(offset: u64, bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = format!("{offset:08X}  ");
    for i in 0..16 {
        match bytes.get(i) {
            Some(b) => {
                let _ = write!(s, "{b:02x} ");
            }
            None => s.push_str("   "),
        }
        if i == 7 {
            s.push(' ');
        }
    }
    s.push(' ');
    for (i, b) in bytes.iter().enumerate() {
        s.push(if (0x20..0x7f).contains(b) {
            char::from(*b)
        } else {
            '.'
        });
        if i == 7 {
            s.push(' ');
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::{Endpoint, Proto};

    fn events() -> Vec<StreamEvent> {
        let ep = |port| Endpoint {
            addr: [127, 0, 0, 1].into(),
            port,
        };
        let data = |from, seq, bytes: &[u8]| StreamEvent::Data {
            conn: 1,
            from,
            seq,
            bytes: bytes.to_vec(),
            frame: 4,
        };
        vec![
            StreamEvent::Start {
                conn: 1,
                proto: Proto::Tcp,
                client: ep(40000),
                server: ep(8001),
            },
            data(
                Role::Client,
                1,
                "你好".as_bytes().get(..4).unwrap_or_default(),
            ),
            data(
                Role::Client,
                5,
                "你好".as_bytes().get(4..).unwrap_or_default(),
            ),
            data(Role::Client, 7, b"\n"),
            data(Role::Server, 1, b"ok\r\n"),
            StreamEvent::Gap {
                conn: 1,
                from: Role::Server,
                seq: 5,
                len: 3,
            },
        ]
    }

    fn show(mut r: FollowRenderer) -> String {
        let mut out = Vec::new();
        for e in events() {
            r.stream(&mut out, &e).expect("write to a Vec");
        }
        r.input_end(&mut out).expect("write to a Vec");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn text_marks_turns_indents_the_server_and_joins_a_cut_character() {
        let text = show(FollowRenderer::new(1, FollowFormat::Text, false, false));
        let body: Vec<&str> = text.lines().skip(6).collect();
        assert_eq!(
            body,
            [
                "client (seq 1):",
                "你好",
                "\tserver (seq 1):",
                "\tok",
                "\t[3 bytes not captured]",
                RULE
            ],
            "{text}"
        );
        assert!(text.contains("Client: 127.0.0.1:40000\nServer: 127.0.0.1:8001\n"));
    }

    #[test]
    fn hex_lines_count_each_side_from_zero() {
        let text = show(FollowRenderer::new(1, FollowFormat::Hex, false, false));
        assert!(
            text.contains("00000000  e4 bd a0 e5                                       ....\n"),
            "{text}"
        );
        assert!(text.contains("00000004  a5 bd "), "{text}");
        assert!(text.contains("\t00000000  6f 6b 0d 0a "), "{text}");
    }

    #[test]
    fn json_has_one_record_per_chunk_and_gap() {
        let text = show(FollowRenderer::new(1, FollowFormat::Text, true, false));
        let v: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).expect("JSON"))
            .collect();
        assert_eq!(v.len(), 6);
        assert_eq!(v[0]["type"], "follow");
        assert_eq!(v[4]["text"], "ok\n");
        assert_eq!(v[4]["hex"], "6f6b0d0a");
        assert_eq!(v[5]["type"], "gap");
        assert_eq!(v[5]["len"], 3);
    }

    #[test]
    fn printable_keeps_characters_and_dots_the_rest() {
        assert_eq!(printable("é\u{1}\r\n".as_bytes()), "é.\n");
        assert_eq!(printable(b"a\xffb"), "a.b");
        assert_eq!(
            cut_char_len("你".as_bytes().get(..2).unwrap_or_default()),
            2
        );
        assert_eq!(cut_char_len("你".as_bytes()), 0);
        assert_eq!(cut_char_len(b"ab\xbf"), 0);
    }
}
