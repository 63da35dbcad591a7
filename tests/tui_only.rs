//! The packet list's event filter (`o`): key → action → state on tcp-echo-netns.pcap (two
//! ARP frames, then a TCP connection), the frames listed for each kind, and the title.

mod common;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wirelab::tui::action::{Action, from_key};
use wirelab::tui::app::App;

fn press(app: &mut App, c: char) {
    let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    if let Some(a) = from_key(key, app.key_mode()) {
        app.update(a);
    }
}

/// The frame numbers the list shows.
fn listed(app: &App) -> Vec<u64> {
    app.packets
        .shown
        .iter()
        .map(|(i, _)| app.frames[*i].frame)
        .collect()
}

fn screen(app: &App) -> String {
    common::tui_screen(app)
}

#[test]
fn o_cycles_the_packet_lists_filter() {
    let mut app = App::from_file(&common::capture("tcp-echo-netns.pcap")).unwrap();
    app.update(Action::Resize(100, 40));
    press(&mut app, 'p');
    assert_eq!(listed(&app), (1..=13).collect::<Vec<_>>());
    let key = KeyEvent::new(KeyCode::Char('o'), KeyModifiers::NONE);
    assert!(matches!(
        from_key(key, app.key_mode()),
        Some(Action::CycleOnly)
    ));
    press(&mut app, 'o');
    assert_eq!(listed(&app), [3, 4, 5, 10, 11, 12, 13], "steps");
    assert_eq!(app.frames[app.packets.selected].frame, 3);
    // Moving skips the frames left out.
    app.update(Action::Move(3));
    assert_eq!(app.frames[app.packets.selected].frame, 10);
    press(&mut app, 'o');
    assert_eq!(listed(&app), Vec::<u64>::new(), "findings");
    press(&mut app, 'o');
    assert_eq!(listed(&app), (3..=13).collect::<Vec<_>>(), "tcp");
    press(&mut app, 'o');
    press(&mut app, 'o');
    press(&mut app, 'o');
    assert_eq!(listed(&app), [1, 2], "arp");
    assert!(screen(&app).contains("only ARP (o)"));
    press(&mut app, 'o');
    assert_eq!(app.packets.only, None);
    assert_eq!(listed(&app).len(), 13);
    assert!(!screen(&app).contains("only "));
}

#[test]
fn udp_and_icmp_filters_on_a_refused_datagram() {
    let mut app = App::from_file(&common::capture("udp-unreachable.pcap")).unwrap();
    app.update(Action::Resize(100, 40));
    app.update(Action::Packets);
    app.update(Action::CycleOnly);
    app.update(Action::CycleOnly);
    assert_eq!(listed(&app), [2], "the ICMP error is a finding");
    app.update(Action::CycleOnly);
    app.update(Action::CycleOnly);
    assert_eq!(listed(&app), [1], "udp");
    app.update(Action::CycleOnly);
    assert_eq!(listed(&app), [2], "icmp");
}
