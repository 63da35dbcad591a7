//! `--timeline`: a conversation as a ladder (sequence) diagram, client on the left, server on
//! the right, one arrow per segment with both endpoints' states beside it; 80 columns wide.
//! `--timeline-format mermaid` writes the same as a Markdown document for lab reports: per
//! conversation a heading naming it and a fenced `mermaid` block holding one sequence
//! diagram (a Mermaid parser takes one diagram per text, so several conversations cannot share
//! one). Text in the diagrams is escaped with Mermaid's entity codes (`#35;` for `#`, `#59;`
//! for `;`, which would end a message), not changed.
//!
//! Each conversation's lines are kept until the conversation is reported (it ended, expired,
//! or its input did), then printed as one block, so interleaved conversations stay readable.
//! Memory grows with the packets of the conversations still open: this view is meant for
//! lab-sized captures (or one conversation, `--conn ID`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::{CallNote, FileInfo, Record, Renderer};
use crate::annotate::lang::Lang;
use crate::annotate::text::{self, Encoding, display_width};
use crate::annotate::verdict;
use crate::annotate::words::{
    EndpointLabel, StatesNamed, analysis_short, echo_label, icmp_error_label, state_word,
    step_parts, udp_label,
};
use crate::capture::Timestamp;
use crate::decode::{FrameOffsets, TcpFlags, Transport};
use crate::track::{Conversation, Dir, Role, TcpState};

/// The diagram notation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LadderFormat {
    /// Box-drawing arrows for the terminal.
    #[default]
    Text,
    /// Markdown: per conversation a heading and a fenced Mermaid `sequenceDiagram`.
    Mermaid,
}

/// Width of the arrow between the two state columns.
const ARROW: usize = 36;
/// Packets kept per conversation; later ones are counted, not drawn.
const MAX_LINES: usize = 10_000;

#[derive(Default)]
struct Pending {
    body: String,
    drawn: usize,
    skipped: u64,
    last_ts: Option<Timestamp>,
    initial: Option<[TcpState; 2]>,
    /// Where in `body` a server state not known yet goes (a responder that had not answered
    /// the SYN yet): filled in when the conversation is drawn, from what its answer showed.
    unknown_server_at: Vec<usize>,
}

/// Draws ladders.
pub struct LadderRenderer {
    format: LadderFormat,
    only: Option<u64>,
    pending: BTreeMap<u64, Pending>,
    /// Lab calls that belong to no conversation yet (`socket()`, `bind()`), drawn at the top
    /// of the next conversation's block.
    loose: String,
    last_conn: Option<u64>,
    /// The highest conversation id seen, and whether `only` was among them, so that a
    /// `--conn` that names no conversation can be told apart from one with nothing to draw.
    highest: u64,
    found: bool,
    /// How the data previews under the arrows are decoded.
    encoding: Encoding,
    /// The language of the headings, the states, the notes and the verdicts.
    lang: Lang,
}

impl LadderRenderer {
    pub fn new(format: LadderFormat, only: Option<u64>) -> LadderRenderer {
        LadderRenderer {
            format,
            only,
            pending: BTreeMap::new(),
            loose: String::new(),
            last_conn: None,
            highest: 0,
            found: false,
            encoding: Encoding::Utf8,
            lang: Lang::En,
        }
    }

    /// The language of the headings, the states, the notes under the arrows and the verdicts.
    pub fn lang(mut self, lang: Lang) -> LadderRenderer {
        self.lang = lang;
        self
    }

    /// How the first bytes of each data segment, shown under its arrow, are decoded.
    pub fn encoding(mut self, encoding: Encoding) -> LadderRenderer {
        self.encoding = encoding;
        self
    }

    /// With `--conn ID` that no packet belonged to: the highest id the input had (0: none).
    pub fn missing_conn(&self) -> Option<u64> {
        (self.only.is_some() && !self.found).then_some(self.highest)
    }

    /// The lab's socket calls on the side that made them: client calls under the client's
    /// column, server calls right-aligned under the server's.
    fn draw_calls(&mut self, calls: &[CallNote], fallback: Option<u64>) {
        for c in calls {
            let mut line = String::new();
            match self.format {
                LadderFormat::Text => {
                    let said = format!("{}: {}", c.side.name(), c.text);
                    let _ = match c.side {
                        Role::Server if display_width(&said) <= 64 => {
                            writeln!(line, "{}", right(&said, 80))
                        }
                        _ => {
                            for part in wrap(&said, 64) {
                                let _ = writeln!(line, "{:16}{part}", "");
                            }
                            Ok(())
                        }
                    };
                }
                LadderFormat::Mermaid => {
                    let (place, who) = match c.side {
                        Role::Client => ("left of C", "client"),
                        Role::Server => ("right of S", "server"),
                    };
                    let text = mermaid_text(&c.text);
                    let _ = writeln!(line, "    Note {place}: {who} {text}");
                }
            }
            match c.conn.or(fallback) {
                Some(id) if self.only.is_none_or(|o| o == id) => {
                    let p = self.pending.entry(id).or_default();
                    p.body.push_str(&std::mem::take(&mut self.loose));
                    p.body.push_str(&line);
                }
                Some(_) => {}
                None => self.loose.push_str(&line),
            }
        }
    }
}

/// `text` cut at spaces into lines of at most `width` characters (a word longer than that
/// on a line of its own), continuation lines indented by two, so that a long lab line (the
/// path's, the timer's) stays inside the 80 columns, or a socket call inside its side of the
/// SVG ladder.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let options = textwrap::Options::new(width)
        .subsequent_indent("  ")
        .break_words(false);
    textwrap::wrap(text, options)
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect()
}

/// The fields of the text on an arrow: flags, relative numbers, length, most important first.
fn arrow_label(r: &Record<'_, '_>, lang: Lang) -> Vec<String> {
    let mut fields = Vec::new();
    match &r.packet.transport {
        Some(Transport::Tcp(t)) => {
            let (seq, ack) = r
                .info
                .and_then(|i| i.tcp.as_ref())
                .map_or((t.seq, t.ack), |i| (i.seq, i.ack));
            fields.push(t.flags.to_string());
            fields.push(format!("seq={seq}"));
            if t.flags.has(TcpFlags::ACK) {
                fields.push(format!("ack={ack}"));
            }
            if t.payload_len > 0 {
                fields.push(format!("len={}", t.payload_len));
            }
        }
        Some(Transport::Udp(u)) => {
            fields.push("UDP".to_owned());
            fields.push(format!("len={}", u.payload_len));
        }
        Some(Transport::Icmp(i))
            if i.quoted.is_none() && matches!(i.icmp_type, 0 | 8 | 128 | 129) =>
        {
            let [id_hi, id_lo, seq_hi, seq_lo] = i.rest;
            let request = matches!(i.icmp_type, 8 | 128);
            fields.push(echo_label(
                lang,
                request,
                u16::from_be_bytes([id_hi, id_lo]),
                u16::from_be_bytes([seq_hi, seq_lo]),
            ));
        }
        // Only an error quoting one of its packets brings other ICMP into a conversation.
        Some(Transport::Icmp(i)) => fields.push(icmp_error_label(lang, i.icmp_type, i.code)),
        None => fields.push("?".to_owned()),
    }
    fields
}

/// The first bytes TCP or UDP carried, as quoted text that fits under an arrow (empty when
/// the packet carries none).
fn data_preview(r: &Record<'_, '_>, encoding: Encoding) -> String {
    let data = r.frame.data;
    let payload = FrameOffsets::of(r.packet, data.len())
        .payload
        .and_then(|range| data.get(range));
    payload.map_or_else(String::new, |p| text::preview(p, encoding, ARROW))
}

/// Most characters of a label on a text arrow.
const LABEL: usize = ARROW - 6;

/// The fields joined by spaces, within `width` display columns: when they do not fit, whole
/// fields are dropped from the end and `…` says so; a number is never cut. Only a first field
/// wider than `width` on its own (a long list of flag names) is cut, at a character.
fn fit_label(fields: &[String], width: usize) -> String {
    let full = fields.join(" ");
    if display_width(&full) <= width {
        return full;
    }
    let mut out = String::new();
    let mut used = 0;
    for f in fields {
        let gap = usize::from(used > 0);
        let n = display_width(f);
        // Room is left for the " …" that ends a shortened label.
        if used + gap + n + 2 > width {
            break;
        }
        if gap == 1 {
            out.push(' ');
        }
        out.push_str(f);
        used += gap + n;
    }
    if out.is_empty() {
        let first = fields.first().map_or("", String::as_str);
        let mut used = 0;
        for c in first.chars() {
            used += display_width(c.encode_utf8(&mut [0; 4]));
            if used > width.saturating_sub(1) {
                break;
            }
            out.push(c);
        }
        out.push('…');
    } else {
        out.push_str(" …");
    }
    out
}

/// Text as it can stand in a Mermaid message, note or participant: `;` would end the
/// statement and `#` starts an entity code, so both are written as Mermaid's entity codes
/// (decimal code points, `#35;` and `#59;`), which a renderer shows as the characters.
fn mermaid_text(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['#', ';']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '#' => out.push_str("#35;"),
            ';' => out.push_str("#59;"),
            _ => out.push(ch),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// "conversation 1 (tcp): client 127.0.0.1:43250 ⇄ server 127.0.0.1:8001", above its diagram.
fn heading(c: &Conversation, lang: Lang) -> String {
    let id = c.id.to_string();
    let client = EndpointLabel(c.proto, &c.client).to_string();
    let server = EndpointLabel(c.proto, &c.server).to_string();
    let args = [
        ("id", id.as_str()),
        ("proto", c.proto.name()),
        ("client", &client),
        ("server", &server),
    ];
    lang.text("ladder-heading", &args)
}

/// `text` and spaces after it, `width` display columns in all (a CJK character takes two),
/// or `text` alone if it is wider.
fn left(text: &str, width: usize) -> String {
    let pad = width.saturating_sub(display_width(text));
    format!("{text}{:pad$}", "")
}

/// Spaces, then `text`: `width` display columns in all.
fn right(text: &str, width: usize) -> String {
    let pad = width.saturating_sub(display_width(text));
    format!("{:pad$}{text}", "")
}

fn text_arrow(fields: &[String], dir: Dir) -> String {
    let label = fit_label(fields, LABEL);
    let fill = ARROW.saturating_sub(display_width(&label) + 4);
    match dir {
        Dir::C2S => format!("──{label} {}▶", "─".repeat(fill + 1)),
        Dir::S2C => format!("◀{} {label}──", "─".repeat(fill + 1)),
    }
}

impl Renderer for LadderRenderer {
    fn file_start(&mut self, out: &mut dyn Write, file: &FileInfo<'_>) -> io::Result<()> {
        // Ids restart in each file: a document of several says which file its diagrams are of.
        if self.format == LadderFormat::Mermaid && file.several {
            // On one line whatever the name holds, or the rest would fall outside the heading.
            let path = file.path.display().to_string();
            writeln!(out, "# {}\n", path.replace(char::is_control, " "))?;
        }
        Ok(())
    }

    fn packet(&mut self, _out: &mut dyn Write, r: &Record<'_, '_>) -> io::Result<()> {
        self.draw_calls(r.calls, r.info.map(|i| i.conn));
        let Some(info) = r.info else { return Ok(()) };
        self.last_conn = Some(info.conn);
        self.highest = self.highest.max(info.conn);
        if self.only.is_some_and(|id| id != info.conn) {
            return Ok(());
        }
        self.found = true;
        let p = self.pending.entry(info.conn).or_default();
        p.body.push_str(&std::mem::take(&mut self.loose));
        if p.drawn >= MAX_LINES {
            p.skipped += 1;
            return Ok(());
        }
        p.drawn += 1;
        let delta = r.frame.ts.since(p.last_ts.unwrap_or(r.frame.ts));
        p.last_ts = Some(r.frame.ts);
        let lang = self.lang;
        let label = arrow_label(r, lang);
        let preview = data_preview(r, self.encoding);
        let tcp = info.tcp.as_ref();
        if p.initial.is_none() {
            p.initial = tcp.map(|t| t.before);
        }
        let (cs, ss) = tcp.map_or(("", ""), |t| {
            (state_word(lang, t.after[0]), state_word(lang, t.after[1]))
        });
        let mut notes: Vec<String> = Vec::new();
        if let Some(step) = tcp.and_then(|t| t.step.as_ref()) {
            notes.push(step_parts(lang, step).to_string());
        }
        for a in tcp.map(|t| t.analysis.as_slice()).unwrap_or(&[]) {
            notes.push(analysis_short(lang, a).to_string());
        }
        if let Some(step) = info.udp {
            notes.push(udp_label(lang, step).to_string());
        }
        let b = &mut p.body;
        match self.format {
            LadderFormat::Text => {
                let unknown = tcp.is_some_and(|t| t.after[1] == TcpState::Unknown);
                let _ = write!(
                    b,
                    "{:>5} {:>9} {} {} {}",
                    r.number,
                    format!("+{delta}"),
                    left(cs, 12),
                    text_arrow(&label, info.dir),
                    if unknown { "" } else { ss }
                );
                if unknown {
                    p.unknown_server_at.push(b.len());
                }
                b.push('\n');
                if !preview.is_empty() {
                    let _ = writeln!(b, "{:29}{preview}", "");
                }
                for n in notes {
                    let _ = writeln!(b, "{:29}{n}", "");
                }
            }
            LadderFormat::Mermaid => {
                let arrow = match info.dir {
                    Dir::C2S => "C->>S",
                    Dir::S2C => "S->>C",
                };
                let mut label = label.join(" ");
                if !preview.is_empty() {
                    label.push(' ');
                    label.push_str(&preview);
                }
                let _ = writeln!(b, "    {arrow}: {} {}", r.number, mermaid_text(&label));
                if let Some(t) = tcp {
                    // A note names one state: the RFC spelling beside its translation.
                    let first = |s| StatesNamed::default().name(lang, s);
                    if t.before[0] != t.after[0] {
                        let _ = writeln!(b, "    Note left of C: {}", first(t.after[0]));
                    }
                    if t.before[1] != t.after[1] {
                        let _ = writeln!(b, "    Note right of S: {}", first(t.after[1]));
                    }
                }
                for n in notes {
                    let _ = writeln!(b, "    Note over C,S: {}", mermaid_text(&n));
                }
            }
        }
        Ok(())
    }

    fn notes(&mut self, _out: &mut dyn Write, notes: &[CallNote]) -> io::Result<()> {
        self.draw_calls(notes, self.last_conn);
        Ok(())
    }

    fn conversation(&mut self, out: &mut dyn Write, c: &Conversation) -> io::Result<()> {
        let Some(mut p) = self.pending.remove(&c.id) else {
            return Ok(());
        };
        // Drawn after the fact: the responder's state before its answer is known by now.
        let was = c
            .tcp
            .as_ref()
            .map_or(TcpState::Unknown, |t| t.responder_was());
        let known = |s: TcpState| if s == TcpState::Unknown { was } else { s };
        for at in p.unknown_server_at.iter().rev() {
            if p.body.is_char_boundary(*at) {
                p.body.insert_str(*at, state_word(self.lang, was));
            }
        }
        let initial = p.initial.map(|[cs, ss]| [cs, known(ss)]);
        match self.format {
            LadderFormat::Text => text_block(out, c, initial, &p, self.lang),
            LadderFormat::Mermaid => mermaid_block(out, c, initial, &p, self.lang),
        }
    }
}

/// The verdicts under a conversation's diagram: "SF ShADadFf: handshake complete, teardown
/// four-way" (`id` picks the text or the Mermaid wording).
fn verdicts(c: &Conversation, lang: Lang, id: &str) -> String {
    let state = c.conn_state().code();
    let history = c.history();
    let args = [
        ("state", state),
        ("history", history),
        (
            "handshake",
            verdict::handshake_in(lang, c.handshake_verdict()),
        ),
        ("teardown", verdict::teardown_in(lang, c.teardown_verdict())),
    ];
    lang.text(id, &args)
}

/// One conversation's text ladder, under its heading and column names.
fn text_block(
    out: &mut dyn Write,
    c: &Conversation,
    initial: Option<[TcpState; 2]>,
    p: &Pending,
    lang: Lang,
) -> io::Result<()> {
    writeln!(out, "{}", heading(c, lang))?;
    // The names over the columns of the rows: frame (5), delta (9), client (12), the arrow.
    writeln!(
        out,
        "{} {} {}{:w$}{}",
        left(lang.word("ladder-frame"), 5),
        right(lang.word("ladder-delta"), 9),
        left(lang.word("ladder-client"), 12),
        "",
        lang.word("ladder-server"),
        w = ARROW + 3
    )?;
    if let Some([cs, ss]) = initial {
        writeln!(
            out,
            "{:16}{} {:ARROW$}  {}",
            "",
            left(state_word(lang, cs), 12),
            "",
            state_word(lang, ss)
        )?;
    }
    out.write_all(p.body.as_bytes())?;
    if p.skipped > 0 {
        let n = p.skipped.to_string();
        writeln!(out, "      {}", lang.text("ladder-not-drawn", &[("n", &n)]))?;
    }
    writeln!(out, "      {}\n", verdicts(c, lang, "ladder-verdicts"))
}

/// One conversation as Markdown: its heading, then a fenced `mermaid` block with its
/// sequence diagram.
fn mermaid_block(
    out: &mut dyn Write,
    c: &Conversation,
    initial: Option<[TcpState; 2]>,
    p: &Pending,
    lang: Lang,
) -> io::Result<()> {
    writeln!(out, "## {}\n", heading(c, lang))?;
    writeln!(out, "```mermaid\nsequenceDiagram")?;
    let client = mermaid_text(&c.client.to_string()).into_owned();
    let server = mermaid_text(&c.server.to_string()).into_owned();
    let client = lang.text("mermaid-client", &[("addr", &client)]);
    let server = lang.text("mermaid-server", &[("addr", &server)]);
    writeln!(out, "    participant C as {client}")?;
    writeln!(out, "    participant S as {server}")?;
    if let Some([cs, ss]) = initial {
        let first = |s| StatesNamed::default().name(lang, s);
        writeln!(out, "    Note left of C: {}", first(cs))?;
        writeln!(out, "    Note right of S: {}", first(ss))?;
    }
    out.write_all(p.body.as_bytes())?;
    if p.skipped > 0 {
        let n = p.skipped.to_string();
        let said = lang.text("mermaid-not-drawn", &[("n", &n)]);
        writeln!(out, "    Note over C,S: {said}")?;
    }
    let summary = verdicts(c, lang, "mermaid-verdicts");
    writeln!(out, "    Note over C,S: {}", mermaid_text(&summary))?;
    writeln!(out, "```\n")
}

#[cfg(test)]
mod wrap_tests {
    use super::wrap;

    #[test]
    fn long_lab_lines_wrap_at_spaces() {
        let text = "client: timer: no ACK for 0.21 s, so the earliest unacknowledged segment goes again (retransmission 1)";
        let lines = wrap(text, 64);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.chars().count() <= 64), "{lines:?}");
        assert_eq!(
            lines.join(" ").split_whitespace().collect::<Vec<_>>(),
            text.split(' ').collect::<Vec<_>>()
        );
        assert_eq!(wrap("short", 64), ["short"]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn mermaid_text_writes_hash_and_semicolon_as_entity_codes() {
        assert_eq!(mermaid_text("dup ACK #1"), "dup ACK #35;1");
        assert_eq!(mermaid_text("a; b #59;"), "a#59; b #35;59#59;");
        assert!(matches!(
            mermaid_text("SYN seq=0"),
            std::borrow::Cow::Borrowed("SYN seq=0")
        ));
    }

    #[test]
    fn timeline_labels_drop_whole_fields_never_digits() {
        let long = fields("PSH-ACK seq=123456789 ack=987654322 len=1460");
        let label = fit_label(&long, LABEL);
        assert_eq!(label, "PSH-ACK seq=123456789 …");
        // Every word shown is one of the fields, whole.
        for word in label.split(' ').filter(|w| *w != "…") {
            assert!(long.iter().any(|f| f == word), "{word} is cut: {label}");
        }
        let mid = fields("ACK seq=1 ack=987654322 len=1460");
        assert_eq!(fit_label(&mid, LABEL), "ACK seq=1 ack=987654322 …");
        let short = fields("SYN seq=0");
        assert_eq!(fit_label(&short, LABEL), "SYN seq=0");
        let exact = fields("ACK seq=1234567 ack=1234567890");
        assert_eq!(exact.join(" ").chars().count(), LABEL);
        assert_eq!(fit_label(&exact, LABEL), "ACK seq=1234567 ack=1234567890");
    }

    #[test]
    fn timeline_arrows_keep_their_width_when_the_label_is_shortened() {
        let names = fields("NS-CWR-ECE-URG-ACK-PSH-RST-SYN-FIN seq=4294967295");
        assert_eq!(fit_label(&names, LABEL), "NS-CWR-ECE-URG-ACK-PSH-RST-SY…");
        for f in [
            fields("PSH-ACK seq=123456789 ack=987654322 len=1460"),
            fields("SYN seq=0"),
            names,
            // A CJK character takes two columns.
            fields("ICMP 差错 3/3"),
            fields("回显请求 id=1280 seq=13312 回显请求 回显请求"),
        ] {
            for dir in [Dir::C2S, Dir::S2C] {
                assert_eq!(display_width(&text_arrow(&f, dir)), ARROW + 1, "{f:?}");
            }
        }
    }
}
