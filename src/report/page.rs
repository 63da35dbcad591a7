//! The HTML page of `wirelab report`: one self-contained file (style and script inline,
//! nothing fetched), with the conversation table, per conversation its ladder, and the
//! panel the script fills from the per-frame JSON when an arrow is clicked or chosen with
//! the keyboard. The page's own words (headings, the panel's hint) are few: i18n/*/report.ftl.

use std::fmt::Write as _;

use super::escape::{script_json, text as esc};
use super::ladder_svg::{self, Conv};
use super::{panel, tsg};
use crate::annotate::lang::Lang;

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
    /// The language of the page's words (and its `lang` attribute).
    pub lang: Lang,
}

/// The whole document.
pub fn write(p: &Page<'_>) -> String {
    let mut out = String::new();
    let lang = p.lang;
    let t = |id: &str| esc(&lang.text(id, &[])).into_owned();
    let title = esc(&lang.text("report-title", &[("title", p.title)])).into_owned();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{}{}</style>\n</head>\n<body>\n",
        lang.tag(),
        ladder_svg::STYLE,
        STYLE
    );
    let _ = writeln!(
        out,
        "<header><h1>{title}</h1></header>\n<div class=\"layout\">\n<main>"
    );
    table(&mut out, p);
    for c in p.convs {
        conversation(&mut out, c, lang);
    }
    out.push_str("</main>\n");
    let _ = writeln!(
        out,
        "<aside id=\"panel\" aria-live=\"polite\"><h2 id=\"panel-title\">{}</h2>\
         <p id=\"panel-hint\">{}</p><div id=\"panel-body\"></div></aside>\n</div>",
        t("report-panel"),
        t("report-panel-hint")
    );
    let _ = writeln!(
        out,
        "<script type=\"application/json\" id=\"frames\">{}</script>",
        script_json(&panel::frames(p.convs, lang))
    );
    let _ = writeln!(out, "<script>\n{SCRIPT}</script>\n</body>\n</html>");
    out
}

/// The conversation table (every conversation), and which of them are drawn below.
fn table(out: &mut String, p: &Page<'_>) {
    let _ = write!(
        out,
        "<section id=\"conversations\"><h2>{}</h2>\n<div class=\"table\">",
        esc(&p.lang.text("report-conversations", &[]))
    );
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
        Some(id) => p.lang.text("report-drawn-one", &[("id", &id.to_string())]),
        None => p.lang.text(
            "report-drawn",
            &[
                ("count", &p.convs.len().to_string()),
                ("max", &p.max.to_string()),
                ("frames", &super::MAX_FRAMES.to_string()),
                ("rows", &super::MAX_ROWS.to_string()),
            ],
        ),
    };
    let _ = write!(out, "<p class=\"drawn\">{}", esc(&drawn));
    for c in p.convs {
        let _ = write!(out, " <a href=\"#conv-{0}\">{0}</a>", c.conv.id);
    }
    out.push_str("</p></section>\n");
}

/// One conversation's section: its heading, outcome and ladder.
fn conversation(out: &mut String, c: &Conv<'_>, lang: Lang) {
    let id = c.conv.id;
    let t = |id: &str| esc(&lang.text(id, &[])).into_owned();
    let _ = writeln!(
        out,
        "<section class=\"conv\" id=\"conv-{id}\" data-conv=\"{id}\">\n<h2>{}</h2>\n<p class=\"outcome\">{}</p>",
        esc(&ladder_svg::heading(c.conv, lang)),
        esc(&ladder_svg::outcome(c.conv, lang))
    );
    let _ = writeln!(
        out,
        "<div class=\"figure\"><h3>{}</h3>\n{}</div>",
        t("report-ladder"),
        ladder_svg::element(c)
    );
    // Side by side when printed, so that a short conversation fits one A4 page.
    out.push_str("<div class=\"graphs\">\n");
    for graph in tsg::graphs(c) {
        let _ = writeln!(
            out,
            "<div class=\"figure\"><h3>{}</h3>\n<p class=\"hint\">{}</p>\n{graph}</div>",
            t("report-tsg"),
            t("report-tsg-hint")
        );
    }
    out.push_str("</div>\n</section>\n");
}
