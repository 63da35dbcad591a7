//! The one place a subcommand's view flags become a renderer: `read`, `capture` and `lab`
//! take the same flags (`--json`, `--summary`, `--timeline`, the text options), so they
//! choose the same renderer for them.

use wirelab::annotate::text::Encoding;
use wirelab::render::{
    ColorChoice, Dump, FollowFormat, FollowRenderer, JsonRenderer, LadderFormat, LadderRenderer,
    Only, OnlyRenderer, Renderer, SummaryRenderer, TextRenderer, TimeFormat, ZeekConnRenderer,
};
use wirelab::report::{ReportFormat, ReportOptions, ReportRenderer};

/// The notations of `--timeline`: the text and Mermaid ladders (render/ladder.rs) and the
/// pictures of the report (report/).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum TimelineFormat {
    /// Box-drawing arrows for the terminal (80 columns).
    #[default]
    Text,
    /// Markdown: per conversation a heading and a fenced Mermaid `sequenceDiagram`.
    Mermaid,
    /// One standalone SVG document: the ladders one below the other (for slides).
    Svg,
    /// The HTML report (as `wirelab report`) of one conversation: --conn's, or the first.
    Html,
}

/// How many conversations `--timeline-format svg` draws (as `report`'s default).
pub const MAX_DRAWN: usize = 50;

/// The view a subcommand's flags ask for (clap has already refused the combinations that
/// make no sense, such as `--timeline --json`).
#[derive(Debug, Clone, Copy)]
pub struct ViewArgs {
    pub json: bool,
    /// `--format zeek-conn`: Zeek's conn.log.
    pub zeek_conn: bool,
    pub summary: bool,
    /// `--timeline`: the format and the one conversation to draw (`--conn`).
    pub timeline: Option<(TimelineFormat, Option<u64>)>,
    /// `--follow ID` and its format (raw is set up by the caller: it needs its file).
    pub follow: Option<(u64, FollowFormat)>,
    pub time: TimeFormat,
    pub color: ColorChoice,
    pub verbose: bool,
    pub absolute_seq: bool,
    pub link_header: bool,
    /// `-L`: each packet's layers (text rows and nesting line, or JSON's `layers`).
    pub layers: bool,
    /// `--only`: the packet lines (text or JSON) shown; empty shows all.
    pub only: Only,
    /// `-A`, `-x`, `-X` and `--encoding`.
    pub dump: Dump,
    pub encoding: Encoding,
    /// The language of the words the views print for a person (text, summary, timeline, and
    /// JSON's `label`, `text`, `reason` and `notes`).
    pub lang: wirelab::annotate::lang::Lang,
}

/// The chosen renderer. The ladder and the follow view are kept by type so that `--conn`
/// and `--follow` can be checked after the run (was there such a conversation?).
pub enum View {
    Ladder(LadderRenderer),
    Report(ReportRenderer),
    Follow(FollowRenderer),
    Other(Box<dyn Renderer>),
}

impl View {
    pub fn renderer(&mut self) -> &mut dyn Renderer {
        match self {
            View::Ladder(l) => l,
            View::Report(r) => r,
            View::Follow(f) => f,
            View::Other(r) => r.as_mut(),
        }
    }

    /// With `--conn ID`, when no conversation had that id: the highest id there was.
    pub fn missing_conn(&self) -> Option<u64> {
        match self {
            View::Ladder(l) => l.missing_conn(),
            View::Report(r) => r.missing_conn(),
            View::Follow(f) => f.missing_conn(),
            View::Other(_) => None,
        }
    }
}

/// `--follow`, `--timeline`, `--format zeek-conn`, `--json --summary` (the conversation records), `--json`, `--timeline`,
/// `--summary`, or the text lines.
pub fn renderer_for(v: &ViewArgs) -> View {
    if let Some((conn, format)) = v.follow {
        return View::Follow(FollowRenderer::new(conn, format, v.json, v.color.enabled()));
    }
    if let Some((format, only)) = v.timeline {
        let format = match format {
            TimelineFormat::Text => LadderFormat::Text,
            TimelineFormat::Mermaid => LadderFormat::Mermaid,
            TimelineFormat::Svg => return report(ReportFormat::Svg, only, MAX_DRAWN, v.lang),
            TimelineFormat::Html => return report(ReportFormat::Html, only, 1, v.lang),
        };
        return View::Ladder(
            LadderRenderer::new(format, only)
                .encoding(v.encoding)
                .lang(v.lang),
        );
    }
    if v.zeek_conn {
        return View::Other(Box::new(ZeekConnRenderer::new()));
    }
    let lines: Box<dyn Renderer> = match (v.json, v.summary) {
        (true, true) => Box::new(JsonRenderer::conversations_only().lang(v.lang)),
        (true, false) => Box::new(JsonRenderer::new().lang(v.lang).layers(v.layers)),
        (false, true) => Box::new(SummaryRenderer::new().lang(v.lang)),
        (false, false) => Box::new(
            TextRenderer::new(v.time, v.color.enabled())
                .lang(v.lang)
                .verbose(v.verbose)
                .absolute_seq(v.absolute_seq)
                .link_header(v.link_header)
                .layers(v.layers)
                .dump(v.dump, v.encoding),
        ),
    };
    if v.only.is_empty() {
        View::Other(lines)
    } else {
        View::Other(Box::new(OnlyRenderer::new(lines, v.only)))
    }
}

/// The report's renderer, titled by the input it reads.
pub fn report(
    format: ReportFormat,
    only: Option<u64>,
    max_conversations: usize,
    lang: wirelab::annotate::lang::Lang,
) -> View {
    View::Report(ReportRenderer::new(ReportOptions {
        format,
        only,
        max_conversations,
        title: String::new(),
        lang,
    }))
}
