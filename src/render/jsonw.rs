//! A small JSON writer for the per-packet objects, the hot path of `--json`.
//!
//! serde_json spent a sixth of the run escaping keys that never need it. Here keys and the
//! strings wirelab itself spells (names, addresses, numbers in hex) are written as they are,
//! and every other string (messages, explanations, paths) still goes through serde_json's
//! escaping, so the output is valid JSON whatever the input packet held.

use std::fmt::Display;
use std::io::Write;
use std::net::IpAddr;

use crate::annotate::words::Parts;
use crate::capture::Timestamp;

/// A key as the writer takes it, quoted and followed by its colon, built at compile time so
/// that writing it is one fixed-size copy.
#[macro_export]
macro_rules! k {
    ($name:literal) => {
        concat!("\"", $name, "\":")
    };
}

/// An object or array being written into a line buffer.
pub struct Json<'b> {
    pub(super) out: &'b mut Vec<u8>,
    first: bool,
    close: u8,
}

impl<'b> Json<'b> {
    pub fn object(out: &'b mut Vec<u8>) -> Json<'b> {
        out.push(b'{');
        Json {
            out,
            first: true,
            close: b'}',
        }
    }

    pub(super) fn array(out: &'b mut Vec<u8>) -> Json<'b> {
        out.push(b'[');
        Json {
            out,
            first: true,
            close: b']',
        }
    }

    /// `,"key":`; `key` comes from [`k!`] (wirelab's own ASCII names: never escaped).
    #[inline(always)]
    fn key(&mut self, key: &'static str) {
        debug_assert!(key.starts_with('"') && key.ends_with("\":"), "{key}");
        self.sep();
        self.out.extend_from_slice(key.as_bytes());
    }

    /// A timestamp as epoch seconds with nine decimals, in a string.
    #[inline(always)]
    pub fn ts(&mut self, key: &'static str, ts: Timestamp) -> &mut Self {
        self.key(key);
        self.out.push(b'"');
        let mut b = itoa::Buffer::new();
        self.out.extend_from_slice(b.format(ts.secs).as_bytes());
        self.out.push(b'.');
        let frac = b.format(ts.nanos);
        self.out
            .resize(self.out.len() + 9 - frac.len().min(9), b'0');
        self.out.extend_from_slice(frac.as_bytes());
        self.out.push(b'"');
        self
    }

    /// Seconds as a JSON number with nine decimals, from a signed count of nanoseconds
    /// (`ts_f64`, `duration_f64`). The exact decimal is written, not a rounded float, so a
    /// reader's float is the one nearest the true time.
    #[inline(always)]
    pub fn seconds(&mut self, key: &'static str, nanos: i128) -> &mut Self {
        self.key(key);
        if nanos < 0 {
            self.out.push(b'-');
        }
        let abs = nanos.unsigned_abs();
        let (whole, frac) = match u64::try_from(abs) {
            // In 64 bits whenever it fits (every real capture): 128-bit division is a call.
            Ok(n) => (u128::from(n / 1_000_000_000), (n % 1_000_000_000) as u32),
            Err(_) => (abs / 1_000_000_000, (abs % 1_000_000_000) as u32),
        };
        let mut b = itoa::Buffer::new();
        self.out.extend_from_slice(b.format(whole).as_bytes());
        self.out.push(b'.');
        let frac = b.format(frac);
        self.out
            .resize(self.out.len() + 9 - frac.len().min(9), b'0');
        self.out.extend_from_slice(frac.as_bytes());
        self
    }

    /// An IP address, in a string.
    #[inline(always)]
    pub fn ip(&mut self, key: &'static str, addr: IpAddr) -> &mut Self {
        self.key(key);
        self.out.push(b'"');
        super::line::ip(self.out, addr);
        self.out.push(b'"');
        self
    }

    /// A MAC address, in a string.
    #[inline(always)]
    pub fn mac(&mut self, key: &'static str, mac: [u8; 6]) -> &mut Self {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.key(key);
        let mut text = [b':'; 19];
        text[0] = b'"';
        text[18] = b'"';
        for (i, byte) in mac.into_iter().enumerate() {
            text[1 + i * 3] = HEX[usize::from(byte >> 4)];
            text[2 + i * 3] = HEX[usize::from(byte & 0xf)];
        }
        self.out.extend_from_slice(&text);
        self
    }

    #[inline(always)]
    pub(super) fn sep(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }

    #[inline(always)]
    pub fn num<I: itoa::Integer>(&mut self, key: &'static str, n: I) -> &mut Self {
        self.key(key);
        let mut b = itoa::Buffer::new();
        self.out.extend_from_slice(b.format(n).as_bytes());
        self
    }

    #[inline(always)]
    pub fn boolean(&mut self, key: &'static str, v: bool) -> &mut Self {
        self.key(key);
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        self
    }

    /// A string wirelab spells itself (a name, an address): no quote, backslash or control
    /// character can occur in it.
    #[inline(always)]
    pub fn name(&mut self, key: &'static str, v: &str) -> &mut Self {
        self.key(key);
        push_plain(self.out, v);
        self
    }

    /// `Display` output that cannot hold a quote, backslash or control character (addresses,
    /// MACs, timestamps, hex).
    pub fn plain(&mut self, key: &'static str, v: impl Display) -> &mut Self {
        self.key(key);
        self.out.push(b'"');
        let _ = write!(self.out, "{v}");
        self.out.push(b'"');
        self
    }

    /// A label of wirelab's own words (no quote, backslash or control character).
    pub fn label(&mut self, key: &'static str, v: Parts) -> &mut Self {
        self.key(key);
        self.out.push(b'"');
        v.write_to(self.out);
        self.out.push(b'"');
        self
    }

    /// Array element: a label (see [`Json::label`]).
    pub fn item_label(&mut self, v: Parts) -> &mut Self {
        self.sep();
        self.out.push(b'"');
        v.write_to(self.out);
        self.out.push(b'"');
        self
    }

    /// Any text, escaped by serde_json.
    pub fn text(&mut self, key: &'static str, v: impl Display) -> &mut Self {
        self.key(key);
        push_escaped(self.out, v);
        self
    }

    /// `key` and a value `f` writes as raw JSON (a kept copy of one written before).
    pub fn raw(&mut self, key: &'static str, f: impl FnOnce(&mut Vec<u8>)) -> &mut Self {
        self.key(key);
        f(self.out);
        self
    }

    /// Members (`"a":1,"b":2`) that `f` writes as raw JSON, after a separator if needed.
    pub fn raw_members(&mut self, f: impl FnOnce(&mut Vec<u8>)) -> &mut Self {
        self.sep();
        f(self.out);
        self
    }

    /// Members written out in full (`"a":0,"b":[]`): fixed text of wirelab's own, for the
    /// usual values of several members at once.
    pub fn members(&mut self, text: &'static str) -> &mut Self {
        debug_assert!(text.starts_with('"') && !text.ends_with(','), "{text}");
        self.sep();
        self.out.extend_from_slice(text.as_bytes());
        self
    }

    /// A nested object under `key`, written by `f`.
    pub fn obj(&mut self, key: &'static str, f: impl FnOnce(&mut Json<'_>)) -> &mut Self {
        self.key(key);
        let mut inner = Json::object(self.out);
        f(&mut inner);
        inner.end();
        self
    }

    /// A nested array under `key`, written by `f`.
    pub fn arr(&mut self, key: &'static str, f: impl FnOnce(&mut Json<'_>)) -> &mut Self {
        self.key(key);
        let mut inner = Json::array(self.out);
        f(&mut inner);
        inner.end();
        self
    }

    /// Array element: an object.
    pub fn item_obj(&mut self, f: impl FnOnce(&mut Json<'_>)) -> &mut Self {
        self.sep();
        let mut inner = Json::object(self.out);
        f(&mut inner);
        inner.end();
        self
    }

    /// Array element: a number.
    pub fn item_num<I: itoa::Integer>(&mut self, n: I) -> &mut Self {
        self.sep();
        let mut b = itoa::Buffer::new();
        self.out.extend_from_slice(b.format(n).as_bytes());
        self
    }

    /// Array element: a name (see [`Json::name`]).
    pub fn item_name(&mut self, v: &str) -> &mut Self {
        self.sep();
        push_plain(self.out, v);
        self
    }

    /// Array element: any text, escaped.
    pub fn item_text(&mut self, v: impl Display) -> &mut Self {
        self.sep();
        push_escaped(self.out, v);
        self
    }

    pub fn end(self) {
        self.out.push(self.close);
    }
}

fn push_plain(out: &mut Vec<u8>, v: &str) {
    debug_assert!(
        !v.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20),
        "{v:?}"
    );
    out.push(b'"');
    out.extend_from_slice(v.as_bytes());
    out.push(b'"');
}

fn push_escaped(out: &mut Vec<u8>, v: impl Display) {
    let mut s = String::new();
    let _ = std::fmt::Write::write_fmt(&mut s, format_args!("{v}"));
    // Writing a &str into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, &s);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_output_is_valid_json_and_text_is_escaped() {
        let mut out = Vec::new();
        let mut o = Json::object(&mut out);
        o.num(k!("a"), 1u8)
            .name(k!("b"), "SYN")
            .text(k!("c"), "quote \" and \\ and \u{1}")
            .boolean(k!("d"), false)
            .arr(k!("e"), |a| {
                a.item_num(2u16).item_name("x").item_obj(|o| {
                    o.plain(k!("ts"), "1.5");
                });
            })
            .obj(k!("f"), |_| {})
            .mac(k!("m"), [0, 0x1b, 0xff, 2, 3, 0xa0])
            .ts(k!("t"), Timestamp { secs: 5, nanos: 42 })
            .seconds(k!("n"), 1_545_562_209_891_237_000)
            .seconds(k!("neg"), -12_000)
            .seconds(k!("big"), i128::MAX);
        o.end();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["c"], "quote \" and \\ and \u{1}");
        assert_eq!(v["e"][2]["ts"], "1.5");
        assert_eq!(v["f"], serde_json::json!({}));
        assert_eq!(v["m"], "00:1b:ff:02:03:a0");
        assert_eq!(v["t"], "5.000000042");
        assert_eq!(v["n"].as_f64(), Some(1_545_562_209.891_237));
        assert_eq!(v["neg"].as_f64(), Some(-0.000_012));
        assert!(v["big"].as_f64().is_some_and(|s| s > 1.7e29), "{v}");
    }

    #[test]
    fn seconds_are_the_exact_decimal_of_the_nanoseconds() {
        for (nanos, text) in [
            (0, "0.000000000"),
            (1, "0.000000001"),
            (-1, "-0.000000001"),
            (1_000_000_000, "1.000000000"),
            (-1_500_000_000, "-1.500000000"),
            (1_545_562_209_891_237_000, "1545562209.891237000"),
        ] {
            let mut out = Vec::new();
            let mut o = Json::object(&mut out);
            o.seconds(k!("s"), nanos);
            o.end();
            assert_eq!(String::from_utf8(out).unwrap(), format!("{{\"s\":{text}}}"));
        }
    }
}
