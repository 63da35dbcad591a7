use super::*;
use crate::pipeline::{ReadConfig, read};

/// The quiz's packets of captures/tcp-echo.pcap's one conversation, through the engine.
fn echo() -> Vec<QuizPacket> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("captures/tcp-echo.pcap");
    let config = ReadConfig {
        inputs: vec![path],
        ..ReadConfig::default()
    };
    let mut c = Collector::default();
    read(&config, &mut c, &mut std::io::sink(), &mut |e| {
        panic!("{e}")
    })
    .expect("read");
    let conn = c.first_conversation().expect("a conversation");
    c.conversation(conn)
}

fn all_questions(seed: u64) -> Vec<Question> {
    let mut quiz = Quiz::new(seed);
    echo().iter().flat_map(|p| quiz.questions(p)).collect()
}

#[test]
fn the_same_seed_gives_the_same_questions_and_another_seed_others() {
    let a = all_questions(7);
    assert_eq!(a, all_questions(7));
    assert!(a.len() >= 30, "{} questions", a.len());
    let differ = (1..20).any(|s| all_questions(s) != a);
    assert!(differ, "every seed gave the same quiz");
}

#[test]
fn the_right_option_is_always_among_distinct_options() {
    for seed in 0..50 {
        for q in all_questions(seed) {
            assert!(q.correct < q.options.len(), "{q:?}");
            for (i, o) in q.options.iter().enumerate() {
                assert!(!q.options[..i].contains(o), "option twice: {q:?}");
            }
            let want = if q.kind == Kind::Sender { 2 } else { 4 };
            assert_eq!(q.options.len(), want, "{q:?}");
            assert!(q.judge(q.correct));
            assert!(!q.judge((q.correct + 1) % q.options.len()));
        }
    }
}

#[test]
fn frame_one_of_tcp_echo_is_the_client_s_syn_with_seq_zero() {
    let packets = echo();
    let first = &packets[0];
    assert_eq!(first.frame, 1);
    let mut quiz = Quiz::new(1);
    let ask = |quiz: &mut Quiz, k| quiz.question(first, k).expect("applies").answer();
    assert_eq!(ask(&mut quiz, Kind::Sender), Choice::Side(Dir::C2S));
    assert_eq!(
        ask(&mut quiz, Kind::Flags),
        Choice::Flags(TcpFlags(TcpFlags::SYN))
    );
    assert_eq!(ask(&mut quiz, Kind::Seq), Choice::Number(0));
    assert_eq!(
        ask(&mut quiz, Kind::ClientState),
        Choice::State(TcpState::SynSent)
    );
    assert_eq!(ask(&mut quiz, Kind::Sender).key(), "client");
    // The second is the server's SYN-ACK, acknowledging the SYN's one number.
    let second = &packets[1];
    let q = quiz.question(second, Kind::Ack).expect("applies");
    assert_eq!(q.answer(), Choice::Number(1));
    let q = quiz.question(second, Kind::Sender).expect("applies");
    assert_eq!(q.answer(), Choice::Side(Dir::S2C));
}

#[test]
fn the_states_asked_are_the_tracker_s() {
    let mut quiz = Quiz::new(3);
    let packets = echo();
    for p in &packets {
        let t = p.tcp.as_ref().expect("tcp");
        let c = quiz
            .question(p, Kind::ClientState)
            .expect("applies")
            .answer();
        let s = quiz
            .question(p, Kind::ServerState)
            .expect("applies")
            .answer();
        assert_eq!(c, Choice::State(t.after[0]));
        assert_eq!(s, Choice::State(t.after[1]));
    }
    let last = packets.last().expect("packets").tcp.as_ref().expect("tcp");
    // The echo closes: the active closer waits in TIME-WAIT, the passive one is done.
    assert!(last.after.contains(&TcpState::TimeWait), "{:?}", last.after);
}

#[test]
fn layer_questions_name_the_layer_that_adds_the_field() {
    let packets = echo();
    let mut quiz = Quiz::new(9);
    let mut seen = Vec::new();
    for _ in 0..200 {
        let q = quiz
            .question(&packets[0], Kind::Layer(LayerField::Port))
            .expect("applies");
        let Kind::Layer(f) = q.kind else {
            panic!("{q:?}")
        };
        let want = match f {
            LayerField::Port | LayerField::Seq => Layer::Transport,
            LayerField::IpAddress | LayerField::Ttl => Layer::Internet,
            LayerField::Mac => Layer::Link,
        };
        assert_eq!(q.answer(), Choice::Layer(want));
        if !seen.contains(&f) {
            seen.push(f);
        }
    }
    assert_eq!(seen.len(), 5, "every field drawn: {seen:?}");
}

#[test]
fn the_log_writes_one_whole_json_line_per_answer_and_a_score() {
    let qs = all_questions(5);
    let mut out = Vec::new();
    let mut log = log::QuizLog::new(&mut out, 5);
    let mut score = Score::default();
    log.answer(&qs[0], Some(qs[0].correct)).expect("write");
    score.count(Some(true));
    log.answer(&qs[1], None).expect("write");
    score.count(None);
    log.score(&score).expect("write");
    let text = String::from_utf8(out).expect("utf-8");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["type"], "quiz_answer");
    assert_eq!(lines[0]["question"], "sender");
    assert_eq!(lines[0]["answer"], "client");
    assert_eq!(lines[0]["right"], true);
    assert_eq!(lines[1]["skipped"], true);
    assert_eq!(lines[1]["answer"], serde_json::Value::Null);
    assert_eq!(lines[2]["type"], "quiz_score");
    assert_eq!(lines[2]["right"], 1);
    assert_eq!(lines[2]["skipped"], 1);
    assert_eq!(lines[2]["seed"], 5);
}
