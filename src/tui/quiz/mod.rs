//! Challenge mode in the TUI (`wirelab tui FILE --quiz`): in an open conversation the
//! ladder shows only the packets already revealed; before the next one, a question box asks
//! about it ([`crate::quiz`]), says right or wrong and why, and only then the packet is
//! drawn. The score is in the title and, when the conversation's packets are all revealed,
//! on a score screen. Keys become [`QuizKey`] actions; `App::quiz_intercept` runs before
//! the app's own update, so the rest of the TUI knows nothing of the quiz but
//! [`App::shown_rows`].

pub mod view;

use std::io::Write;

use super::action::Action;
use super::app::{App, Screen};
use super::model::Row;
use crate::decode::decode;
use crate::quiz::log::QuizLog;
use crate::quiz::{Question, Quiz, QuizPacket, Score, TcpFacts, has_mac};

/// The quiz's keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuizKey {
    /// Option 0–3 (keys 1–4 or a–d).
    Choose(usize),
    /// `s`.
    Skip,
    /// Enter (Space and → too): the next question, or the packet once its questions are done.
    Next,
}

/// Where the quiz is.
pub struct QuizState {
    quiz: Quiz,
    /// The conversation being quizzed.
    pub conv: Option<u64>,
    /// Rows of it revealed on the ladder.
    pub revealed: usize,
    /// The questions about row `revealed`.
    pub pending: Vec<Question>,
    /// The one asked now.
    pub index: usize,
    /// Its answer once given: the option, or `None` when skipped.
    pub chosen: Option<Option<usize>>,
    pub score: Score,
    /// Every packet of the conversation is revealed: the score screen.
    pub finished: bool,
    log: Option<QuizLog<Box<dyn Write + Send>>>,
    /// The score has been logged since the last answer.
    score_logged: bool,
    /// Why the log could not be written (shown in the box; the quiz goes on).
    pub log_error: Option<String>,
}

/// Bytes read of a frame for its window field and link layer.
const HEADERS_READ: u32 = 640;

impl QuizState {
    /// A quiz drawn from `seed`, its answers written to `log` when given.
    pub fn new(seed: u64, log: Option<Box<dyn Write + Send>>) -> QuizState {
        QuizState {
            quiz: Quiz::new(seed),
            conv: None,
            revealed: 0,
            pending: Vec::new(),
            index: 0,
            chosen: None,
            score: Score::default(),
            finished: false,
            log: log.map(|w| QuizLog::new(w, seed)),
            score_logged: true,
            log_error: None,
        }
    }

    pub fn seed(&self) -> u64 {
        self.quiz.seed()
    }

    /// The question asked now.
    pub fn current(&self) -> Option<&Question> {
        self.pending.get(self.index)
    }

    fn answer(&mut self, chosen: Option<usize>) {
        let Some(q) = self.pending.get(self.index) else {
            return;
        };
        if self.chosen.is_some() || chosen.is_some_and(|i| i >= q.options.len()) {
            return;
        }
        self.chosen = Some(chosen);
        self.score.count(chosen.map(|i| q.judge(i)));
        self.score_logged = false;
        if let Some(log) = &mut self.log
            && let Err(e) = log.answer(q, chosen)
        {
            self.log_error = Some(e.to_string());
        }
    }

    /// Writes the score record, once after the last answer.
    fn log_score(&mut self) {
        if self.score_logged {
            return;
        }
        self.score_logged = true;
        if let Some(log) = &mut self.log
            && let Err(e) = log.score(&self.score)
        {
            self.log_error = Some(e.to_string());
        }
    }
}

impl App {
    /// A quiz is running on the open ladder: its titles keep back what would answer it
    /// (how the conversation ends, how many packets it has).
    pub fn quiz_hides_answers(&self) -> bool {
        self.quiz.as_ref().is_some_and(|q| {
            !q.finished && q.conv == Some(self.ladder.conv) && self.screen == Screen::Ladder
        })
    }

    /// Rows of the open conversation the ladder may draw: all of them, except in a quiz.
    pub fn shown_rows(&self) -> usize {
        match &self.quiz {
            Some(q) if q.conv == Some(self.ladder.conv) && self.screen == Screen::Ladder => {
                q.revealed
            }
            _ => usize::MAX,
        }
    }

    /// The quiz's part of [`App::update`]: takes the actions it answers, and those that
    /// would show a packet before its questions (the last packet, the next event, the
    /// follow pane...); gives back the others.
    pub(super) fn quiz_intercept(&mut self, action: Action) -> Option<Action> {
        let Some(q) = &mut self.quiz else {
            return Some(action);
        };
        if matches!(action, Action::Quit) {
            q.log_score();
        }
        if self.screen != Screen::Ladder || self.help || q.conv != Some(self.ladder.conv) {
            return Some(action);
        }
        match action {
            Action::Quiz(QuizKey::Choose(i)) => q.answer(Some(i)),
            Action::Quiz(QuizKey::Skip) => q.answer(None),
            Action::Quiz(QuizKey::Next) | Action::Step(true) | Action::Move(1) => self.quiz_next(),
            Action::Page(_)
            | Action::Last
            | Action::Event(_)
            | Action::Follow
            | Action::Packets
            | Action::Click(..)
            | Action::Scroll(..) => {}
            other => return Some(other),
        }
        None
    }

    /// After the app's update: a conversation just opened starts its quiz, and the ladder's
    /// step stays among the revealed rows.
    pub(super) fn quiz_after(&mut self) {
        let Some(q) = &mut self.quiz else { return };
        if self.screen != Screen::Ladder {
            return;
        }
        if q.conv != Some(self.ladder.conv) {
            q.conv = Some(self.ladder.conv);
            q.revealed = 0;
            q.finished = false;
            self.quiz_prepare();
        } else if q.pending.is_empty() && !q.finished {
            // Rows that arrived since (a live source): the waiting question comes.
            self.quiz_prepare();
        }
        let limit = self.quiz.as_ref().map_or(0, |q| q.revealed);
        if self.ladder.step >= limit && limit > 0 {
            self.ladder.step = limit - 1;
            self.ladder.top = self.ladder.top.min(self.ladder.step);
            self.load_packet();
        }
    }

    /// Enter: the next question, or, after the packet's last one, the packet revealed and
    /// the next packet's questions.
    fn quiz_next(&mut self) {
        let Some(q) = &mut self.quiz else { return };
        if q.finished {
            return;
        }
        if q.pending.is_empty() {
            // Waiting for a packet the source had not given yet.
            self.quiz_prepare();
            return;
        }
        if q.chosen.is_none() {
            return;
        }
        q.chosen = None;
        q.index += 1;
        if q.index < q.pending.len() {
            return;
        }
        q.revealed += 1;
        let step = q.revealed - 1;
        self.ladder.step = step;
        self.load_packet();
        self.quiz_prepare();
    }

    /// The questions about the next row to reveal; the score screen when there is none
    /// and none will come.
    fn quiz_prepare(&mut self) {
        let Some(revealed) = self.quiz.as_ref().map(|q| q.revealed) else {
            return;
        };
        let row = self.current().and_then(|v| v.row(revealed));
        let packet = row.map(|r| self.quiz_packet(&r));
        let done = self.progress.done || self.current().is_some_and(|v| v.ended);
        let Some(q) = &mut self.quiz else { return };
        q.index = 0;
        q.chosen = None;
        q.pending = packet.map_or_else(Vec::new, |p| q.quiz.questions(&p));
        if q.pending.is_empty() && done {
            q.finished = true;
            q.log_score();
        }
    }

    /// What the quiz asks about `row`: its tracked facts, and from its bytes the window
    /// field and whether it has MAC addresses.
    fn quiz_packet(&self, row: &Row) -> QuizPacket {
        let bytes = self
            .store
            .read_at(row.at, row.caplen.min(HEADERS_READ))
            .unwrap_or_default();
        let packet = decode(row.link_type, &bytes, row.len);
        let window = packet.tcp().map_or(0, |t| t.window);
        QuizPacket {
            frame: row.frame,
            dir: row.dir,
            has_mac: has_mac(&packet),
            tcp: row.tcp().map(|t| TcpFacts {
                flags: t.flags,
                seq: t.seq,
                ack: t.ack,
                payload_len: t.payload_len,
                window,
                after: t.after,
                step: t.step,
            }),
        }
    }
}
