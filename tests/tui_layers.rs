//! The TUI's `L` pane: the key that opens it, what it does to the app, and the pane at
//! 80×24 on tcp-echo's frame 4 (the client's 15 bytes).

mod common;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wirelab::annotate::lang::Lang;
use wirelab::tui::action::{Action, from_key};
use wirelab::tui::app::App;
use wirelab::tui::layers;

/// tcp-echo's ladder on its fourth packet, at 80×24.
fn on_frame_4(lang: Lang) -> App {
    let mut app = App::from_file(&common::capture("tcp-echo.pcap")).unwrap();
    app.title = "captures/tcp-echo.pcap".into();
    app.lang = lang;
    app.update(Action::Resize(80, 24));
    app.update(Action::Open);
    for _ in 0..3 {
        app.update(Action::Step(true));
    }
    app
}

fn screen(app: &App) -> String {
    common::tui_screen(app)
}

fn press(app: &mut App, c: char) {
    let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT);
    if let Some(a) = from_key(key, app.key_mode()) {
        app.update(a);
    }
}

#[test]
fn l_toggles_the_layers_pane_on_the_ladder() {
    let mut app = on_frame_4(Lang::En);
    assert!(!app.layers);
    let key = KeyEvent::new(KeyCode::Char('L'), KeyModifiers::SHIFT);
    assert!(matches!(
        from_key(key, app.key_mode()),
        Some(Action::Layers)
    ));
    press(&mut app, 'L');
    assert!(app.layers);
    let pane = layers::current(&app).expect("the layers of frame 4");
    assert_eq!(pane.frame, 4);
    let protos: Vec<&str> = pane.rows.iter().map(|r| r.proto).collect();
    assert_eq!(protos, ["Ethernet", "IPv4", "TCP", "data"]);
    assert_eq!(
        pane.nesting,
        "Ethernet 14 [ IPv4 20 [ TCP 32 [ data 15 ] ] ] = 81 bytes"
    );
    assert!(
        pane.rows[2]
            .text
            .contains("bytes 1–15 of the client's stream")
    );
    // Stepping keeps the pane and follows the packet.
    app.update(Action::Step(true));
    assert_eq!(layers::current(&app).map(|p| p.frame), Some(5));
    press(&mut app, 'L');
    assert!(!app.layers);
    assert!(!screen(&app).contains("[ IPv4 20 ["));
}

#[test]
fn layers_pane_80x24() {
    let mut app = on_frame_4(Lang::En);
    app.update(Action::Layers);
    let shown = screen(&app);
    insta::assert_snapshot!(shown);
    assert!(shown.contains("Ethernet 14 [ IPv4 20 [ TCP 32 [ data 15 ] ] ] = 81 bytes"));
    assert!(shown.contains("application"));
    assert!(
        shown.contains("client's stream to port 8001 and asks for an ACK"),
        "{shown}"
    );
    assert!(shown.contains("out: client"), "{shown}");
    // J scrolls the pane down through the receiver's in layers (a loopback capture: both
    // hosts are this one) to the end of the hex dump: the 15 bytes of data.
    let mut seen = String::new();
    for _ in 0..40 {
        app.update(Action::ScrollText(1));
        seen.push_str(&screen(&app));
        if seen.contains("0050  0a") {
            break;
        }
    }
    assert!(seen.contains("in: server"), "{seen}");
    assert!(
        seen.contains("15 bytes into the server's receive queue"),
        "{seen}"
    );
    assert!(seen.contains("0050  0a"), "{seen}");
}

#[test]
fn layers_pane_in_chinese_80x24() {
    let mut app = on_frame_4(Lang::Zh);
    app.update(Action::Layers);
    let shown = screen(&app);
    insta::assert_snapshot!(shown);
    assert!(shown.contains("传输层") && shown.contains("81 字节"));
}

/// The pane on the packet `steps` steps into the first conversation of `path`, at 80×24.
fn pane_of(path: &std::path::Path, steps: usize) -> (String, layers::LayersPane) {
    let mut app = App::from_file(path).unwrap();
    app.title = path.file_name().unwrap().to_string_lossy().into_owned();
    app.update(Action::Resize(80, 24));
    app.update(Action::Open);
    for _ in 0..steps {
        app.update(Action::Step(true));
    }
    app.update(Action::Layers);
    let pane = layers::current(&app).expect("the layers of the current packet");
    (screen(&app), pane)
}

/// The pane for a datagram, an ICMP error, IPv6 and a VLAN-tagged frame, each pinned at
/// 80×24 with the nesting line the decoder's spans give.
#[test]
fn layers_pane_of_udp_icmp_ipv6_and_vlan_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let vlan = dir.path().join("vlan.pcap");
    common::vlan_udp_pcap(&vlan);
    for (name, path, steps, nesting) in [
        (
            "udp",
            common::capture("udp-echo.pcap"),
            0,
            "Ethernet 14 [ IPv4 20 [ UDP 8 [ data 15 ] ] ] = 57 bytes",
        ),
        (
            "icmp",
            common::capture("udp-unreachable.pcap"),
            1,
            "Ethernet 14 [ IPv4 20 [ ICMP 8 [ data 43 ] ] ] = 85 bytes",
        ),
        (
            "ipv6",
            common::capture("tcp-echo-ipv6.pcap"),
            0,
            "Ethernet 14 [ IPv6 40 [ TCP 40 ] ] = 94 bytes",
        ),
        (
            "vlan",
            vlan,
            0,
            "Ethernet 14 [ 802.1Q 4 [ IPv4 20 [ UDP 8 [ data 2 ] ] ] ] + trailer 16 = 64 bytes",
        ),
    ] {
        let (shown, pane) = pane_of(&path, steps);
        assert_eq!(pane.nesting, nesting, "{name}");
        assert!(
            shown.contains(nesting) || shown.contains("bytes"),
            "{name}:\n{shown}"
        );
        insta::assert_snapshot!(format!("layers_pane_{name}_80x24"), shown);
    }
}

/// `L` in the packet list: the selected frame's layers in place of the packet pane, for a
/// frame of no conversation too (tcp-echo-netns.pcap's ARP request, frame 1).
#[test]
fn l_in_the_packet_list_shows_any_frames_layers_arp_too_80x24() {
    let mut app = App::from_file(&common::capture("tcp-echo-netns.pcap")).unwrap();
    app.title = "tcp-echo-netns.pcap".into();
    app.update(Action::Resize(80, 24));
    app.update(Action::Packets);
    let key = KeyEvent::new(KeyCode::Char('L'), KeyModifiers::SHIFT);
    let action = from_key(key, app.key_mode());
    assert!(matches!(action, Some(Action::Layers)), "{action:?}");
    app.update(action.unwrap());
    let pane = layers::current(&app).expect("frame 1's layers");
    assert_eq!(pane.frame, 1);
    assert_eq!(pane.nesting, "Ethernet 14 [ ARP 28 ] = 42 bytes");
    let shown = screen(&app);
    assert!(shown.contains("Ethernet 14 [ ARP 28 ]"), "{shown}");
    insta::assert_snapshot!(shown);
    // Moving to the SYN shows its layers; L again gives the packet pane back.
    for _ in 0..2 {
        app.update(Action::Move(1));
    }
    assert_eq!(layers::current(&app).map(|p| p.frame), Some(3));
    press(&mut app, 'L');
    assert!(!screen(&app).contains("Ethernet 14 [ "));
}
