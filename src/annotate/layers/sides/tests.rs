use super::*;
use crate::pipeline::{ReadConfig, read};
use crate::render::{FileInfo, Record, Renderer};

/// Each packet of captures/tcp-echo.pcap (loopback) as the sides see it, with `calls(i)` as
/// the calls of frame `i` (1-based).
fn echo(lang: Lang, calls: impl Fn(u64) -> Calls<'static>) -> Vec<(usize, Sides)> {
    struct Collect<F> {
        lang: Lang,
        calls: F,
        out: Vec<(usize, Sides)>,
        loopback: bool,
    }
    impl<F: Fn(u64) -> Calls<'static>> Renderer for Collect<F> {
        fn file_start(
            &mut self,
            _: &mut dyn std::io::Write,
            _: &FileInfo<'_>,
        ) -> std::io::Result<()> {
            Ok(())
        }
        fn packet(
            &mut self,
            _: &mut dyn std::io::Write,
            r: &Record<'_, '_>,
        ) -> std::io::Result<()> {
            self.loopback &= is_loopback(r.packet);
            let len = r.frame.data.len();
            let s = sides(
                self.lang,
                r.packet,
                len,
                Tracked::from_info(r.info),
                (self.calls)(r.number),
            );
            self.out.push((len, s.expect("a TCP packet")));
            Ok(())
        }
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("captures/tcp-echo.pcap");
    let config = ReadConfig {
        inputs: vec![path],
        ..ReadConfig::default()
    };
    let mut c = Collect {
        lang,
        calls,
        out: Vec::new(),
        loopback: true,
    };
    read(&config, &mut c, &mut std::io::sink(), &mut |e| {
        panic!("{e}")
    })
    .expect("read");
    assert!(c.loopback, "tcp-echo.pcap is a loopback capture");
    c.out
}

fn texts(side: &Side) -> Vec<&str> {
    side.rows.iter().map(|r| r.text.as_str()).collect()
}

fn places(side: &Side) -> Vec<Place> {
    side.rows.iter().map(|r| r.place).collect()
}

#[test]
fn the_syn_goes_out_of_the_client_from_its_call_and_into_the_servers_accept_queue() {
    let called = echo(Lang::En, |n| match n {
        1 => Calls::Known {
            caused: Some("connect(127.0.0.1:8001) → SYN"),
            returned: &["accept() returns a new socket for 127.0.0.1:43250"],
        },
        _ => Calls::Known {
            caused: None,
            returned: &[],
        },
    });
    let (_, syn) = &called[0];
    assert_eq!(syn.out.role, Some(Role::Client));
    assert_eq!(syn.out.head, "out: client");
    assert_eq!(syn.into.head, "in: server");
    assert!(texts(&syn.out)[0].starts_with("connect("), "{syn:?}");
    let into = texts(&syn.into);
    assert!(into[3].contains("accept queue"), "{into:?}");
    assert!(into[4].starts_with("accept() returns"), "{into:?}");
    // Without calls, the kernel sends it for a call the capture does not show.
    let read = echo(Lang::En, |_| Calls::Unknown);
    let (_, syn) = &read[0];
    assert!(texts(&syn.out)[0].contains("kernel"), "{syn:?}");
    assert!(texts(&syn.out)[0].contains("connect()"), "{syn:?}");
    assert!(texts(&syn.into)[3].contains("accept queue"), "{syn:?}");
    assert!(texts(&syn.into)[4].contains("wirelab run"), "{syn:?}");
}

#[test]
fn the_data_segment_ends_with_the_servers_recv_when_the_calls_say_so() {
    let called = echo(Lang::En, |n| match n {
        4 => Calls::Known {
            caused: Some("send(15 bytes) → data (15 bytes)"),
            returned: &["recv() returns 15 bytes"],
        },
        _ => Calls::Known {
            caused: None,
            returned: &[],
        },
    });
    let (len, data) = &called[3];
    assert_eq!(
        places(&data.out),
        [
            Tier::Application,
            Tier::Transport,
            Tier::Internet,
            Tier::Link
        ]
        .map(Place::Layer)
    );
    assert_eq!(
        places(&data.into),
        [
            Place::Layer(Tier::Link),
            Place::Layer(Tier::Internet),
            Place::Layer(Tier::Transport),
            Place::Socket,
            Place::Call
        ]
    );
    assert_eq!(texts(&data.out)[0], "send(15 bytes) → data (15 bytes)");
    assert_eq!(
        texts(&data.into)[3],
        "15 bytes into the server's receive queue"
    );
    assert_eq!(texts(&data.into)[4], "recv() returns 15 bytes");
    for side in [&data.out, &data.into] {
        let sum: usize = side.rows.iter().filter_map(|r| r.bytes).sum();
        assert_eq!(sum, *len, "{side:?}");
    }
    // The server's ACK of it: the kernel's own, and no call returns it.
    let (_, ack) = &called[4];
    assert_eq!(ack.out.role, Some(Role::Server));
    assert!(texts(&ack.out)[0].contains("kernel's TCP"), "{ack:?}");
    assert_eq!(
        texts(&ack.into)[4],
        "no call: the ACK is TCP's own business"
    );
    // Data no recv() returned waits in the queue.
    let (_, echo_back) = &called[5];
    assert_eq!(
        texts(&echo_back.into)[4],
        "waits in the receive queue: no recv() yet"
    );
}

#[test]
fn every_block_of_every_frame_adds_up_to_the_frame_in_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        for (len, s) in echo(lang, |_| Calls::Unknown) {
            for side in [&s.out, &s.into] {
                let sum: usize = side.rows.iter().filter_map(|r| r.bytes).sum();
                assert_eq!(sum, len, "{side:?}");
                assert!(side.rows.iter().all(|r| !r.text.is_empty()), "{side:?}");
            }
        }
    }
}
