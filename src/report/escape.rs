//! The one escaping rule of the report's SVG and HTML: every text that came from a capture
//! (addresses, payload previews, file names) or from annotate/ goes through [`text`] before
//! it is written into markup, and the per-frame data goes into its `<script>` element
//! through [`script_json`].

use std::borrow::Cow;

/// `text` as it can stand in XML or HTML character data and in a double- or single-quoted
/// attribute: `&`, `<`, `>`, `"` and `'` as entities, and the control characters XML 1.0
/// forbids (all below U+0020 but tab, LF and CR) as U+FFFD, so a hostile payload can neither
/// close an element nor make the document ill-formed. `]]>` needs nothing more: its `>` is
/// written `&gt;`.
pub fn text(text: &str) -> Cow<'_, str> {
    let needs = |c: char| matches!(c, '&' | '<' | '>' | '"' | '\'') || forbidden(c);
    if !text.contains(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if forbidden(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A character XML 1.0 does not allow in a document (U+FFFE and U+FFFF among them).
fn forbidden(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// `value` as JSON that can stand inside a `<script>` element: `<`, `>` and `&` are written
/// as `\u003c`, `\u003e` and `\u0026`, so no `</script>` or `<!--` can appear in it. They
/// can only occur inside JSON strings, where the escapes mean the same characters.
pub fn script_json(value: &serde_json::Value) -> String {
    let json = value.to_string();
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            // Line separators end a line in old JavaScript string literals.
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "a<b & \"c\" 'd' ]]> </script><!-- \u{1}\u{7f}";

    #[test]
    fn hostile_text_cannot_close_an_element_or_an_attribute() {
        let t = text(HOSTILE);
        assert_eq!(
            t,
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39; ]]&gt; &lt;/script&gt;&lt;!-- \u{fffd}\u{7f}"
        );
        for bad in ['<', '>', '"', '\'', '\u{1}'] {
            assert!(!t.contains(bad), "{bad:?} in {t}");
        }
        assert!(matches!(text("SYN seq=0"), Cow::Borrowed(_)));
        // It parses as XML, in an element and in an attribute, and reads back as it was
        // (less the control character, which XML cannot hold).
        let doc = format!("<r a=\"{t}\" b='{t}'>{t}</r>");
        let parsed = roxmltree::Document::parse(&doc).expect("well-formed");
        let want = HOSTILE.replace('\u{1}', "\u{fffd}");
        assert_eq!(parsed.root_element().text(), Some(want.as_str()));
        assert_eq!(parsed.root_element().attribute("a"), Some(want.as_str()));
        assert_eq!(parsed.root_element().attribute("b"), Some(want.as_str()));
    }

    #[test]
    fn json_in_a_script_element_has_no_closing_tag_and_reads_back() {
        let v = serde_json::json!({ "t": HOSTILE, "u": "\u{2028}" });
        let s = script_json(&v);
        assert!(!s.contains("</script"), "{s}");
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: serde_json::Value = serde_json::from_str(&s).expect("still JSON");
        assert_eq!(back, v);
    }
}
