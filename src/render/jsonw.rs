//! A small JSON writer for the per-packet objects, the hot path of `--json`.
//!
//! serde_json spent a sixth of the run escaping keys that never need it. Here keys and the
//! strings wirelab itself spells (names, addresses, numbers in hex) are written as they are,
//! and every other string (messages, explanations, paths) still goes through serde_json's
//! escaping, so the output is valid JSON whatever the input packet held.

use std::fmt::Display;
use std::io::Write;

/// An object or array being written into a line buffer.
pub struct Json<'b> {
    pub(super) out: &'b mut Vec<u8>,
    first: bool,
    close: u8,
}

impl<'b> Json<'b> {
    pub fn object(out: &'b mut Vec<u8>) -> Json<'b> {
        out.push(b'{');
        Json { out, first: true, close: b'}' }
    }

    pub(super) fn array(out: &'b mut Vec<u8>) -> Json<'b> {
        out.push(b'[');
        Json { out, first: true, close: b']' }
    }

    /// `,"key":` (keys are wirelab's own ASCII names: never escaped).
    fn key(&mut self, key: &'static str) {
        debug_assert!(key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
        self.sep();
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
    }

    pub(super) fn sep(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }

    pub fn num<I: itoa::Integer>(&mut self, key: &'static str, n: I) -> &mut Self {
        self.key(key);
        let mut b = itoa::Buffer::new();
        self.out.extend_from_slice(b.format(n).as_bytes());
        self
    }

    pub fn boolean(&mut self, key: &'static str, v: bool) -> &mut Self {
        self.key(key);
        self.out.extend_from_slice(if v { b"true" } else { b"false" });
        self
    }

    /// A string wirelab spells itself (a name, an address): no quote, backslash or control
    /// character can occur in it.
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

    /// Any text, escaped by serde_json.
    pub fn text(&mut self, key: &'static str, v: impl Display) -> &mut Self {
        self.key(key);
        push_escaped(self.out, v);
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
    debug_assert!(!v.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20), "{v:?}");
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
        o.num("a", 1u8)
            .name("b", "SYN")
            .text("c", "quote \" and \\ and \u{1}")
            .boolean("d", false)
            .arr("e", |a| {
                a.item_num(2u16).item_name("x").item_obj(|o| {
                    o.plain("ts", "1.5");
                });
            })
            .obj("f", |_| {});
        o.end();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["c"], "quote \" and \\ and \u{1}");
        assert_eq!(v["e"][2]["ts"], "1.5");
        assert_eq!(v["f"], serde_json::json!({}));
    }
}
