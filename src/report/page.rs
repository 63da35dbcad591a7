//! The HTML page of `wirelab report`: one self-contained file (style and script inline,
//! nothing fetched), with the conversation table, per conversation its ladder, and the
//! panel the script fills from the per-frame JSON when an arrow is clicked or chosen with
//! the keyboard. The page's own words (headings, the panel's hint) are few and fixed.

use std::fmt::Write as _;

use super::escape::{script_json, text as esc};
use super::ladder_svg::{self, Conv};
use super::{panel, tsg};

const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");
/// Lines of the conversation table per `<pre>` block.
const TABLE_BLOCK: usize = 200;

/// What the page shows.
pub struct Page<'a> {
    pub title: &'a str,
    /// The `--summary` table, as it prints.
    pub table: &'a str,
    pub convs: &'a [Conv<'a>],
    /// `--max-conversations`, and `--conn`, to say which conversations are drawn.
    pub max: usize,
    pub only: Option<u64>,
}

/// The whole document.
pub fn write(p: &Page<'_>) -> String {
    let mut out = String::new();
    let title = esc(p.title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>wirelab report: {title}</title>\n<style>\n{}{}</style>\n</head>\n<body>\n",
        ladder_svg::STYLE,
        STYLE
    );
    let _ = writeln!(
        out,
        "<header><h1>wirelab report: {title}</h1></header>\n<div class=\"layout\">\n<main>"
    );
    table(&mut out, p);
    for c in p.convs {
        conversation(&mut out, c);
    }
    out.push_str("</main>\n");
    out.push_str(
        "<aside id=\"panel\" aria-live=\"polite\"><h2 id=\"panel-title\">Packet</h2>\
         <p id=\"panel-hint\">Click an arrow (or move to it with Tab and press Enter) to see \
         what its packet does.</p><div id=\"panel-body\"></div></aside>\n</div>\n",
    );
    let _ = writeln!(
        out,
        "<script type=\"application/json\" id=\"frames\">{}</script>",
        script_json(&panel::frames(p.convs))
    );
    let _ = writeln!(out, "<script>\n{SCRIPT}</script>\n</body>\n</html>");
    out
}

/// The conversation table (every conversation), and which of them are drawn below.
fn table(out: &mut String, p: &Page<'_>) {
    out.push_str("<section id=\"conversations\"><h2>Conversations</h2>\n<div class=\"table\">");
    // In blocks that the browser lays out only when they come into view (`content-visibility`
    // in page.css): a capture of 20,000 conversations has as many lines, and one `<pre>` of
    // them took most of the page's opening time.
    let lines: Vec<&str> = p.table.lines().collect();
    for block in lines.chunks(TABLE_BLOCK) {
        let _ = writeln!(
            out,
            "<pre style=\"contain-intrinsic-size: auto {}px\">{}</pre>",
            block.len() * 14,
            esc(&block.join("\n"))
        );
    }
    out.push_str("</div>\n");
    let drawn = match p.only {
        Some(id) => format!("Drawn below: conversation {id}."),
        None => format!(
            "Drawn below: {} conversation(s), the first {} at most (--max-conversations), \
             {} packets at most in all and {} per conversation.",
            p.convs.len(),
            p.max,
            super::MAX_FRAMES,
            super::MAX_ROWS
        ),
    };
    let _ = write!(out, "<p class=\"drawn\">{}", esc(&drawn));
    for c in p.convs {
        let _ = write!(out, " <a href=\"#conv-{0}\">{0}</a>", c.conv.id);
    }
    out.push_str("</p></section>\n");
}

/// One conversation's section: its heading, outcome and ladder.
fn conversation(out: &mut String, c: &Conv<'_>) {
    let id = c.conv.id;
    let _ = writeln!(
        out,
        "<section class=\"conv\" id=\"conv-{id}\" data-conv=\"{id}\">\n<h2>{}</h2>\n<p class=\"outcome\">{}</p>",
        esc(&ladder_svg::heading(c.conv)),
        esc(&ladder_svg::outcome(c.conv))
    );
    let _ = writeln!(
        out,
        "<div class=\"figure\"><h3>ladder</h3>\n{}</div>",
        ladder_svg::element(c)
    );
    // Side by side when printed, so that a short conversation fits one A4 page.
    out.push_str("<div class=\"graphs\">\n");
    for graph in tsg::graphs(c) {
        let _ = writeln!(
            out,
            "<div class=\"figure\"><h3>time-sequence</h3>\n<p class=\"hint\">Drag a rectangle to zoom in; double-click to see the whole graph.</p>\n{graph}</div>"
        );
    }
    out.push_str("</div>\n</section>\n");
}
