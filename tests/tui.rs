//! The TUI without a terminal: keys go through the same mapping the terminal loop uses
//! (`action::from_key`) into `App::update`, on the shipped captures.

mod common;

use std::sync::mpsc::channel;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wirelab::annotate::lang::Lang;
use wirelab::capture::{FileSource, FrameSource};
use wirelab::engine::{Engine, LiveView};
use wirelab::render::CallNote;
use wirelab::track::Role;
use wirelab::track::{Dir, Step, TcpState};
use wirelab::tui::LiveFeed;
use wirelab::tui::action::{Action, from_key};
use wirelab::tui::app::{App, Pane, Screen};
use wirelab::tui::explain::explain;
use wirelab::tui::model::RowKind;
use wirelab::tui::store::FrameStore;

/// A socket call that put the next packet on the wire, as the lab attaches it.
fn caused(side: Role, text: &str) -> CallNote {
    CallNote {
        side,
        call: "call",
        text: text.to_owned(),
        conn: None,
        caused: true,
    }
}

fn open(name: &str) -> App {
    App::from_file(&common::capture(name)).expect("index the capture")
}

fn press(app: &mut App, code: KeyCode) {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(a) = from_key(key, app.key_mode()) {
        app.update(a);
    }
}

fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn step(app: &App) -> Option<Step> {
    app.current_row().and_then(|r| r.tcp().and_then(|t| t.step))
}

#[test]
fn enter_opens_the_conversation_and_j_steps_through_the_handshake() {
    let mut app = open("tcp-echo.pcap");
    assert_eq!(app.convs.len(), 1);
    assert_eq!(app.convs[0].len(), 11);
    assert!(app.progress.done);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Ladder);
    assert_eq!(app.current_row().map(|r| r.frame), Some(1));
    assert_eq!(step(&app), Some(Step::Syn));

    press(&mut app, KeyCode::Char('j'));
    let row = app.current_row().unwrap();
    assert_eq!((row.frame, row.dir), (2, Dir::S2C));
    assert_eq!(step(&app), Some(Step::SynAck));
    let t = row.tcp().unwrap();
    assert_eq!(t.before, [TcpState::SynSent, TcpState::Listen]);
    // The client is ESTABLISHED as soon as the SYN-ACK arrives (tracking takes the capture
    // point for the moment of arrival), the server only with the third packet.
    assert_eq!(t.after, [TcpState::Established, TcpState::SynReceived]);

    press(&mut app, KeyCode::Right);
    assert_eq!(step(&app), Some(Step::HandshakeAck));
    assert_eq!(
        app.current_row().unwrap().tcp().unwrap().after,
        [TcpState::Established, TcpState::Established]
    );
    // Back one with k, and with the left arrow.
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(step(&app), Some(Step::SynAck));
    press(&mut app, KeyCode::Left);
    assert_eq!(step(&app), Some(Step::Syn));
    // Not before the first packet.
    press(&mut app, KeyCode::Left);
    assert_eq!(app.ladder.step, 0);
}

#[test]
fn n_jumps_from_the_handshake_to_the_teardown_and_g_to_the_ends() {
    let mut app = open("tcp-echo.pcap");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "nn");
    assert_eq!(step(&app), Some(Step::HandshakeAck));
    // Frames 4 to 7 carry data and ACKs: the next event is the client's FIN, frame 8.
    keys(&mut app, "n");
    assert_eq!(app.current_row().unwrap().frame, 8);
    assert!(matches!(step(&app), Some(Step::FirstFin { .. })));
    keys(&mut app, "N");
    assert_eq!(app.current_row().unwrap().frame, 3);
    keys(&mut app, "G");
    assert_eq!(app.current_row().unwrap().frame, 11);
    assert!(matches!(
        step(&app),
        Some(Step::FinalAck { four_way: true, .. })
    ));
    keys(&mut app, "g");
    assert_eq!(app.current_row().unwrap().frame, 1);
}

#[test]
fn the_packet_pane_reads_the_bytes_again_and_selects_fields() {
    let mut app = open("tcp-echo.pcap");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char(' '));
    let p = app.packet.as_ref().expect("packet read again");
    assert_eq!(p.frame, 2);
    assert_eq!(p.bytes.len(), 74);
    // Opening starts on the TCP header.
    let field = &p.fields[app.ladder.field];
    assert_eq!(field.text, "TCP 8001 → 43250");
    assert_eq!(field.bytes, 34..74);
    // ] selects the next field: the source port, bytes 34..36 holding 8001.
    keys(&mut app, "]");
    assert_eq!(app.ladder.pane, Pane::Packet);
    let p = app.packet.as_ref().unwrap();
    let field = &p.fields[app.ladder.field];
    assert_eq!(field.text, "source port 8001");
    assert_eq!(&p.bytes[field.bytes.clone()], &8001u16.to_be_bytes());
    // With the packet pane focused, ↓ moves the field, not the step.
    press(&mut app, KeyCode::Down);
    assert_eq!(app.current_row().unwrap().frame, 2);
    let p = app.packet.as_ref().unwrap();
    assert_eq!(p.fields[app.ladder.field].text, "destination port 43250");
    // Tab back to the explanation: ↓ steps again.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Down);
    assert_eq!(app.current_row().unwrap().frame, 3);
}

#[test]
fn the_explanation_spells_out_the_syn_ack_arithmetic() {
    let mut app = open("tcp-echo.pcap");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('j'));
    let (v, row) = (app.current().unwrap(), app.current_row().unwrap());
    let e = explain(&v.conv, &row, app.packet.as_ref().unwrap().raw, Lang::En);
    assert_eq!(
        e.title,
        "frame 2 · server → client · handshake 2/3: server SYN-ACK"
    );
    assert!(
        e.what[0].contains("acknowledges the client's ISN+1"),
        "{e:?}"
    );
    assert_eq!(
        e.states,
        [
            "client  SYN-SENT → ESTABLISHED",
            "server  LISTEN → SYN-RECEIVED"
        ]
    );
    // The capture's client ISN is 980781445 (frame 1's raw sequence number).
    assert!(
        e.numbers
            .iter()
            .any(|n| n == "ack 1 (relative) = raw 980781446 = the client's ISN 980781445 + 1: its SYN used up one number"),
        "{:?}",
        e.numbers
    );
    assert!(
        e.notes
            .iter()
            .any(|n| n.starts_with("server port 8001/tcp: registered"))
    );
}

#[test]
fn typing_a_filter_narrows_the_list_and_esc_clears_it() {
    let mut app = open("udp-echo.pcap");
    assert_eq!(app.list.visible.len(), 1);
    keys(&mut app, "/8002");
    assert!(app.list.typing);
    assert_eq!(app.list.visible.len(), 1);
    keys(&mut app, "9");
    assert_eq!(app.list.visible.len(), 0, "no port 80029");
    press(&mut app, KeyCode::Backspace);
    keys(&mut app, " udp");
    assert_eq!(app.list.visible.len(), 1);
    // q is a letter while typing, not quit.
    keys(&mut app, "q");
    assert!(!app.quit);
    assert_eq!(app.list.visible.len(), 0);
    press(&mut app, KeyCode::Enter);
    assert!(!app.list.typing);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.list.filter, "");
    assert_eq!(app.list.visible.len(), 1);
    keys(&mut app, "q");
    assert!(app.quit);
}

#[test]
fn a_udp_conversation_steps_through_its_datagrams() {
    let mut app = open("udp-echo.pcap");
    press(&mut app, KeyCode::Enter);
    let v = app.current().unwrap();
    assert_eq!(v.len(), 4);
    assert!(matches!(
        v.row(0).unwrap().kind,
        RowKind::Udp {
            payload_len: 15,
            ..
        }
    ));
    keys(&mut app, "G");
    let e = explain(
        &app.current().unwrap().conv,
        &app.current_row().unwrap(),
        None,
        Lang::En,
    );
    assert!(e.what[0].contains("response to frame 3"), "{e:?}");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Conversations);
}

#[test]
fn clicking_a_ladder_row_selects_that_step() {
    let mut app = open("tcp-echo.pcap");
    app.update(Action::Resize(80, 24));
    press(&mut app, KeyCode::Enter);
    // Title line, border, column names: the first packet is on line 3.
    app.update(Action::Click(40, 3 + 4));
    assert_eq!(app.current_row().unwrap().frame, 5);
    app.update(Action::Scroll(40, 5, 1));
    assert_eq!(app.current_row().unwrap().frame, 6);
}

#[test]
fn a_live_source_feeds_the_same_rows_with_the_labs_socket_calls() {
    let (tx, batches) = channel();
    let mut feed = LiveFeed::new(tx);
    let mut engine = Engine::new();
    let mut source = FileSource::open(&common::capture("tcp-echo.pcap")).unwrap();
    let out = &mut std::io::sink();
    while let Some(f) = source.next_frame().unwrap() {
        let calls = match f.number {
            1 => vec![caused(Role::Client, "connect()")],
            8 => vec![
                caused(Role::Client, "close()"),
                // A call that did not cause the packet is not drawn in the ladder.
                CallNote {
                    caused: false,
                    ..caused(Role::Server, "recv()")
                },
            ],
            _ => Vec::new(),
        };
        engine.frame_with_calls(&f, &calls, &mut feed, out).unwrap();
        feed.flush_with(&engine, out).unwrap();
    }
    engine.finish(&mut feed, out).unwrap();
    drop(feed);
    let mut app = App::new("live", FrameStore::Memory(Vec::new()), true);
    for b in batches {
        app.update(Action::Ingest(b));
    }
    assert!(app.progress.done);
    let file = open("tcp-echo.pcap");
    assert_eq!(app.convs.len(), 1);
    let live: Vec<_> = app.convs[0].rows().collect();
    let saved: Vec<_> = file.convs[0].rows().collect();
    assert_eq!(live.len(), saved.len());
    for (l, s) in live.iter().zip(&saved) {
        assert_eq!((l.frame, l.dir, &l.kind), (s.frame, s.dir, &s.kind));
    }
    // The calls that put a packet on the wire (its sender's: the views name the side).
    assert_eq!(live[0].calls(), ["connect()"]);
    assert_eq!(live[7].calls(), ["close()"]);
    // The packet pane reads live bytes from memory.
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "G");
    let p = app.packet.as_ref().unwrap();
    assert_eq!((p.frame, p.bytes.len(), p.error.as_deref()), (11, 66, None));
}

/// A pcapng file whose two interfaces have different link types (Ethernet and raw IP, which
/// libpcap refuses to read together): every row's bytes, read again at the offset the index
/// recorded, are the frame that was written.
#[test]
fn pcapng_offsets_point_at_each_frames_bytes_also_across_link_types() {
    use pcap_file::DataLink;
    use pcap_file::pcapng::PcapNgWriter;
    use pcap_file::pcapng::blocks::enhanced_packet::EnhancedPacketBlock;
    use pcap_file::pcapng::blocks::interface_description::InterfaceDescriptionBlock;
    use std::borrow::Cow;

    let mut source = FileSource::open(&common::capture("tcp-echo.pcap")).unwrap();
    let mut frames = Vec::new();
    while let Some(f) = source.next_frame().unwrap() {
        // Even frames go without their Ethernet header, on the raw-IP interface.
        let data = if f.number % 2 == 0 {
            f.data[14..].to_vec()
        } else {
            f.data.to_vec()
        };
        frames.push((f.number, f.ts, data));
    }
    let file = tempfile::NamedTempFile::new().unwrap();
    let mut w = PcapNgWriter::new(file.reopen().unwrap()).unwrap();
    for linktype in [DataLink::ETHERNET, DataLink::RAW] {
        w.write_pcapng_block(InterfaceDescriptionBlock {
            linktype,
            snaplen: 0,
            options: vec![],
        })
        .unwrap();
    }
    for (number, ts, data) in &frames {
        w.write_pcapng_block(EnhancedPacketBlock {
            interface_id: u32::from(number % 2 == 0),
            timestamp: std::time::Duration::new(ts.secs as u64, 0)
                + std::time::Duration::from_micros(u64::from(ts.nanos / 1000)),
            original_len: data.len() as u32,
            data: Cow::Borrowed(data),
            options: vec![],
        })
        .unwrap();
    }
    drop(w);

    let mut app = App::from_file(file.path()).unwrap();
    assert_eq!(app.convs.len(), 1, "one connection across both interfaces");
    assert_eq!(app.convs[0].len(), 11);
    assert_eq!(app.convs[0].conv.conn_state().code(), "SF");
    press(&mut app, KeyCode::Enter);
    for (number, _, data) in &frames {
        let p = app.packet.as_ref().unwrap();
        assert_eq!(p.frame, *number);
        assert_eq!(&p.bytes, data, "frame {number}");
        press(&mut app, KeyCode::Char('j'));
    }
    // The raw-IP frame's tree starts at the IP header.
    keys(&mut app, "g");
    press(&mut app, KeyCode::Char('j'));
    let p = app.packet.as_ref().unwrap();
    assert!(
        p.fields[1].text.starts_with("IPv4 127.0.0.1"),
        "{:?}",
        p.fields[1]
    );
    assert_eq!(p.fields[1].bytes.start, 0);
}

/// A file cut in the middle of a record: the rows before it stay, and the app says why the
/// index stopped.
#[test]
fn a_capture_cut_short_keeps_what_came_before_and_says_where_it_stopped() {
    let bytes = std::fs::read(common::capture("tcp-echo.pcap")).unwrap();
    let file = tempfile::NamedTempFile::new().unwrap();
    // The 24-byte header and records of 90, 90, 82 bytes (16 + 74/74/66): cut into the fourth.
    std::fs::write(file.path(), &bytes[..24 + 90 + 90 + 82 + 20]).unwrap();
    let app = App::from_file(file.path()).unwrap();
    assert_eq!(app.convs[0].len(), 3);
    let error = app.error.as_deref().unwrap();
    assert!(error.contains("record 4: truncated dump file"), "{error}");
    // In the words of `wirelab read`.
    let read = common::wirelab(["read", file.path().to_str().unwrap()]);
    assert_eq!(common::stderr(&read).trim(), format!("wirelab: {error}"));
}

/// Before the screen is taken over: a missing file, a file that is no capture, standard
/// input, and a run without a terminal each get a message and their exit status.
#[test]
fn the_tui_says_what_is_wrong_before_taking_the_screen() {
    let o = common::wirelab(["tui", "captures/no-such.pcap"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        common::stderr(&o).contains("captures/no-such.pcap: cannot open: No such file"),
        "{}",
        common::stderr(&o)
    );
    let o = common::wirelab(["tui", "captures/README.md"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        common::stderr(&o).contains("README.md: cannot open: unknown file format"),
        "{}",
        common::stderr(&o)
    );
    let o = common::wirelab(["read", "-", "--tui"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        common::stderr(&o).contains("needs a file, not standard input"),
        "{}",
        common::stderr(&o)
    );
    // The tests run without a terminal.
    let o = common::wirelab(["tui", "captures/tcp-echo.pcap"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        common::stderr(&o).contains("the TUI needs a terminal"),
        "{}",
        common::stderr(&o)
    );
    let o = common::wirelab(["tui", "captures/tcp-echo.pcap", "tcp", "port"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        common::stderr(&o).contains("the filter 'tcp port' does not compile"),
        "{}",
        common::stderr(&o)
    );
}

/// A BPF filter leaves frames out of the index; the rows keep the file's frame numbers.
#[test]
fn a_filter_keeps_only_matching_frames_with_their_numbers() {
    use wirelab::tui::index::{IndexConfig, index_all};
    let path = common::capture("tcp-echo.pcap");
    let batches = index_all(&IndexConfig {
        path: path.clone(),
        filter: Some("tcp[tcpflags] & (tcp-syn|tcp-fin) != 0".into()),
    })
    .unwrap();
    let mut app = App::new("f", FrameStore::open(&path).unwrap(), false);
    for b in batches {
        app.update(Action::Ingest(b));
    }
    let frames: Vec<u64> = app.convs[0].rows().map(|r| r.frame).collect();
    assert_eq!(frames, [1, 2, 8, 10]);
    assert_eq!(app.progress.frames, 4, "frames that passed the filter");
}

/// Two pings (request and reply each) and an ARP request: nothing TCP or UDP.
fn ping_capture(path: &std::path::Path) {
    use etherparse::PacketBuilder;
    use wirelab::capture::{LinkType, PcapWriter, RawFrame, Timestamp};
    let (a, b) = ([10, 0, 0, 1], [10, 0, 0, 2]);
    let eth = || PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2]);
    let mut frames = Vec::new();
    for seq in 1..=2u16 {
        let mut v = Vec::new();
        eth()
            .ipv4(a, b, 64)
            .icmpv4_echo_request(7, seq)
            .write(&mut v, b"ping")
            .unwrap();
        frames.push(v);
        let mut v = Vec::new();
        eth()
            .ipv4(b, a, 64)
            .icmpv4_echo_reply(7, seq)
            .write(&mut v, b"ping")
            .unwrap();
        frames.push(v);
    }
    let mut arp = vec![0xff; 6];
    arp.extend([2, 0, 0, 0, 0, 1, 0x08, 0x06]);
    arp.extend([0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 1, 10, 0, 0, 1]);
    arp.extend([0, 0, 0, 0, 0, 0, 10, 0, 0, 2]);
    frames.push(arp);
    let mut w = PcapWriter::create(path, LinkType::ETHERNET).unwrap();
    for (i, v) in frames.iter().enumerate() {
        let n = u64::try_from(i).unwrap() + 1;
        w.write(&RawFrame {
            number: n,
            link_type: LinkType::ETHERNET,
            ts: Timestamp {
                secs: 1_700_000_000,
                nanos: u32::try_from(n).unwrap() * 1_000_000,
            },
            len: u32::try_from(v.len()).unwrap(),
            data: v,
            ts_fixed: false,
        })
        .unwrap();
    }
    w.finish().unwrap();
}

#[test]
fn p_lists_icmp_and_arp_frames_that_no_conversation_holds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ping.pcap");
    ping_capture(&path);
    let mut app = App::from_file(&path).unwrap();
    assert_eq!(app.frames.len(), 5);
    press(&mut app, KeyCode::Char('p'));
    assert_eq!(app.screen, Screen::Packets);
    let line = |app: &App, i: usize| {
        app.packets
            .shown
            .iter()
            .find(|(j, _)| *j == i)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    };
    assert!(line(&app, 0).contains("echo"), "{:?}", app.packets.shown);
    assert!(line(&app, 4).starts_with("ARP"), "{:?}", app.packets.shown);
    // The packet pane shows the selected frame.
    assert_eq!(app.packet.as_ref().map(|p| p.frame), Some(1));
    assert!(
        app.packet
            .as_ref()
            .is_some_and(|p| p.fields.iter().any(|f| f.text.starts_with("ICMP")))
    );
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(app.packet.as_ref().map(|p| p.frame), Some(2));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Conversations);
}

#[test]
fn digits_go_to_a_frame_and_slash_searches_with_angle_brackets_for_the_next_match() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ping.pcap");
    ping_capture(&path);
    let mut app = App::from_file(&path).unwrap();
    press(&mut app, KeyCode::Char('p'));
    keys(&mut app, "4");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.packets.selected, 3);
    assert_eq!(app.packet.as_ref().map(|p| p.frame), Some(4));
    keys(&mut app, "9");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.packets.selected, 3, "no frame 9: the selection stays");
    assert!(
        app.packets
            .message
            .as_deref()
            .unwrap_or("")
            .contains("last is 5")
    );
    // Search from the top: "request" is in frames 1 and 3.
    press(&mut app, KeyCode::Char('g'));
    keys(&mut app, "/echo request");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.packet.as_ref().map(|p| p.frame), Some(3));
    // `n` belongs to the ladder's events; in the packet list `>` and `<` find the next.
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.packet.as_ref().map(|p| p.frame), Some(3));
    press(&mut app, KeyCode::Char('>'));
    assert_eq!(
        app.packet.as_ref().map(|p| p.frame),
        Some(1),
        "round the end"
    );
    press(&mut app, KeyCode::Char('<'));
    assert_eq!(app.packet.as_ref().map(|p| p.frame), Some(3));
    keys(&mut app, "/who-has");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.packet.as_ref().map(|p| p.frame), Some(3), "Esc cancels");
    assert_eq!(app.screen, Screen::Packets);
}

#[test]
fn the_packet_list_of_an_icmp_echo_capture_holds_every_ping_tshark_sees() {
    if !common::corpus_or_skip(
        "the_packet_list_of_an_icmp_echo_capture_holds_every_ping_tshark_sees",
    ) {
        return;
    }
    let file = common::corpus("ppa-icmp_echo.pcapng");
    let oracle =
        std::fs::read_to_string(common::corpus("ppa-icmp_echo.pcapng.tshark.tsv")).unwrap();
    let mut rows = oracle.lines();
    let header: Vec<&str> = rows.next().unwrap().split('\t').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (number, icmp) = (at("frame.number"), at("icmp.type"));
    let expected: Vec<(u64, String)> = rows
        .map(|r| r.split('\t').collect::<Vec<_>>())
        .map(|c| (c[number].parse().unwrap(), c[icmp].to_owned()))
        .collect();
    let mut app = App::from_file(&file).unwrap();
    // The pings are one ICMP echo conversation (requester, responder, identifier), as Zeek
    // counts them.
    assert_eq!(app.convs.len(), 1);
    assert_eq!(app.convs[0].conv.proto, wirelab::track::Proto::IcmpEcho);
    assert_eq!(app.convs[0].conv.packets, [4, 4]);
    press(&mut app, KeyCode::Char('p'));
    assert_eq!(app.frames.len(), expected.len());
    for (n, icmp_type) in &expected {
        keys(&mut app, &n.to_string());
        press(&mut app, KeyCode::Enter);
        let shown = app
            .packets
            .shown
            .iter()
            .find(|(i, _)| *i == app.packets.selected);
        let line = shown.map_or("", |(_, t)| t.as_str());
        assert_eq!(app.packet.as_ref().map(|p| p.frame), Some(*n));
        let word = match icmp_type.as_str() {
            "8" => "echo request",
            "0" => "echo reply",
            other => panic!("frame {n}: ICMP type {other} in the oracle"),
        };
        assert!(line.contains(word), "frame {n}: {line}");
    }
}

#[test]
fn enter_in_the_packet_list_opens_the_frames_conversation_at_that_frame() {
    let mut app = open("tcp-echo.pcap");
    press(&mut app, KeyCode::Char('p'));
    keys(&mut app, "4");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Ladder);
    assert_eq!(app.current_row().map(|r| r.frame), Some(4));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ping.pcap");
    ping_capture(&path);
    let mut app = App::from_file(&path).unwrap();
    press(&mut app, KeyCode::Char('p'));
    // A ping is in its echo conversation, drawn as a ladder like any other.
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Ladder);
    assert_eq!(app.current_row().map(|r| r.frame), Some(1));
    // The ARP request (frame 5) belongs to no conversation.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('p'));
    keys(&mut app, "5");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Packets);
    assert_eq!(
        app.packets.message.as_deref(),
        Some("frame 5 belongs to no conversation")
    );
}

/// The ladder's title as drawn at 80×24.
fn ladder_title(app: &App) -> String {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| wirelab::tui::view::draw(f, app, &wirelab::tui::Theme::new(false)))
        .unwrap();
    let screen = terminal.backend().to_string();
    screen
        .lines()
        .find(|l| l.contains("Ladder"))
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn a_finished_live_capture_does_not_call_an_open_connection_still_open() {
    let (tx, batches) = channel();
    let mut feed = LiveFeed::new(tx);
    let mut engine = Engine::new();
    let out = &mut std::io::sink();
    let mut source = FileSource::open(&common::capture("tcp-echo.pcap")).unwrap();
    // The handshake and the first data: no FIN yet.
    while let Some(f) = source.next_frame().unwrap() {
        if f.number > 5 {
            break;
        }
        engine.frame(&f, &mut feed, out).unwrap();
    }
    feed.flush_with(&engine, out).unwrap();
    let mut app = App::new("live", FrameStore::Memory(Vec::new()), true);
    let first = batches.recv().unwrap();
    app.update(Action::Ingest(first));
    press(&mut app, KeyCode::Enter);
    if !app.progress.done {
        assert!(
            ladder_title(&app).contains("still open"),
            "{}",
            ladder_title(&app)
        );
    }
    engine.finish(&mut feed, out).unwrap();
    drop(feed);
    for b in batches {
        app.update(Action::Ingest(b));
    }
    assert!(app.progress.done);
    let title = ladder_title(&app);
    assert!(!title.contains("still open"), "{title}");
    assert!(
        title.contains("handshake complete, open at the end of the capture"),
        "{title}"
    );
}

#[test]
fn a_bad_checksum_is_flagged_on_the_tuis_packet_line() {
    if !common::corpus_or_skip("tui_bad_checksum") {
        return;
    }
    // An anonymised trace whose addresses were rewritten and checksums not.
    let mut app = App::from_file(&common::corpus("zeek-web.pcap")).unwrap();
    press(&mut app, KeyCode::Char('p'));
    let first = app
        .packets
        .shown
        .iter()
        .find(|(i, _)| *i == 0)
        .map(|(_, t)| t.clone())
        .unwrap_or_default();
    assert!(
        first.contains("[problem: bad IPv4 header checksum 0x"),
        "{first}"
    );
}
