//! Payload bytes as text a terminal can show: decoded as UTF-8 (or `--encoding`'s GBK,
//! GB18030, Latin-1), one [`Piece`] per character or per byte that is not one, with the
//! character's display width (`unicode-width`: 2 for 你, 1 for é, 0 for a combining accent).
//!
//! Words-free, but here beside the other things a view says about a packet because every
//! view that shows a payload (`-A`, `-X`'s text column, the ladders, the TUI's packet pane)
//! must decode it the same way. What is not shown as a character: bytes that are not valid in
//! the encoding (an invalid UTF-8 sequence, a multi-byte character cut at the end of a
//! segment), control characters (C0, DEL, C1) and the bidirectional overrides, which would
//! reorder the rest of a terminal line. Each such byte is a [`Piece::Raw`]: `-A` shows it as
//! `.` (as tcpdump), a preview as an escape (`\n`, `\t`, `\r`, `\xNN`).
//!
//! Never panics on any byte slice: bytes are only read through iterators and `get`.
#![deny(clippy::indexing_slicing)]

use unicode_width::UnicodeWidthChar;

/// How payload bytes are read as text (`--encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Encoding {
    /// UTF-8 (what the sockets tutorials' programs send).
    #[default]
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GBK, as the WHATWG Encoding Standard defines it (encoding_rs).
    Gbk,
    /// GB18030 (encoding_rs).
    Gb18030,
    /// Latin-1, read as browsers read it: windows-1252 (encoding_rs), so 0x80-0x9f are the
    /// characters Windows put there (€, “, ”...).
    Latin1,
}

/// One unit of decoded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// A character to show, `len` bytes long in the payload, `width` columns on screen.
    Char { ch: char, len: u8, width: u8 },
    /// One byte that is not shown as a character (invalid, cut short, or a control).
    Raw(u8),
}

impl Piece {
    /// Bytes of the payload this piece stands for.
    #[allow(clippy::len_without_is_empty)] // never empty: a piece is at least one byte
    pub fn len(self) -> usize {
        match self {
            Piece::Char { len, .. } => usize::from(len),
            Piece::Raw(_) => 1,
        }
    }
}

/// Calls `f` with each piece of `bytes` in order; the pieces' lengths add up to `bytes.len()`.
pub fn for_each_piece(bytes: &[u8], encoding: Encoding, mut f: impl FnMut(Piece)) {
    match encoding {
        Encoding::Utf8 => utf8_pieces(bytes, &mut f),
        Encoding::Gbk => other_pieces(bytes, encoding_rs::GBK, &mut f),
        Encoding::Gb18030 => other_pieces(bytes, encoding_rs::GB18030, &mut f),
        Encoding::Latin1 => other_pieces(bytes, encoding_rs::WINDOWS_1252, &mut f),
    }
}

/// The standard library's UTF-8 validation splits valid runs from invalid sequences.
fn utf8_pieces(bytes: &[u8], f: &mut impl FnMut(Piece)) {
    for chunk in bytes.utf8_chunks() {
        for ch in chunk.valid().chars() {
            char_piece(ch, f);
        }
        chunk.invalid().iter().for_each(|b| f(Piece::Raw(*b)));
    }
}

/// Other encodings, character by character: the shortest prefix (at most 4 bytes, GB18030's
/// longest) that encoding_rs decodes to one character without error is that character;
/// when none does, the first byte is invalid. A multi-byte lead byte is never a character
/// on its own in these encodings, so the shortest prefix is the whole character.
fn other_pieces(bytes: &[u8], enc: &'static encoding_rs::Encoding, f: &mut impl FnMut(Piece)) {
    let mut rest = bytes;
    while let Some(&first) = rest.first() {
        let found = (1..=4usize.min(rest.len())).find_map(|n| {
            let text = enc.decode_without_bom_handling_and_without_replacement(rest.get(..n)?)?;
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(ch), None) => Some((ch, n)),
                _ => None,
            }
        });
        let used = match found {
            Some((ch, n)) if shown(ch) => {
                let len = u8::try_from(n).unwrap_or(4);
                f(Piece::Char {
                    ch,
                    len,
                    width: width(ch),
                });
                n
            }
            // A control, read from one byte or several: each byte raw.
            Some((_, n)) => {
                rest.iter().take(n).for_each(|b| f(Piece::Raw(*b)));
                n
            }
            None => {
                f(Piece::Raw(first));
                1
            }
        };
        rest = rest.get(used..).unwrap_or(&[]);
    }
}

/// A UTF-8 character: shown, or its bytes raw when it is a control.
fn char_piece(ch: char, f: &mut impl FnMut(Piece)) {
    let mut buf = [0u8; 4];
    let encoded = ch.encode_utf8(&mut buf);
    if shown(ch) {
        f(Piece::Char {
            ch,
            len: u8::try_from(encoded.len()).unwrap_or(4),
            width: width(ch),
        });
    } else {
        encoded.bytes().for_each(|b| f(Piece::Raw(b)));
    }
}

/// Whether a character can go on a terminal line as it is: not a control (C0, DEL, C1), not
/// one of the bidirectional embeddings, overrides and isolates, and at most two columns wide,
/// as a character and as [`display_width`] measures it. unicode-width gives a few characters
/// more (U+17D8, KHMER SIGN BEUPRACH, is 3); shown, they would push the columns a view lines
/// up by [`display_width`], so their bytes are shown raw.
fn shown(ch: char) -> bool {
    if ch.is_ascii() {
        // One column each, as a character and as text: no width to measure.
        return !ch.is_control();
    }
    let mut buf = [0u8; 4];
    let width = ch.width().unwrap_or(0);
    !ch.is_control()
        && !matches!(ch, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        && width <= 2
        && display_width(ch.encode_utf8(&mut buf)) == width
}

/// Columns on a terminal (0 for a combining mark, 2 for a wide character; [`shown`] keeps
/// out the wider ones).
fn width(ch: char) -> u8 {
    ch.width().unwrap_or(0).min(2) as u8
}

/// The payload as `-A` prints it, after tcpdump's `-A`: characters as they are, tab and
/// newline kept, a carriage return before a newline dropped (so CRLF text reads as lines),
/// every other byte not shown as a character written as `.`.
pub fn plain(bytes: &[u8], encoding: Encoding, out: &mut String) {
    let mut last_cr = false;
    for_each_piece(bytes, encoding, |p| {
        if last_cr && p != Piece::Raw(b'\n') {
            out.push('.');
        }
        last_cr = p == Piece::Raw(b'\r');
        match p {
            Piece::Char { ch, .. } => out.push(ch),
            Piece::Raw(b @ (b'\n' | b'\t')) => out.push(char::from(b)),
            Piece::Raw(b'\r') => {}
            Piece::Raw(_) => out.push('.'),
        }
    });
    if last_cr {
        out.push('.');
    }
}

/// A quoted preview of a payload, at most `columns` columns wide on screen:
/// `"你好, wirelab\n"`, with `\n`, `\r`, `\t`, `\"`, `\\` and `\xNN` for what is not shown as a
/// character. When the payload does not fit, it is cut after a whole character (or escape)
/// and `…` follows the closing quote. Empty for an empty payload or fewer than 4 columns.
pub fn preview(bytes: &[u8], encoding: Encoding, columns: usize) -> String {
    if bytes.is_empty() || columns < 4 {
        return String::new();
    }
    // The whole text needs room for its two quotes; a cut one for the `…` too.
    let (full, short) = (columns - 2, columns - 3);
    let mut out = String::from("\"");
    let (mut used, mut keep, mut cut) = (0usize, out.len(), false);
    let mut piece_text = String::new();
    for_each_piece(bytes, encoding, |p| {
        if cut {
            return;
        }
        piece_text.clear();
        let w = escaped(p, &mut piece_text);
        if used + w > full {
            cut = true;
            return;
        }
        used += w;
        out.push_str(&piece_text);
        if used <= short {
            keep = out.len();
        }
    });
    if cut {
        out.truncate(keep);
    }
    out.push('"');
    if cut {
        out.push('…');
    }
    out
}

/// Writes one piece as a preview shows it; returns its width in columns.
fn escaped(p: Piece, out: &mut String) -> usize {
    match p {
        Piece::Char { ch: '"', .. } => out.push_str("\\\""),
        Piece::Char { ch: '\\', .. } => out.push_str("\\\\"),
        Piece::Char { ch, width, .. } => {
            out.push(ch);
            return usize::from(width);
        }
        Piece::Raw(b'\n') => out.push_str("\\n"),
        Piece::Raw(b'\r') => out.push_str("\\r"),
        Piece::Raw(b'\t') => out.push_str("\\t"),
        Piece::Raw(b) => {
            use std::fmt::Write as _;
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out.chars().count()
}

/// Whether a payload is printable text, as the echo and chat programs send it: every
/// piece a character, or a tab, carriage return or newline (the app line's `text:` rule).
/// A control byte rules text out at once, so a binary payload (the bench capture's random
/// bytes) costs a few bytes of looking; only a payload past that and not all ASCII is
/// decoded piece by piece.
pub fn is_text(bytes: &[u8], encoding: Encoding) -> bool {
    let layout = |b: u8| matches!(b, b'\t' | b'\n' | b'\r');
    if bytes.is_empty() || bytes.iter().any(|&b| (b < 0x20 && !layout(b)) || b == 0x7f) {
        return false;
    }
    // Every encoding offered is a superset of ASCII.
    if bytes.is_ascii() {
        return true;
    }
    let mut text = true;
    for_each_piece(bytes, encoding, |p| {
        if let Piece::Raw(b) = p {
            text &= layout(b);
        }
    });
    text
}

/// Columns `text` takes on a terminal (wide characters count 2).
pub fn display_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(bytes: &[u8], enc: Encoding) -> Vec<Piece> {
        let mut v = Vec::new();
        for_each_piece(bytes, enc, |p| v.push(p));
        v
    }

    #[test]
    fn text_is_characters_and_line_layout_only() {
        assert!(is_text(b"hello, wirelab\n", Encoding::Utf8));
        assert!(is_text("你好, wirelab\r\n".as_bytes(), Encoding::Utf8));
        assert!(!is_text(b"", Encoding::Utf8));
        assert!(!is_text(b"hello\x00", Encoding::Utf8));
        assert!(!is_text(b"caf\xe9", Encoding::Utf8));
        assert!(!is_text("\u{85}next line".as_bytes(), Encoding::Utf8));
        assert!(is_text(b"caf\xe9", Encoding::Latin1));
    }

    fn plain_text(bytes: &[u8], enc: Encoding) -> String {
        let mut s = String::new();
        plain(bytes, enc, &mut s);
        s
    }

    proptest::proptest! {
        /// Any bytes, any encoding: the pieces stand for every byte once, in order.
        #[test]
        fn pieces_cover_every_byte_once(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
        ) {
            for enc in [Encoding::Utf8, Encoding::Gbk, Encoding::Gb18030, Encoding::Latin1] {
                let total: usize = pieces(&bytes, enc).iter().map(|p| p.len()).sum();
                proptest::prop_assert_eq!(total, bytes.len());
                let p = preview(&bytes, enc, 30);
                proptest::prop_assert!(display_width(&p) <= 30, "{}", p);
            }
        }
    }

    #[test]
    fn ascii_is_shown_as_it_is_with_controls_as_dots() {
        assert_eq!(
            plain_text(b"hello, wirelab\n", Encoding::Utf8),
            "hello, wirelab\n"
        );
        assert_eq!(plain_text(b"a\x00b\x7fc\x1b", Encoding::Utf8), "a.b.c.");
        // tcpdump -A: CR before LF dropped, a lone CR is a dot.
        assert_eq!(
            plain_text(b"GET /\r\nx\ry\r", Encoding::Utf8),
            "GET /\nx.y."
        );
        assert_eq!(
            preview(b"hi\t\"q\"\\\r\n", Encoding::Utf8, 40),
            r#""hi\t\"q\"\\\r\n""#
        );
    }

    #[test]
    fn chinese_utf8_is_shown_as_characters_two_columns_each() {
        let text = "你好, wirelab\n";
        assert_eq!(plain_text(text.as_bytes(), Encoding::Utf8), text);
        assert_eq!(
            preview(text.as_bytes(), Encoding::Utf8, 40),
            "\"你好, wirelab\\n\""
        );
        let p = pieces("你é".as_bytes(), Encoding::Utf8);
        assert_eq!(
            p,
            [
                Piece::Char {
                    ch: '你',
                    len: 3,
                    width: 2
                },
                Piece::Char {
                    ch: 'é',
                    len: 2,
                    width: 1
                },
            ]
        );
        assert_eq!(display_width("你好, wirelab"), 13);
        assert_eq!(
            pieces("😀".as_bytes(), Encoding::Utf8).first().copied(),
            Some(Piece::Char {
                ch: '😀',
                len: 4,
                width: 2
            })
        );
    }

    #[test]
    fn invalid_utf8_bytes_are_raw_one_each() {
        let p = pieces(b"a\xffb\xc3", Encoding::Utf8);
        assert_eq!(
            p,
            [
                Piece::Char {
                    ch: 'a',
                    len: 1,
                    width: 1
                },
                Piece::Raw(0xff),
                Piece::Char {
                    ch: 'b',
                    len: 1,
                    width: 1
                },
                Piece::Raw(0xc3),
            ]
        );
        assert_eq!(plain_text(b"a\xffb", Encoding::Utf8), "a.b");
        assert_eq!(preview(b"a\xffb", Encoding::Utf8, 40), "\"a\\xffb\"");
        // C1 controls and bidi overrides are not shown as characters.
        assert_eq!(
            plain_text("x\u{85}y\u{202e}z".as_bytes(), Encoding::Utf8),
            "x..y...z"
        );
    }

    #[test]
    fn a_character_cut_at_the_end_of_a_segment_is_its_bytes_raw() {
        // 你 is e4 bd a0; the segment ends after two of its bytes.
        let cut = "好你".as_bytes().get(..5).unwrap_or_default();
        assert_eq!(plain_text(cut, Encoding::Utf8), "好..");
        assert_eq!(preview(cut, Encoding::Utf8, 40), "\"好\\xe4\\xbd\"");
        let total: usize = pieces(cut, Encoding::Utf8).iter().map(|p| p.len()).sum();
        assert_eq!(total, cut.len());
    }

    #[test]
    fn gbk_and_gb18030_are_decoded_when_asked_for() {
        // 你好 in GBK.
        let gbk = b"\xc4\xe3\xba\xc3, wirelab";
        assert_eq!(plain_text(gbk, Encoding::Gbk), "你好, wirelab");
        assert_eq!(plain_text(gbk, Encoding::Utf8), "...., wirelab");
        assert_eq!(
            pieces(gbk, Encoding::Gbk).first().copied(),
            Some(Piece::Char {
                ch: '你',
                len: 2,
                width: 2
            })
        );
        // A lead byte before ASCII is invalid; the ASCII byte is kept.
        assert_eq!(plain_text(b"\x81 a", Encoding::Gbk), ". a");
        // GB18030's four-byte form (U+00DE is 81 30 89 37).
        assert_eq!(plain_text(b"\x81\x30\x89\x37", Encoding::Gb18030), "Þ");
        assert_eq!(plain_text(b"caf\xe9", Encoding::Latin1), "café");
    }

    #[test]
    fn previews_are_cut_at_a_character_within_their_width() {
        let text = "你好你好你好".as_bytes();
        // 10 columns: the quotes and the … take 3, which leaves 7: three wide characters.
        let p = preview(text, Encoding::Utf8, 10);
        assert_eq!(p, "\"你好你\"…");
        assert!(display_width(&p) <= 10, "{p}");
        let p = preview(b"abcdefghij", Encoding::Utf8, 8);
        assert_eq!(p, "\"abcde\"…");
        assert_eq!(display_width(&p), 8);
        assert_eq!(preview(b"abc", Encoding::Utf8, 5), "\"abc\"");
        assert_eq!(preview(b"", Encoding::Utf8, 40), "");
        // An escape is never cut in the middle.
        assert_eq!(preview(b"ab\n", Encoding::Utf8, 5), "\"ab\"…");
        assert_eq!(preview(b"ab\n", Encoding::Utf8, 6), "\"ab\\n\"");
    }
}
