//! tcpdump's `-x`, `-X`, `-xx`, `-XX` and `-A` under each packet line, laid out as tcpdump
//! lays them out (its `print-ascii.c`), so the hex lines are byte for byte tcpdump's:
//!
//! ```text
//!     0x0030:  a50c 423f 6865 6c6c 6f2c 2077 6972 656c  ..B?hello,.wirel
//! ```
//!
//! A tab (here four spaces), the offset, then 16 bytes as eight groups of two (`-x` stops there), two spaces and
//! the bytes as text: a printable ASCII character as itself, any other byte as `.` (space
//! too, as tcpdump). One difference, in the payload only: a character of several bytes that
//! the encoding (`--encoding`, UTF-8 by default) decodes is shown as that character, in the
//! column of its first byte, and the columns of its other bytes are blank (你 is three bytes
//! and two columns: `你 `). A character split over two lines goes on the line that has room
//! for its width. Headers are binary and stay as tcpdump shows them.
//!
//! `-A` shows what TCP or UDP carried, decoded as text (`annotate::text::plain`), on the lines
//! after the packet's; tcpdump's `-A` prints the IP and TCP headers as text too.

use std::ops::Range;

use crate::annotate::text::{self, Encoding, Piece};
use crate::capture::RawFrame;
use crate::decode::{FrameOffsets, Packet};

/// What is shown under each packet line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dump {
    #[default]
    None,
    /// `-A`: the payload as text.
    Text,
    /// `-x` (from the network header) or `-xx` (`link`: from the link header).
    Hex { link: bool },
    /// `-X` or `-XX`: hex and text.
    HexText { link: bool },
}

/// Bytes per line of a dump.
const PER_LINE: usize = 16;
/// Width of the hex part of a `-X` line (tcpdump's `HEXDUMP_HEXSTUFF_PER_LINE`).
const HEX_WIDTH: usize = 40;

/// How one byte's column of the text part is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    /// An ASCII character (or `.`), as tcpdump prints the byte.
    Ascii(u8),
    /// A decoded character, in the column of its first byte.
    Glyph(char),
    /// Taken by the glyph before it (the second column of a wide character).
    Covered,
    /// Another byte of a character shown elsewhere: a blank.
    Blank,
}

/// Writes `dump` for one packet (nothing for [`Dump::None`]).
pub fn write(
    out: &mut Vec<u8>,
    dump: Dump,
    encoding: Encoding,
    frame: &RawFrame<'_>,
    packet: &Packet<'_>,
) {
    if dump == Dump::None {
        return;
    }
    let offsets = FrameOffsets::of(packet, frame.data.len());
    let (link, with_text) = match dump {
        Dump::None => return,
        Dump::Text => return payload_text(out, encoding, frame.data, offsets.payload),
        Dump::Hex { link } => (link, false),
        Dump::HexText { link } => (link, true),
    };
    let start = if link { 0 } else { offsets.link_header };
    let bytes = frame.data.get(start..).unwrap_or(&[]);
    if with_text {
        let payload = offsets
            .payload
            .map(|r| r.start.saturating_sub(start)..r.end.saturating_sub(start));
        let cells = text_cells(bytes, payload, encoding);
        hex_lines(out, bytes, Some(&cells));
    } else {
        hex_lines(out, bytes, None);
    }
}

/// `-A`: the payload as text and a newline (tcpdump ends each packet's dump with one).
fn payload_text(out: &mut Vec<u8>, encoding: Encoding, data: &[u8], range: Option<Range<usize>>) {
    let Some(payload) = range.and_then(|r| data.get(r)).filter(|p| !p.is_empty()) else {
        return;
    };
    let mut text = String::new();
    text::plain(payload, encoding, &mut text);
    out.extend_from_slice(text.as_bytes());
    out.push(b'\n');
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn hex_byte(out: &mut Vec<u8>, b: u8) {
    out.push(HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'?'));
    out.push(HEX.get(usize::from(b & 0xf)).copied().unwrap_or(b'?'));
}

/// The lines of a dump; with `cells` (one per byte), `-X`'s text column after the hex.
fn hex_lines(out: &mut Vec<u8>, bytes: &[u8], cells: Option<&[Cell]>) {
    for (row, chunk) in bytes.chunks(PER_LINE).enumerate() {
        offset(out, row * PER_LINE);
        let hex_start = out.len();
        for pair in chunk.chunks(2) {
            out.push(b' ');
            pair.iter().for_each(|b| hex_byte(out, *b));
        }
        if let Some(cells) = cells {
            let used = out.len() - hex_start;
            out.resize(out.len() + HEX_WIDTH.saturating_sub(used) + 2, b' ');
            let from = row * PER_LINE;
            let row_cells = cells.get(from..from + chunk.len()).unwrap_or(&[]);
            text_column(out, row_cells);
        }
        out.push(b'\n');
    }
}

/// `\t0x0010: `: tcpdump's `%s0x%04x: ` (more digits past 0xffff, as printf gives).
fn offset(out: &mut Vec<u8>, at: usize) {
    out.extend_from_slice(b"\t0x");
    let digits = (usize::BITS - at.leading_zeros()).div_ceil(4).max(4);
    for i in (0..digits).rev() {
        let nibble = (at >> (i * 4)) & 0xf;
        out.push(HEX.get(nibble).copied().unwrap_or(b'?'));
    }
    out.extend_from_slice(b": ");
}

fn text_column(out: &mut Vec<u8>, cells: &[Cell]) {
    let mut buf = [0u8; 4];
    for cell in cells {
        match cell {
            Cell::Ascii(b) => out.push(*b),
            Cell::Glyph(ch) => out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes()),
            Cell::Covered => {}
            Cell::Blank => out.push(b' '),
        }
    }
}

/// Each byte's cell: tcpdump's rule everywhere, then the payload's characters of more than
/// one byte (or not ASCII) placed over it.
fn text_cells(bytes: &[u8], payload: Option<Range<usize>>, encoding: Encoding) -> Vec<Cell> {
    let mut cells: Vec<Cell> = bytes
        .iter()
        .map(|b| Cell::Ascii(if b.is_ascii_graphic() { *b } else { b'.' }))
        .collect();
    let Some(range) = payload else { return cells };
    let Some(payload) = bytes.get(range.clone()) else {
        return cells;
    };
    if payload.is_ascii() {
        return cells;
    }
    let mut at = range.start;
    text::for_each_piece(payload, encoding, |p| {
        // A combining mark (width 0) would have no column of its own: it keeps its dots.
        if let Piece::Char { ch, len, width } = p
            && !ch.is_ascii()
            && width > 0
        {
            place(
                &mut cells,
                at..at + usize::from(len),
                ch,
                usize::from(width),
            );
        }
        at += p.len();
    });
    cells
}

/// Puts `ch` (its bytes at `span`) on the first line where its part of `span` has room for
/// its width; the other columns of its bytes are blank. With no such line, its bytes keep
/// tcpdump's dots.
fn place(cells: &mut [Cell], span: Range<usize>, ch: char, width: usize) {
    let line_end = |i: usize| (i / PER_LINE + 1) * PER_LINE;
    let mut seg = span.start;
    let chosen = loop {
        if seg >= span.end {
            break None;
        }
        let end = line_end(seg).min(span.end);
        if end - seg >= width {
            break Some(seg);
        }
        seg = end;
    };
    let Some(first) = chosen else { return };
    for (i, cell) in cells.iter_mut().enumerate().take(span.end).skip(span.start) {
        *cell = if i == first {
            Cell::Glyph(ch)
        } else if i > first && i < first + width {
            Cell::Covered
        } else {
            Cell::Blank
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text column of each `-X` line: after the tab, offset and 40 hex columns.
    fn column(bytes: &[u8], payload: Range<usize>) -> Vec<String> {
        let cells = text_cells(bytes, Some(payload), Encoding::Utf8);
        let mut out = Vec::new();
        hex_lines(&mut out, bytes, Some(&cells));
        let text = String::from_utf8_lossy(&out).into_owned();
        text.lines()
            .map(|l| l.get(9 + HEX_WIDTH + 2..).unwrap_or("").to_owned())
            .collect()
    }

    #[test]
    fn hex_lines_are_tcpdumps() {
        let bytes: Vec<u8> = (0u8..19).collect();
        let mut out = Vec::new();
        hex_lines(&mut out, &bytes, None);
        assert_eq!(
            String::from_utf8_lossy(&out),
            "\t0x0000:  0001 0203 0405 0607 0809 0a0b 0c0d 0e0f\n\t0x0010:  1011 12\n"
        );
        let cells = text_cells(b"hello, wirelab\n", None, Encoding::Utf8);
        let mut out = Vec::new();
        hex_lines(&mut out, b"hello, wirelab\n", Some(&cells));
        assert_eq!(
            String::from_utf8_lossy(&out),
            "\t0x0000:  6865 6c6c 6f2c 2077 6972 656c 6162 0a    hello,.wirelab.\n"
        );
    }

    proptest::proptest! {
        /// Whatever the payload, each line's text column is as many columns wide as the
        /// line has bytes, so the columns of a dump stay aligned.
        #[test]
        fn the_text_column_is_one_column_per_byte(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..80),
            text in "\\PC{0,20}",
            start in 0usize..20,
        ) {
            let mut all = bytes.clone();
            all.extend_from_slice(text.as_bytes());
            let payload = start.min(all.len())..all.len();
            for enc in [Encoding::Utf8, Encoding::Gbk, Encoding::Gb18030, Encoding::Latin1] {
                let cells = text_cells(&all, Some(payload.clone()), enc);
                let mut out = Vec::new();
                hex_lines(&mut out, &all, Some(&cells));
                let dump = String::from_utf8_lossy(&out).into_owned();
                for (line, chunk) in dump.lines().zip(all.chunks(PER_LINE)) {
                    let column = line.get(9 + HEX_WIDTH + 2..).unwrap_or("");
                    proptest::prop_assert_eq!(text::display_width(column), chunk.len(), "{}", line);
                }
            }
        }
    }

    /// The case proptest found: U+17D8 is 3 columns wide for unicode-width, more than the
    /// two a glyph may take, so its bytes keep their dots and the column stays 16 wide.
    #[test]
    fn a_character_wider_as_text_than_alone_keeps_its_dots() {
        let bytes = "𖄀A ᨞AA𑑝ￊ ៘".as_bytes();
        let cells = text_cells(bytes, Some(0..bytes.len()), Encoding::Utf8);
        let mut out = Vec::new();
        hex_lines(&mut out, bytes, Some(&cells));
        let dump = String::from_utf8_lossy(&out).into_owned();
        for (line, chunk) in dump.lines().zip(bytes.chunks(PER_LINE)) {
            let column = line.get(9 + HEX_WIDTH + 2..).unwrap_or("");
            assert_eq!(text::display_width(column), chunk.len(), "{line}");
        }
        assert!(!dump.contains('៘'), "{dump}");
    }

    #[test]
    fn offsets_have_four_digits_or_more_as_printf_gives() {
        for (at, want) in [
            (0, "\t0x0000: "),
            (0x1f0, "\t0x01f0: "),
            (0x10000, "\t0x10000: "),
        ] {
            let mut out = Vec::new();
            offset(&mut out, at);
            assert_eq!(String::from_utf8_lossy(&out), want);
        }
    }

    #[test]
    fn wide_characters_keep_the_text_column_aligned() {
        // Two header bytes, then 你好 (6 bytes), then "ab".
        let mut bytes = vec![0x45, 0x00];
        bytes.extend_from_slice("你好ab".as_bytes());
        let text = column(&bytes, 2..bytes.len());
        assert_eq!(text, ["E.你 好 ab"]);
        assert_eq!(text::display_width(&text[0]), 10);
    }

    #[test]
    fn a_character_split_over_two_lines_goes_where_it_fits() {
        // 15 ASCII bytes, then 你 (e4 bd a0): one byte on the first line, two on the next.
        let mut bytes = b"abcdefghijklmno".to_vec();
        bytes.extend_from_slice("你x".as_bytes());
        let cells = text_cells(&bytes, Some(0..bytes.len()), Encoding::Utf8);
        let mut out = Vec::new();
        hex_lines(&mut out, &bytes, Some(&cells));
        let text = String::from_utf8_lossy(&out).into_owned();
        assert!(text.contains("  abcdefghijklmno \n"), "{text}");
        assert!(text.ends_with("  你x\n"), "{text}");
    }
}
