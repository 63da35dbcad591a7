//! `--quiz`, `--quiz-seed N`, `--quiz-log FILE` of `wirelab tui` and `wirelab lab`: the
//! flags, and the quiz's state made from them before the TUI starts (the log opened as the
//! user behind sudo, see [`wirelab::os::output_file`]).

use std::path::{Path, PathBuf};

use clap::Args;
use wirelab::tui::quiz::QuizState;

/// Challenge mode's flags.
#[derive(Debug, Clone, Default, Args)]
pub struct QuizArgs {
    /// Challenge mode: before each packet of an open conversation is shown, questions about
    /// it (who sends it, its flags, seq, ack, window, both states after it, a field's layer),
    /// answered with keys 1-4 or a-d (see docs/tui.md).
    #[arg(long)]
    pub quiz: bool,
    /// The seed the quiz's options are drawn with (default: from the clock); the same seed
    /// on the same capture asks the same questions.
    #[arg(long, value_name = "N", requires = "quiz")]
    pub quiz_seed: Option<u64>,
    /// Write each answer and the final score to FILE as JSON Lines (see docs/json.md).
    #[arg(long, value_name = "FILE", requires = "quiz")]
    pub quiz_log: Option<PathBuf>,
}

impl QuizArgs {
    /// The quiz, when `--quiz` was given; its log must not be one of `inputs`. Call it
    /// before any thread starts (the log is opened with the invoking user's identity).
    pub fn state(&self, inputs: &[PathBuf]) -> Result<Option<Box<QuizState>>, String> {
        if !self.quiz {
            return Ok(None);
        }
        let seed = self.quiz_seed.unwrap_or_else(wirelab::quiz::seed_from_time);
        let log = match self.quiz_log.as_deref() {
            None => None,
            Some(path) => Some(open_log(path, inputs)?),
        };
        Ok(Some(Box::new(QuizState::new(seed, log))))
    }
}

fn open_log(path: &Path, inputs: &[PathBuf]) -> Result<Box<dyn std::io::Write + Send>, String> {
    let file =
        wirelab::os::output_file::create_for_invoker(path, inputs).map_err(|e| e.to_string())?;
    Ok(Box::new(file))
}
