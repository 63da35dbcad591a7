//! Every TUI screen at 80×24 and 120×40, rendered to ratatui's TestBackend from an app
//! driven by actions on tcp-echo.pcap.

mod common;

use wirelab::tui::action::Action;
use wirelab::tui::app::App;

fn app(size: (u16, u16), actions: Vec<Action>) -> App {
    let mut app = App::from_file(&common::capture("tcp-echo.pcap")).unwrap();
    // The title would otherwise hold this machine's path to the repository.
    app.title = "captures/tcp-echo.pcap".into();
    app.update(Action::Resize(size.0, size.1));
    for a in actions {
        app.update(a);
    }
    app
}

fn screen(app: &App) -> String {
    common::tui_screen(app)
}

macro_rules! both_sizes {
    ($name:ident, $actions:expr) => {
        #[test]
        fn $name() {
            for (w, h) in [(80, 24), (120, 40)] {
                let shown = screen(&app((w, h), $actions));
                insta::assert_snapshot!(format!("{}_{w}x{h}", stringify!($name)), shown);
            }
        }
    };
}

both_sizes!(conversations, vec![]);
both_sizes!(
    conversations_filtered,
    vec![
        Action::StartFilter,
        Action::FilterChar('s'),
        Action::FilterChar('f')
    ]
);
// The SYN-ACK: handshake 2/3.
both_sizes!(ladder_explanation, vec![Action::Open, Action::Step(true)]);
// The data segment's packet pane with the TCP source port selected.
both_sizes!(
    ladder_packet,
    vec![
        Action::Open,
        Action::Step(true),
        Action::Step(true),
        Action::Step(true),
        Action::Field(1)
    ]
);
// The last step of the teardown.
both_sizes!(ladder_teardown, vec![Action::Open, Action::Last]);
both_sizes!(help, vec![Action::Open, Action::ToggleHelp]);
// The packet list on the third frame, and its help.
both_sizes!(packets, vec![Action::Packets, Action::Move(2)]);
both_sizes!(packets_help, vec![Action::Packets, Action::ToggleHelp]);

/// A capture whose frame numbers reach six digits: a UDP question and answer, a refused
/// connection, then one connection (window scale 7 and 10 in the SYNs) of 50,000 data
/// segments each acknowledged, closed four-way: 100,011 frames.
fn six_digit_capture(path: &std::path::Path) {
    use etherparse::{PacketBuilder, TcpOptionElement};
    use wirelab::capture::{LinkType, PcapWriter, RawFrame, Timestamp};
    let (a, b) = ([10, 0, 0, 1], [10, 0, 0, 2]);
    let mut w = PcapWriter::create(path, LinkType::ETHERNET).unwrap();
    let eth = || PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2]);
    let c2s = |seq: u32, win: u16| eth().ipv4(a, b, 64).tcp(50000, 80, seq, win);
    let s2c = |seq: u32, win: u16| eth().ipv4(b, a, 64).tcp(80, 50000, seq, win);
    let udp = |src: [u8; 4], dst: [u8; 4], sp: u16, dp: u16, payload: &[u8]| {
        let mut v = Vec::new();
        eth()
            .ipv4(src, dst, 64)
            .udp(sp, dp)
            .write(&mut v, payload)
            .unwrap();
        v
    };
    let q = udp(a, b, 5353, 53, b"question");
    let r = udp(b, a, 53, 5353, b"answer");
    let mut n = 0u64;
    let mut raw = |v: &[u8]| {
        n += 1;
        let ts = Timestamp {
            secs: 1_700_000_000 + i64::try_from(n / 1000).unwrap(),
            nanos: u32::try_from(n % 1000).unwrap() * 1_000_000,
        };
        w.write(&RawFrame {
            number: n,
            link_type: LinkType::ETHERNET,
            ts,
            len: u32::try_from(v.len()).unwrap(),
            data: v,
            ts_fixed: false,
        })
        .unwrap();
    };
    let tcp = |builder: etherparse::PacketBuilderStep<etherparse::TcpHeader>, payload: &[u8]| {
        let mut v = Vec::new();
        builder.write(&mut v, payload).unwrap();
        v
    };
    raw(&q);
    raw(&r);
    raw(&tcp(
        eth().ipv4(a, b, 64).tcp(40001, 81, 7, 64240).syn(),
        &[],
    ));
    raw(&tcp(
        eth().ipv4(b, a, 64).tcp(81, 40001, 0, 0).rst().ack(8),
        &[],
    ));
    let (isn_c, isn_s) = (1_000_000u32, 2_000_000u32);
    let wscale = |s| [TcpOptionElement::WindowScale(s)];
    raw(&tcp(
        c2s(isn_c, 64240).syn().options(&wscale(7)).unwrap(),
        &[],
    ));
    raw(&tcp(
        s2c(isn_s, 65160)
            .syn()
            .ack(isn_c + 1)
            .options(&wscale(10))
            .unwrap(),
        &[],
    ));
    raw(&tcp(c2s(isn_c + 1, 502).ack(isn_s + 1), &[]));
    let data = b"0123456789";
    for i in 0..50_000u32 {
        let seq = isn_c + 1 + i * 10;
        raw(&tcp(c2s(seq, 502).psh().ack(isn_s + 1), data));
        raw(&tcp(s2c(isn_s + 1, 64).ack(seq + 10), &[]));
    }
    let end = isn_c + 1 + 500_000;
    raw(&tcp(c2s(end, 502).fin().ack(isn_s + 1), &[]));
    raw(&tcp(s2c(isn_s + 1, 64).ack(end + 1), &[]));
    raw(&tcp(s2c(isn_s + 1, 64).fin().ack(end + 1), &[]));
    raw(&tcp(c2s(end + 1, 502).ack(isn_s + 2), &[]));
    w.finish().unwrap();
}

#[test]
fn six_digit_frame_numbers_at_80_120_and_160_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("six-digit.pcap");
    six_digit_capture(&path);
    // Conversations: 1 the UDP exchange, 2 the refused SYN, 3 the long connection.
    let screens: [(&str, usize, &[Action]); 5] = [
        ("list", 0, &[]),
        ("udp", 0, &[Action::Open]),
        ("refused", 1, &[Action::Open]),
        // The last data segment: a six-digit frame number, a scaled window.
        (
            "data",
            2,
            &[
                Action::Open,
                Action::Last,
                Action::Step(false),
                Action::Step(false),
                Action::Step(false),
                Action::Step(false),
            ],
        ),
        ("end", 2, &[Action::Open, Action::Last]),
    ];
    for (w, h) in [(80, 24), (120, 40), (160, 50)] {
        for (name, down, actions) in &screens {
            let mut app = App::from_file(&path).unwrap();
            app.title = "six-digit.pcap".into();
            app.update(Action::Resize(w, h));
            app.update(Action::Move(isize::try_from(*down).unwrap()));
            for a in actions.iter() {
                app.update(copy(a));
            }
            let shown = screen(&app);
            insta::assert_snapshot!(format!("six_digit_{name}_{w}x{h}"), shown);
        }
    }
}

/// The actions these tests use, again (an `Action` may carry a batch, so it is not `Clone`).
fn copy(a: &Action) -> Action {
    match a {
        Action::Open => Action::Open,
        Action::Last => Action::Last,
        Action::Step(f) => Action::Step(*f),
        Action::Move(n) => Action::Move(*n),
        other => panic!("not used here: {other:?}"),
    }
}

// The follow pane of the echo conversation: both sides' turns, opened from the list.
both_sizes!(follow, vec![Action::Follow]);
// Opened from the ladder's data segment: the cursor on the chunk that frame carried.
both_sizes!(
    follow_from_ladder,
    vec![
        Action::Open,
        Action::Last,
        Action::Step(false),
        Action::Step(false),
        Action::Step(false),
        Action::Step(false),
        Action::Follow
    ]
);
both_sizes!(follow_help, vec![Action::Follow, Action::ToggleHelp]);
