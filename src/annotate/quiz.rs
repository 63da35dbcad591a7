//! Challenge mode's words: a question ([`crate::quiz::Question`]) as the student reads it,
//! its options, and the verdict with why, reusing the step explanations and the RFC 9293
//! state names the rest of wirelab prints.

use super::lang::Lang;
use super::words::{StatesNamed, step_explanation};
use crate::quiz::{Choice, Kind, Layer, LayerField, Question};
use crate::track::Dir;

/// The question, "Frame 3: who sends it?".
pub fn question_text(lang: Lang, q: &Question) -> String {
    let frame = q.frame.to_string();
    let id = match q.kind {
        Kind::Sender => "quiz-ask-sender",
        Kind::Flags => "quiz-ask-flags",
        Kind::Seq => "quiz-ask-seq",
        Kind::Ack => "quiz-ask-ack",
        Kind::Window => "quiz-ask-window",
        Kind::ClientState => "quiz-ask-client-state",
        Kind::ServerState => "quiz-ask-server-state",
        Kind::Layer(f) => {
            let field = lang.word(field_id(f));
            return lang.text("quiz-ask-layer", &[("frame", &frame), ("field", field)]);
        }
    };
    lang.text(id, &[("frame", &frame)])
}

fn field_id(f: LayerField) -> &'static str {
    match f {
        LayerField::Port => "quiz-field-port",
        LayerField::IpAddress => "quiz-field-ip_address",
        LayerField::Mac => "quiz-field-mac",
        LayerField::Ttl => "quiz-field-ttl",
        LayerField::Seq => "quiz-field-seq",
    }
}

/// An option as shown: "client", "SYN-ACK", "0", "SYN-SENT（同步已发送）", "transport layer".
pub fn choice_text(lang: Lang, c: Choice) -> String {
    match c {
        Choice::Side(Dir::C2S) => lang.word("quiz-side-client").to_owned(),
        Choice::Side(Dir::S2C) => lang.word("quiz-side-server").to_owned(),
        Choice::Flags(f) => f.as_text().to_string(),
        Choice::Number(n) => n.to_string(),
        Choice::State(s) => StatesNamed::default().name(lang, s).to_owned(),
        Choice::Layer(l) => lang
            .word(match l {
                Layer::Link => "quiz-layer-link",
                Layer::Internet => "quiz-layer-internet",
                Layer::Transport => "quiz-layer-transport",
                Layer::Application => "quiz-layer-application",
            })
            .to_owned(),
    }
}

/// Right or wrong (`chosen`: the option picked, `None` when skipped), then why, as lines.
pub fn verdict_lines(lang: Lang, q: &Question, chosen: Option<usize>) -> Vec<String> {
    let answer = choice_text(lang, q.answer());
    let head = match chosen {
        Some(i) if q.judge(i) => lang.text("quiz-right", &[]),
        Some(_) => lang.text("quiz-wrong", &[("answer", &answer)]),
        None => lang.text("quiz-skipped", &[("answer", &answer)]),
    };
    let mut lines = vec![head];
    lines.extend(why(lang, q));
    lines
}

/// Why the answer is what it is: the field's own rule, and for a handshake or teardown
/// step what the step does.
fn why(lang: Lang, q: &Question) -> Vec<String> {
    let tcp = q.tcp.as_ref();
    let step = tcp.and_then(|t| t.step);
    let step = match (step, tcp) {
        (Some(s), _) => Some(step_explanation(lang, &s).to_owned()),
        (None, Some(t)) if q.kind == Kind::Flags => Some(data_why(lang, t.payload_len)),
        _ => None,
    };
    let rule = match q.kind {
        Kind::Sender => Some(lang.text(
            match q.dir {
                Dir::C2S => "quiz-why-sender-c2s",
                Dir::S2C => "quiz-why-sender-s2c",
            },
            &[],
        )),
        Kind::Seq => Some(lang.text("quiz-why-seq", &[])),
        Kind::Ack => Some(lang.text("quiz-why-ack", &[])),
        Kind::Window => Some(lang.text("quiz-why-window", &[])),
        Kind::Layer(f) => Some(lang.text(&format!("quiz-why-layer-{}", f.name()), &[])),
        Kind::ClientState | Kind::ServerState => tcp.map(|t| {
            let mut named = StatesNamed::default();
            let client = named.name(lang, t.after[0]);
            let server = named.name(lang, t.after[1]);
            lang.text("quiz-why-states", &[("client", client), ("server", server)])
        }),
        Kind::Flags => None,
    };
    let mut lines: Vec<String> = rule.into_iter().collect();
    if !matches!(q.kind, Kind::Layer(_) | Kind::Window) {
        lines.extend(step);
    }
    lines
}

/// Why for a packet that is no step, given its data length: said after a flags question.
fn data_why(lang: Lang, bytes: u32) -> String {
    lang.text("quiz-why-data", &[("bytes", &bytes.to_string())])
}
