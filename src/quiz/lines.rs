//! The quiz on plain lines, for a classroom's scripts and for terminals without the TUI:
//! `wirelab tui FILE --quiz` with standard input not a terminal. Each question and its
//! options are printed, one answer is read a line (`1`–`4` or `a`–`d`; `s` or an empty line
//! skips), then right or wrong and why; the score at the end.

use std::io::{self, BufRead, Write};

use super::log::QuizLog;
use super::{Collector, Quiz, Score};
use crate::annotate::lang::Lang;
use crate::annotate::quiz::{choice_text, question_text, verdict_lines};

/// Asks every question about every conversation of `packets`, in the order they first
/// appear, reading answers from `input`; an input that ends skips the rest. Returns the
/// score (also written to `log`, after each answer).
pub fn run<W: Write>(
    packets: &Collector,
    quiz: &mut Quiz,
    lang: Lang,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    mut log: Option<&mut QuizLog<W>>,
) -> io::Result<Score> {
    let mut score = Score::default();
    let mut convs: Vec<u64> = Vec::new();
    for (c, _) in &packets.packets {
        if !convs.contains(c) {
            convs.push(*c);
        }
    }
    let mut line = String::new();
    for conn in convs {
        for p in packets.conversation(conn) {
            for q in quiz.questions(&p) {
                writeln!(out, "{}", question_text(lang, &q))?;
                for (i, o) in q.options.iter().enumerate() {
                    let key = char::from(b'a' + i as u8);
                    writeln!(out, "  {}/{key}  {}", i + 1, choice_text(lang, *o))?;
                }
                out.flush()?;
                line.clear();
                input.read_line(&mut line)?;
                let chosen = parse(line.trim()).filter(|i| *i < q.options.len());
                score.count(chosen.map(|i| q.judge(i)));
                if let Some(log) = log.as_deref_mut() {
                    log.answer(&q, chosen)?;
                }
                for text in verdict_lines(lang, &q, chosen) {
                    writeln!(out, "  {text}")?;
                }
                writeln!(out)?;
            }
        }
    }
    if let Some(log) = log {
        log.score(&score)?;
    }
    let n = |v: u32| v.to_string();
    let total = lang.text(
        "quiz-score-line",
        &[
            ("right", &n(score.right)),
            ("asked", &n(score.asked())),
            ("wrong", &n(score.wrong)),
            ("skipped", &n(score.skipped)),
        ],
    );
    writeln!(out, "{total}")?;
    writeln!(
        out,
        "{}",
        lang.text("quiz-score-seed", &[("seed", &quiz.seed().to_string())])
    )?;
    out.flush()?;
    Ok(score)
}

/// An answer line: `1`–`4` or `a`–`d` (either case); anything else is a skip.
fn parse(answer: &str) -> Option<usize> {
    match answer.as_bytes() {
        [c @ b'1'..=b'4'] => Some(usize::from(c - b'1')),
        [c @ b'a'..=b'd'] => Some(usize::from(c - b'a')),
        [c @ b'A'..=b'D'] => Some(usize::from(c - b'A')),
        _ => None,
    }
}
