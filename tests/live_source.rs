//! `LiveSource` on the loopback interface: real libpcap capture of real kernel TCP traffic.
//! CI runs as root; without the privilege to capture these tests fail rather than skip.

mod common;

use std::net::TcpListener;

use wirelab::capture::{FrameSource, LiveConfig, LiveSource};
use wirelab::decode::{TcpFlags, Transport, decode};

#[test]
fn captures_a_real_handshake_on_loopback() {
    if !common::root_or_skip("captures_a_real_handshake_on_loopback") {
        return;
    }
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut config = LiveConfig::new("lo");
    config.filter = Some(format!("tcp port {port}"));
    let mut source =
        LiveSource::open(&config).expect("capturing on lo needs root (CI runs as root)");
    let stop = source.stop_handle();

    common::echo_once(listener);

    let mut flags = Vec::new();
    while flags.len() < 3 {
        let frame = source
            .next_frame()
            .unwrap()
            .expect("the capture ended early");
        let packet = decode(frame.link_type, frame.data, frame.len);
        if let Some(Transport::Tcp(tcp)) = &packet.transport {
            flags.push((tcp.flags.has(TcpFlags::SYN), tcp.flags.has(TcpFlags::ACK)));
        }
    }
    assert_eq!(flags, [(true, false), (true, true), (false, true)]);
    let stats = source.stats().unwrap();
    assert!(stats.captured >= 3, "{stats:?}");
    stop.stop();
    assert!(
        source.next_frame().unwrap().is_none(),
        "a stopped source ends"
    );
}

#[test]
fn a_bad_filter_names_the_device_and_the_expression() {
    if !common::root_or_skip("a_bad_filter_names_the_device_and_the_expression") {
        return;
    }
    let mut config = LiveConfig::new("lo");
    config.filter = Some("tcp port banana".into());
    let err = LiveSource::open(&config)
        .err()
        .expect("the filter must be refused");
    let msg = err.to_string();
    assert!(
        msg.starts_with("lo: invalid filter 'tcp port banana'"),
        "{msg}"
    );
}
