//! `--quiz`, `--quiz-seed N`, `--quiz-log FILE` of `wirelab tui` and `wirelab lab`: the
//! flags, and the quiz's state made from them before the TUI starts (the log opened as the
//! user behind sudo, see [`wirelab::os::output_file`]).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use wirelab::annotate::lang::Lang;
use wirelab::pipeline::{ReadConfig, read};
use wirelab::quiz::log::QuizLog;
use wirelab::quiz::{Collector, Quiz};
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
        let log = self.log(inputs)?;
        Ok(Some(Box::new(QuizState::new(self.seed(), log))))
    }

    fn seed(&self) -> u64 {
        self.quiz_seed.unwrap_or_else(wirelab::quiz::seed_from_time)
    }

    /// The `--quiz-log` file, opened (as the user behind sudo) when given.
    pub fn log(&self, inputs: &[PathBuf]) -> Result<Option<Box<dyn Write + Send>>, String> {
        self.quiz_log
            .as_deref()
            .map(|path| open_log(path, inputs))
            .transpose()
    }

    /// The quiz on lines (`--quiz` with standard input not a terminal, see
    /// [`wirelab::quiz::lines`]): every conversation of `config`'s input, the answers to
    /// `log` (opened by [`QuizArgs::log`]).
    pub fn on_lines(
        &self,
        config: &ReadConfig,
        log: Option<Box<dyn Write + Send>>,
        lang: Lang,
    ) -> Result<(), String> {
        let mut packets = Collector::default();
        read(config, &mut packets, &mut std::io::sink(), &mut |e| {
            eprintln!("wirelab: {e}")
        })
        .map_err(|e| e.to_string())?;
        self.ask_lines(&packets, log, lang)
    }

    /// The quiz on lines over `packets` (the lab's run, when its standard input is not a
    /// terminal), the log opened before the run.
    pub fn ask_lines(
        &self,
        packets: &Collector,
        log: Option<Box<dyn Write + Send>>,
        lang: Lang,
    ) -> Result<(), String> {
        let seed = self.seed();
        let mut log = log.map(|w| QuizLog::new(w, seed));
        let mut quiz = Quiz::new(seed);
        let stdin = std::io::stdin();
        let stdout = std::io::stdout();
        wirelab::quiz::lines::run(
            packets,
            &mut quiz,
            lang,
            &mut stdin.lock(),
            &mut stdout.lock(),
            log.as_mut(),
        )
        .map(|_| ())
        .map_err(|e| e.to_string())
    }
}

fn open_log(path: &Path, inputs: &[PathBuf]) -> Result<Box<dyn Write + Send>, String> {
    let file =
        wirelab::os::output_file::create_for_invoker(path, inputs).map_err(|e| e.to_string())?;
    Ok(Box::new(file))
}
