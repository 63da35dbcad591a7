//! Pictures for a lab report: `--timeline-format svg` (the ladders alone, one standalone SVG
//! document for slides) and `wirelab report` (one self-contained HTML page: the
//! conversation table, per conversation its SVG ladder and time-sequence graph, and a panel
//! that explains the packet of an arrow clicked).
//!
//! [`ReportRenderer`] is one more consumer of the engine, like the TUI: it keeps each
//! record of a conversation it draws as the TUI's [`Row`] (`tui::ingest::row_of`) and its
//! frame's bytes, and each reported conversation as a [`ConvSummary`]; when the input ends
//! it decodes the kept frames again for their fields and hex, and asks the TUI's
//! `tui::explain` for the explanation, so the page says what the TUI says. The conversation
//! table is the `--summary` renderer's, fed the same records. Memory: the first
//! `max_conversations` conversations (at most [`MAX_ROWS`] packets each, [`MAX_FRAMES`] in
//! all) are kept whole; the others only as the summary's packed row.

mod escape;
mod ladder_svg;
mod page;
mod panel;
mod tsg;

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::annotate::lang::Lang;
use crate::render::{FileInfo, Record, Renderer, SummaryRenderer};
use crate::track::Conversation;
use crate::tui::ingest::row_of;
use crate::tui::model::{ConvSummary, Row};

pub use escape::{script_json, text as escape};

/// Packets drawn per conversation; later ones are counted under the ladder, not drawn.
pub const MAX_ROWS: usize = 1_000;
/// Packets drawn in all: each costs about 5 kB of the page (its panel's words, fields and
/// bytes, its arrow), so the page of any capture stays near 20 MB and opens quickly. Once
/// they are drawn, later packets are counted and no further conversation is drawn.
pub const MAX_FRAMES: usize = 3_000;

/// What the report writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// One SVG document: every drawn conversation's ladder, one below the other.
    Svg,
    /// One HTML page (`wirelab report`, `--timeline-format html`).
    Html,
}

/// Which conversations are drawn, and what the page is called.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub format: ReportFormat,
    /// Only this conversation (`--conn ID`).
    pub only: Option<u64>,
    /// The first this many conversations are drawn (all are listed in the table).
    pub max_conversations: usize,
    /// The page's title (the capture's name).
    pub title: String,
    /// The language of the page's and the drawings' words.
    pub lang: Lang,
}

/// One drawn conversation: its rows (the frames' bytes are in [`ReportRenderer::bytes`]).
#[derive(Default)]
struct Drawn {
    rows: Vec<Row>,
    skipped: u64,
    conv: Option<ConvSummary>,
}

/// Keeps what the report draws, and writes it when the input ends.
pub struct ReportRenderer {
    options: ReportOptions,
    drawn: BTreeMap<u64, Drawn>,
    /// The drawn conversations' frames, one after the other (a row's `at` is its offset).
    bytes: Vec<u8>,
    summary: SummaryRenderer,
    table: Vec<u8>,
    highest: u64,
    found: bool,
    /// Rows kept, over all conversations.
    kept: usize,
}

impl ReportRenderer {
    pub fn new(options: ReportOptions) -> ReportRenderer {
        let summary = SummaryRenderer::new().lang(options.lang);
        ReportRenderer {
            options,
            drawn: BTreeMap::new(),
            bytes: Vec::new(),
            summary,
            table: Vec::new(),
            highest: 0,
            found: false,
            kept: 0,
        }
    }

    /// With `--conn ID` that no packet belonged to: the highest id the input had (0: none).
    pub fn missing_conn(&self) -> Option<u64> {
        (self.options.only.is_some() && !self.found).then_some(self.highest)
    }

    /// Whether conversation `id` is drawn: the one asked for, or one of the first N.
    fn draws(&mut self, id: u64) -> bool {
        match self.options.only {
            Some(only) => only == id,
            None => {
                self.drawn.contains_key(&id)
                    || (self.drawn.len() < self.options.max_conversations && self.kept < MAX_FRAMES)
            }
        }
    }

    /// Writes the document: the SVG of every drawn ladder, or the page.
    fn write_document(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let convs: Vec<ladder_svg::Conv<'_>> = self
            .drawn
            .values()
            .filter_map(|d| {
                d.conv.as_ref().map(|conv| ladder_svg::Conv {
                    conv,
                    rows: &d.rows,
                    skipped: d.skipped,
                    bytes: &self.bytes,
                    lang: self.options.lang,
                })
            })
            .collect();
        match self.options.format {
            ReportFormat::Svg => {
                let svg = ladder_svg::document(&convs, self.options.lang);
                out.write_all(svg.as_bytes())
            }
            ReportFormat::Html => {
                let table = String::from_utf8_lossy(&self.table);
                let page = page::Page {
                    title: &self.options.title,
                    table: &table,
                    convs: &convs,
                    max: self.options.max_conversations,
                    only: self.options.only,
                    lang: self.options.lang,
                };
                out.write_all(page::write(&page).as_bytes())
            }
        }
    }
}

impl Renderer for ReportRenderer {
    fn file_start(&mut self, _out: &mut dyn Write, file: &FileInfo<'_>) -> io::Result<()> {
        if self.options.title.is_empty() {
            self.options.title = file.path.display().to_string();
        }
        self.summary.file_start(&mut self.table, file)
    }

    fn packet(&mut self, _out: &mut dyn Write, r: &Record<'_, '_>) -> io::Result<()> {
        self.summary.packet(&mut self.table, r)?;
        let Some(info) = r.info else { return Ok(()) };
        self.highest = self.highest.max(info.conn);
        if !self.draws(info.conn) {
            return Ok(());
        }
        self.found = true;
        let at = self.bytes.len() as u64;
        let drawn = self.drawn.entry(info.conn).or_default();
        if drawn.rows.len() >= MAX_ROWS || self.kept >= MAX_FRAMES {
            drawn.skipped += 1;
            return Ok(());
        }
        if let Some(row) = row_of(r, info, r.number, at) {
            drawn.rows.push(row);
            self.kept += 1;
            self.bytes.extend_from_slice(r.frame.data);
        }
        Ok(())
    }

    fn conversation(&mut self, _out: &mut dyn Write, c: &Conversation) -> io::Result<()> {
        self.summary.conversation(&mut self.table, c)?;
        if let Some(d) = self.drawn.get_mut(&c.id) {
            d.conv = Some(ConvSummary::of(c));
        }
        Ok(())
    }

    fn input_end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.summary.input_end(&mut self.table)?;
        self.summary.flush(&mut self.table)?;
        self.write_document(out)
    }
}
