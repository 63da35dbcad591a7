//! Challenge mode (`wirelab tui FILE --quiz`): keys → actions → state through the whole
//! tcp-echo conversation with a fixed seed, right, wrong and skipped answers; the score, the
//! question box and the score screen at 80×24, and the `--quiz-log` JSON Lines.

mod common;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wirelab::tui::action::{Action, from_key};
use wirelab::tui::app::{App, Screen};
use wirelab::tui::quiz::QuizState;
use wirelab::tui::view::{self, Theme};

const SEED: u64 = 1;

fn quiz_app(log: Option<std::fs::File>) -> App {
    let mut app = App::from_file(&common::capture("tcp-echo.pcap")).unwrap();
    app.title = "captures/tcp-echo.pcap".into();
    app.update(Action::Resize(80, 24));
    let log = log.map(|f| Box::new(f) as Box<dyn std::io::Write + Send>);
    app.quiz = Some(Box::new(QuizState::new(SEED, log)));
    app
}

fn press(app: &mut App, code: KeyCode) {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(a) = from_key(key, app.key_mode()) {
        app.update(a);
    }
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| view::draw(f, app, &Theme::new(false)))
        .unwrap();
    terminal.backend().to_string()
}

fn quiz(app: &App) -> &QuizState {
    app.quiz.as_deref().expect("a quiz")
}

/// The n-th question's answer: right by number, right by letter, wrong, or skipped.
fn answer(app: &mut App, n: usize) -> Option<bool> {
    let q = quiz(app).current().expect("a question").clone();
    let wrong = (q.correct + 1) % q.options.len();
    match n % 4 {
        0 => press(app, KeyCode::Char(char::from(b'1' + q.correct as u8))),
        1 => press(app, KeyCode::Char(char::from(b'a' + q.correct as u8))),
        2 => press(app, KeyCode::Char(char::from(b'1' + wrong as u8))),
        _ => press(app, KeyCode::Char('s')),
    }
    match n % 4 {
        0 | 1 => Some(true),
        2 => Some(false),
        _ => None,
    }
}

#[test]
fn a_whole_conversation_answered_right_wrong_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("quiz.jsonl");
    let mut app = quiz_app(Some(std::fs::File::create(&log_path).unwrap()));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Ladder);
    assert_eq!(app.shown_rows(), 0, "no packet shown before its questions");
    // Before an answer, going on and jumping ahead do nothing.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('G'));
    assert_eq!(app.shown_rows(), 0);
    assert_eq!(quiz(&app).index, 0);

    let (mut right, mut wrong, mut skipped, mut n) = (0, 0, 0, 0);
    let mut first_box = None;
    while !quiz(&app).finished {
        let revealed = app.shown_rows();
        match answer(&mut app, n) {
            Some(true) => right += 1,
            Some(false) => wrong += 1,
            None => skipped += 1,
        }
        // A second answer to the same question counts nothing.
        press(&mut app, KeyCode::Char('1'));
        if n == 2 {
            first_box = Some(screen(&app));
        }
        let last_of_packet = quiz(&app).index + 1 == quiz(&app).pending.len();
        press(&mut app, KeyCode::Enter);
        let want = if last_of_packet {
            revealed + 1
        } else {
            revealed
        };
        assert_eq!(app.shown_rows(), want, "question {n}");
        n += 1;
        assert!(n < 100, "the quiz does not end");
    }
    assert_eq!(app.shown_rows(), 11, "every packet revealed");
    let score = quiz(&app).score;
    assert_eq!(
        (score.right, score.wrong, score.skipped),
        (right, wrong, skipped)
    );
    assert_eq!(score.asked(), 33, "three questions for each of 11 packets");

    insta::assert_snapshot!("quiz_question_answered_wrong_80x24", first_box.unwrap());
    insta::assert_snapshot!("quiz_score_80x24", screen(&app));

    press(&mut app, KeyCode::Char('q'));
    assert!(app.quit);
    let text = std::fs::read_to_string(&log_path).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a whole JSON line"))
        .collect();
    let answers: Vec<_> = lines
        .iter()
        .filter(|l| l["type"] == "quiz_answer")
        .collect();
    assert_eq!(answers.len(), 33);
    assert_eq!(answers[0]["frame"], 1);
    assert_eq!(answers[0]["question"], "sender");
    assert_eq!(answers[0]["correct"], "client");
    assert_eq!(answers[0]["answer"], "client");
    assert_eq!(answers[0]["right"], true);
    assert_eq!(answers[1]["question"], "flags");
    assert_eq!(answers[1]["correct"], "SYN");
    assert_eq!(answers[2]["right"], false);
    assert_eq!(answers[3]["skipped"], true);
    assert!(answers.iter().all(|a| a["seed"] == SEED));
    let rights = answers.iter().filter(|a| a["right"] == true).count();
    assert_eq!(rights as u32, right);
    // The score once at the end of the conversation; quitting after it adds none.
    let scores: Vec<_> = lines.iter().filter(|l| l["type"] == "quiz_score").collect();
    assert_eq!(scores.len(), 1, "{text}");
    assert_eq!(scores[0]["right"], right);
    assert_eq!(scores[0]["wrong"], wrong);
    assert_eq!(scores[0]["skipped"], skipped);
    assert_eq!(scores[0]["asked"], 33);
}

/// The conversation list of a quiz does not give its answers away: no Zeek state, no
/// verdicts, no packet counts; without a quiz they are there.
#[test]
fn the_list_keeps_the_answers_back_while_a_quiz_runs() {
    let app = quiz_app(None);
    let shown = screen(&app);
    let line = shown
        .lines()
        .find(|l| l.contains("127.0.0.1:8001"))
        .unwrap();
    assert!(!line.contains("SF") && !line.contains("6/5"), "{line}");
    assert!(line.contains('?'), "{line}");
    let mut plain = App::from_file(&common::capture("tcp-echo.pcap")).unwrap();
    plain.update(Action::Resize(80, 24));
    let plain = screen(&plain);
    let line = plain
        .lines()
        .find(|l| l.contains("127.0.0.1:8001"))
        .unwrap();
    assert!(line.contains("SF") && line.contains("6/5"), "{line}");
}

#[test]
fn the_same_seed_asks_the_same_questions() {
    let asked = |seed| {
        let mut app = App::from_file(&common::capture("tcp-echo.pcap")).unwrap();
        app.quiz = Some(Box::new(QuizState::new(seed, None)));
        app.update(Action::Open);
        let mut out = Vec::new();
        while !quiz(&app).finished {
            out.push(quiz(&app).current().unwrap().clone());
            press(&mut app, KeyCode::Char('s'));
            press(&mut app, KeyCode::Char(' '));
        }
        out
    };
    assert_eq!(asked(4), asked(4));
    assert!((5..15).any(|s| asked(s) != asked(4)));
}

#[test]
fn without_a_quiz_the_quiz_keys_change_nothing() {
    let mut app = App::from_file(&common::capture("tcp-echo.pcap")).unwrap();
    app.update(Action::Open);
    let step = app.ladder.step;
    for c in ['1', 'a', 's'] {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.ladder.step, step);
    assert_eq!(app.shown_rows(), usize::MAX);
}

#[test]
fn the_question_box_in_chinese() {
    let mut app = quiz_app(None);
    app.lang = wirelab::annotate::lang::Lang::Zh;
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('1'));
    let shown = screen(&app);
    assert!(shown.contains("由哪一端发送"), "{shown}");
    assert!(shown.contains("答对了"), "{shown}");
    assert!(shown.contains("测验 1/1"), "{shown}");
}

#[test]
fn help_in_a_quiz_lists_its_keys_and_still_fits_at_80x24() {
    let mut app = quiz_app(None);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('?'));
    let shown = screen(&app);
    for want in [
        "Quiz (--quiz)",
        "skip the question",
        "Enter  space",
        "Esc  Backspace",
    ] {
        assert!(shown.contains(want), "{want:?} not in\n{shown}");
    }
}

/// Runs `wirelab ARGS` with `answers` on standard input (a pipe, not a terminal).
fn piped(args: &[&str], answers: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = common::wirelab_command()
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(answers.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn answers_piped_to_the_quiz_are_judged_on_lines() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("answers.jsonl");
    let log_arg = log.to_str().unwrap();
    // Seed 1: the sender of frame 1 is option 1, its flags (SYN) option 4.
    let args = [
        "tui",
        "captures/tcp-echo.pcap",
        "--quiz",
        "--quiz-seed",
        "1",
        "--quiz-log",
        log_arg,
    ];
    let out = piped(&args, "1\nd\n1\nx\n");
    assert!(out.status.success(), "{}", common::stderr(&out));
    let text = common::stdout(&out);
    assert!(
        text.starts_with("Frame 1: who sends it?\n  1/a  client\n  2/b  server\n  Right."),
        "{text}"
    );
    assert!(text.contains("  4/d  SYN\n  Right."), "{text}");
    assert!(text.contains("  Wrong: the answer is 0."), "{text}");
    assert!(
        text.contains("2 of 33 right, 1 wrong, 30 skipped"),
        "{text}"
    );
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 34);
    assert_eq!(lines[1]["question"], "flags");
    assert_eq!(lines[1]["answer"], "SYN");
    assert_eq!(lines[3]["skipped"], true, "x is no answer: skipped");
    assert_eq!(lines[33]["type"], "quiz_score");
    assert_eq!(lines[33]["right"], 2);
    // The same seed asks the same questions.
    let again = piped(&args[..5], "1\nd\n1\nx\n");
    assert_eq!(common::stdout(&again), text);
}

#[test]
fn a_lab_run_is_quizzed_on_lines_without_a_terminal() {
    if !common::root_or_skip("a_lab_run_is_quizzed_on_lines_without_a_terminal") {
        return;
    }
    let out = piped(&["lab", "tcp-echo", "--quiz", "--quiz-seed", "2"], "1\n");
    assert!(out.status.success(), "{}", common::stderr(&out));
    let text = common::stdout(&out);
    assert!(text.starts_with("Frame 1: who sends it?"), "{text}");
    // The kernel decides how many packets the run has: one right, the rest skipped.
    assert!(
        text.contains("\n1 of ") && text.contains(" right, 0 wrong, "),
        "{text}"
    );
}

#[test]
fn a_udp_conversation_is_asked_its_sender_and_a_layer() {
    let mut app = App::from_file(&common::capture("udp-echo.pcap")).unwrap();
    app.quiz = Some(Box::new(QuizState::new(3, None)));
    press(&mut app, KeyCode::Enter);
    let packets = app.current().unwrap().len();
    let mut kinds = Vec::new();
    while !quiz(&app).finished {
        let q = quiz(&app).current().expect("a question").clone();
        kinds.push(q.kind.name());
        press(&mut app, KeyCode::Char(char::from(b'1' + q.correct as u8)));
        press(&mut app, KeyCode::Enter);
        assert!(kinds.len() < 100);
    }
    assert_eq!(kinds.len(), 2 * packets, "{kinds:?}");
    assert!(kinds.iter().step_by(2).all(|k| *k == "sender"), "{kinds:?}");
    assert!(
        kinds.iter().skip(1).step_by(2).all(|k| *k == "layer"),
        "{kinds:?}"
    );
    assert_eq!(quiz(&app).score.right as usize, kinds.len());
}
