//! The interactive stepper: a capture's conversations, each as a ladder diagram to step
//! through one packet at a time, with what each packet does to both ends.
//!
//! The shape (see docs/tui.md):
//! - the one [`Engine`](crate::engine::Engine) decodes and tracks each frame once; the TUI
//!   consumes its output ([`ingest::RowSink`], a renderer) as [`Batch`]es of small [`Row`]s
//!   sent through a channel, from [`index`] for files and from [`LiveFeed`] for live runs; a
//!   row keeps where the packet's bytes are, never the bytes;
//! - keys and mouse events become [`Action`]s ([`action`]); [`App::update`] is the only place
//!   the state changes, and it needs no terminal;
//! - widgets ([`view`]) render `&App`; the `term` module owns the terminal and always restores it.
//!
//! Live sources (`wirelab capture --tui`, `wirelab lab --tui`) run their engine into a
//! [`LiveFeed`] and call [`run_live`] with the other end of its channel; the lab's socket
//! calls travel in the records ([`crate::render::CallNote`]), and the ladder shows those that
//! caused a packet under the side that made them.

pub mod action;
pub mod app;
pub mod datagram;
pub mod explain;
pub mod feed;
pub mod follow;
pub mod index;
pub mod ingest;
pub mod layers;
pub mod locate;
pub mod model;
pub mod only;
mod packed;
pub mod packets;
pub mod quiz;
pub mod store;
mod term;
pub mod view;

use std::io::{self, IsTerminal};
use std::path::Path;
use std::sync::mpsc::Receiver;

use crate::annotate::lang::Lang;
use crate::annotate::text::Encoding;

pub use action::Action;
pub use app::App;
pub use feed::LiveFeed;
pub use index::{IndexConfig, IndexError};
pub use model::{Batch, ConvView, Progress, Row};
pub use view::Theme;

use store::FrameStore;

/// Why the TUI could not run.
#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error("the TUI needs a terminal: standard input and output must be a tty")]
    NotATerminal,
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error("terminal: {0}")]
    Terminal(#[from] io::Error),
}

fn check_terminal() -> Result<(), TuiError> {
    if io::stdout().is_terminal() && io::stdin().is_terminal() {
        Ok(())
    } else {
        Err(TuiError::NotATerminal)
    }
}

/// `wirelab tui FILE`: indexes the file in the background (a progress bar shows how far)
/// and runs the TUI until the user quits. `filter` is a BPF expression; `encoding` reads
/// payloads as text; `lang` is the language of its words.
pub fn run_file(
    path: &Path,
    filter: Option<String>,
    theme: &Theme,
    encoding: Encoding,
    lang: Lang,
) -> Result<(), TuiError> {
    run_file_with(path, filter, theme, encoding, lang, |_| {})
}

/// [`run_file`], with `setup` given the app before it runs (`--quiz` gives it a
/// [`quiz::QuizState`]).
pub fn run_file_with(
    path: &Path,
    filter: Option<String>,
    theme: &Theme,
    encoding: Encoding,
    lang: Lang,
    setup: impl FnOnce(&mut App),
) -> Result<(), TuiError> {
    index::probe(path)?;
    if let Some(expr) = &filter {
        // A bad filter is a usage error, said before the screen is taken over.
        crate::capture::BpfFilter::compile(expr, crate::capture::LinkType::ETHERNET).map_err(
            |reason| IndexError::Filter {
                filter: expr.clone(),
                reason,
            },
        )?;
    }
    let store = FrameStore::open(path).map_err(|source| IndexError::Io {
        path: path.to_owned(),
        source,
    })?;
    check_terminal()?;
    let batches = index::spawn(IndexConfig {
        path: path.to_owned(),
        filter,
    });
    let mut app = App::new(path.display().to_string(), store, false);
    app.encoding = encoding;
    app.lang = lang;
    setup(&mut app);
    term::run(&mut app, batches, theme)?;
    Ok(())
}

/// Runs the TUI on batches that arrive while it runs (a [`LiveFeed`] of a live capture or
/// of the lab). Returns when the user quits; the sender may hang up earlier (the footer then
/// says the source ended).
pub fn run_live(
    batches: Receiver<Batch>,
    title: &str,
    theme: &Theme,
    encoding: Encoding,
    lang: Lang,
) -> Result<(), TuiError> {
    run_live_with(batches, title, theme, encoding, lang, |_| {})
}

/// [`run_live`], with `setup` given the app before it runs (`lab --quiz`).
pub fn run_live_with(
    batches: Receiver<Batch>,
    title: &str,
    theme: &Theme,
    encoding: Encoding,
    lang: Lang,
    setup: impl FnOnce(&mut App),
) -> Result<(), TuiError> {
    check_terminal()?;
    let mut app = App::new(title, FrameStore::Memory(Vec::new()), true);
    app.encoding = encoding;
    app.lang = lang;
    setup(&mut app);
    term::run(&mut app, batches, theme)?;
    Ok(())
}
