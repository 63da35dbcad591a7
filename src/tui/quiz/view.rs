//! The question box over the ladder's lower panes, the score in the title line, and the
//! score screen at the end.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::QuizState;
use crate::annotate::lang::Lang;
use crate::annotate::quiz::{choice_text, question_text, verdict_lines};
use crate::tui::app::{App, Pane, Screen};
use crate::tui::view::{Theme, fit, layout};

/// Draws the quiz over the ladder screen, when the open conversation is being quizzed.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let Some(q) = &app.quiz else { return };
    if app.screen != Screen::Ladder || q.conv != Some(app.ladder.conv) {
        return;
    }
    let a = layout::ladder(area, app.ladder.pane == Pane::Packet);
    if q.finished {
        // The score screen says the score; the title line is the conversation's again, whole.
        score_screen(frame, area, q, app.lang, theme);
        return;
    }
    score_in_title(frame, a.title, q, app.lang, theme);
    let lower = match (a.explanation, a.packet) {
        (Some(e), Some(p)) => e.union(p),
        (Some(r), None) | (None, Some(r)) => r,
        (None, None) => a.ladder,
    };
    frame.render_widget(Clear, lower);
    question_box(frame, lower, q, app.lang, theme);
}

/// "quiz 3/5" at the right of the title line.
fn score_in_title(frame: &mut Frame<'_>, title: Rect, q: &QuizState, lang: Lang, theme: &Theme) {
    let text = lang.text(
        "quiz-title-score",
        &[
            ("right", &q.score.right.to_string()),
            ("asked", &q.score.asked().to_string()),
        ],
    );
    let width = u16::try_from(crate::annotate::text::display_width(&text) + 2).unwrap_or(0);
    let [_, right] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(width)]).areas(title);
    frame.render_widget(Clear, right);
    frame.render_widget(
        Paragraph::new(Span::styled(format!(" {text} "), theme.focus)),
        right,
    );
}

fn question_box(frame: &mut Frame<'_>, r: Rect, q: &QuizState, lang: Lang, theme: &Theme) {
    let Some(question) = q.current() else {
        let block = Block::bordered();
        let text = lang.text("quiz-waiting", &[]);
        frame.render_widget(Paragraph::new(text).block(block), r);
        return;
    };
    let mut lines = vec![Line::from(Span::styled(
        question_text(lang, question),
        theme.title,
    ))];
    // Two options a line: the box has room for the verdict and why below them.
    let column = usize::from(r.width.saturating_sub(2) / 2);
    for (pair, options) in question.options.chunks(2).enumerate() {
        let mut spans = Vec::new();
        for (j, option) in options.iter().enumerate() {
            let i = pair * 2 + j;
            let key = format!("{}/{}", i + 1, char::from(b'a' + i as u8));
            let mark = match q.chosen {
                Some(_) if i == question.correct => ("✓ ", theme.event),
                Some(Some(c)) if c == i => ("✗ ", theme.error),
                _ => ("  ", Style::new()),
            };
            let text = choice_text(lang, *option);
            let text = if j == 0 {
                fit(&text, column.saturating_sub(7))
            } else {
                text
            };
            spans.push(Span::styled(mark.0, mark.1));
            spans.push(Span::styled(format!("{key}  "), theme.key));
            spans.push(Span::styled(text, mark.1));
        }
        lines.push(Line::from(spans));
    }
    let keys = match q.chosen {
        Some(chosen) => {
            for (n, text) in verdict_lines(lang, question, chosen)
                .into_iter()
                .enumerate()
            {
                let style = match (n, chosen) {
                    (0, Some(c)) if question.judge(c) => theme.event,
                    (0, _) => theme.error,
                    _ => Style::new(),
                };
                lines.push(Line::from(Span::styled(text, style)));
            }
            "quiz-box-keys-next"
        }
        None => "quiz-box-keys-answer",
    };
    if let Some(e) = &q.log_error {
        let text = lang.text("quiz-log-failed", &[("reason", e)]);
        lines.push(Line::from(Span::styled(text, theme.error)));
    }
    let title = lang.text(
        "quiz-box-title",
        &[
            ("n", &(q.index + 1).to_string()),
            ("count", &q.pending.len().to_string()),
            ("frame", &question.frame.to_string()),
        ],
    );
    let block = Block::bordered()
        .title(format!(" {title} "))
        .title_bottom(Line::from(format!(" {} ", lang.text(keys, &[]))).style(theme.key));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        r,
    );
}

fn score_screen(frame: &mut Frame<'_>, area: Rect, q: &QuizState, lang: Lang, theme: &Theme) {
    let s = &q.score;
    let n = |v: u32| v.to_string();
    let line = lang.text(
        "quiz-score-line",
        &[
            ("right", &n(s.right)),
            ("asked", &n(s.asked())),
            ("wrong", &n(s.wrong)),
            ("skipped", &n(s.skipped)),
        ],
    );
    let seed = lang.text("quiz-score-seed", &[("seed", &q.seed().to_string())]);
    let lines = vec![
        Line::from(Span::styled(line, theme.title.add_modifier(Modifier::BOLD))),
        Line::from(""),
        Line::from(seed),
        Line::from(""),
        Line::from(Span::styled(lang.text("quiz-score-keys", &[]), theme.key)),
    ];
    let [row] = Layout::vertical([Constraint::Length(7)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(area.width.min(72))])
        .flex(Flex::Center)
        .areas(row);
    frame.render_widget(Clear, popup);
    let title = format!(" {} ", lang.text("quiz-score-title", &[]));
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(title)),
        popup,
    );
}
