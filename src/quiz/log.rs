//! `--quiz-log FILE`: the answers as JSON Lines a teacher can collect, one
//! `{"type":"quiz_answer",...}` per answer and a `{"type":"quiz_score",...}` when a quiz
//! ends (see docs/json.md). Each line is written whole and flushed, so a quiz cut short
//! leaves every answer given so far. The values are language-independent ([`Choice::key`]).

use std::io::{self, Write};

use serde::Serialize;

use super::{Choice, Kind, Question, Score};

#[derive(Serialize)]
struct AnswerRecord {
    r#type: &'static str,
    frame: u64,
    question: &'static str,
    /// For a layer question, the field asked about.
    field: Option<&'static str>,
    /// The options offered, in the order shown.
    asked: Vec<String>,
    /// The option chosen; null when skipped.
    answer: Option<String>,
    correct: String,
    right: bool,
    skipped: bool,
    seed: u64,
}

#[derive(Serialize)]
struct ScoreRecord {
    r#type: &'static str,
    asked: u32,
    right: u32,
    wrong: u32,
    skipped: u32,
    seed: u64,
}

/// Writes the records to `out`.
pub struct QuizLog<W: Write> {
    out: W,
    seed: u64,
}

impl<W: Write> QuizLog<W> {
    pub fn new(out: W, seed: u64) -> QuizLog<W> {
        QuizLog { out, seed }
    }

    /// One answer: option `chosen` of `q`, or `None` when the student skipped it.
    pub fn answer(&mut self, q: &Question, chosen: Option<usize>) -> io::Result<()> {
        let field = match q.kind {
            Kind::Layer(f) => Some(f.name()),
            _ => None,
        };
        let answer = chosen.and_then(|i| q.options.get(i)).map(|c| c.key());
        let record = AnswerRecord {
            r#type: "quiz_answer",
            frame: q.frame,
            question: q.kind.name(),
            field,
            asked: q.options.iter().map(|c: &Choice| c.key()).collect(),
            answer,
            correct: q.answer().key(),
            right: chosen.is_some_and(|i| q.judge(i)),
            skipped: chosen.is_none(),
            seed: self.seed,
        };
        self.line(&record)
    }

    /// The score at the end of a quiz.
    pub fn score(&mut self, s: &Score) -> io::Result<()> {
        let record = ScoreRecord {
            r#type: "quiz_score",
            asked: s.asked(),
            right: s.right,
            wrong: s.wrong,
            skipped: s.skipped,
            seed: self.seed,
        };
        self.line(&record)
    }

    fn line(&mut self, record: &impl Serialize) -> io::Result<()> {
        let mut bytes = serde_json::to_vec(record).map_err(io::Error::other)?;
        bytes.push(b'\n');
        self.out.write_all(&bytes)?;
        self.out.flush()
    }
}
