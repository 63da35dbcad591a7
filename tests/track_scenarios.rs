//! Textbook TCP and UDP scenarios, built packet by packet with etherparse, decoded and tracked.
//!
//! Each test is a sequence diagram: one row per packet, sent by the client (`C`, 10.0.0.1:50000)
//! or the server (`S`, 10.0.0.2:80), with its flags, sequence and acknowledgement numbers
//! relative to each side's initial sequence number (what tshark shows when it saw the SYNs),
//! payload length, advertised window and time in milliseconds. The expectations follow
//! RFC 9293's state diagram, tshark's `tcp.analysis` rules and Zeek's conn.log documentation.

use etherparse::icmpv4::DestUnreachableHeader;
use etherparse::{Icmpv4Type, PacketBuilder, TcpOptionElement};
use wirelab::annotate::verdict;
use wirelab::capture::{LinkType, Timestamp};
use wirelab::decode::decode;
use wirelab::track::Analysis::*;
use wirelab::track::Role::{Client, Server};
use wirelab::track::Step::*;
use wirelab::track::TcpState::*;
use wirelab::track::{
    Analysis, Conversation, Dir, Endpoint, PacketInfo, RoleReason, Step, TcpInfo, TcpState,
    Tracker, UdpStep, WindowScale,
};

/// Who sends a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    C,
    S,
}
use Who::{C, S};

/// (sender, flags, seq, ack, payload length, window, time in ms). Flags are letters of "SAFRP";
/// the ack number is only put on the wire when "A" is among them.
type Row = (Who, &'static str, u32, u32, usize, u16, f64);

/// A window nobody changes.
const W: u16 = 64240;

type Host = ([u8; 4], u16);
const CLIENT: Host = ([10, 0, 0, 1], 50000);
const SERVER: Host = ([10, 0, 0, 2], 80);
const CLIENT_ISN: u32 = 1000;
const SERVER_ISN: u32 = 5000;

/// A capture being written.
struct Script {
    hosts: [Host; 2],
    isn: [u32; 2],
    frames: Vec<(Vec<u8>, f64)>,
}

impl Script {
    fn new() -> Script {
        Script::between(CLIENT, SERVER)
    }

    /// `C` is `client`, `S` is `server`.
    fn between(client: Host, server: Host) -> Script {
        Script {
            hosts: [client, server],
            isn: [CLIENT_ISN, SERVER_ISN],
            frames: Vec::new(),
        }
    }

    /// Initial sequence numbers for the rows that follow.
    fn isns(mut self, client: u32, server: u32) -> Script {
        self.isn = [client, server];
        self
    }

    fn tcp(self, rows: &[Row]) -> Script {
        let plain: Vec<(Row, &[TcpOptionElement])> = rows.iter().map(|r| (*r, &[][..])).collect();
        self.tcp_with_options(&plain)
    }

    /// Rows whose segments carry TCP options.
    fn tcp_with_options(mut self, rows: &[(Row, &[TcpOptionElement])]) -> Script {
        for &((who, flags, seq, ack, len, win, t), options) in rows {
            let (me, peer) = self.sides(who);
            let mut b = PacketBuilder::ethernet2(mac(self.hosts[me]), mac(self.hosts[peer]))
                .ipv4(self.hosts[me].0, self.hosts[peer].0, 64)
                .tcp(
                    self.hosts[me].1,
                    self.hosts[peer].1,
                    self.isn[me].wrapping_add(seq),
                    win,
                );
            for f in flags.chars() {
                b = match f {
                    'S' => b.syn(),
                    'A' => b.ack(self.isn[peer].wrapping_add(ack)),
                    'F' => b.fin(),
                    'R' => b.rst(),
                    'P' => b.psh(),
                    other => panic!("unknown flag {other}"),
                };
            }
            if !options.is_empty() {
                b = b.options(options).expect("TCP options fit");
            }
            let payload = vec![b'x'; len];
            let mut bytes = Vec::with_capacity(b.size(len));
            b.write(&mut bytes, &payload).expect("build TCP frame");
            self.frames.push((bytes, t));
        }
        self
    }

    /// Datagrams: (sender, payload length, time in ms).
    fn udp(mut self, rows: &[(Who, usize, f64)]) -> Script {
        for &(who, len, t) in rows {
            let (me, peer) = self.sides(who);
            let b = PacketBuilder::ethernet2(mac(self.hosts[me]), mac(self.hosts[peer]))
                .ipv4(self.hosts[me].0, self.hosts[peer].0, 64)
                .udp(self.hosts[me].1, self.hosts[peer].1);
            let payload = vec![b'q'; len];
            let mut bytes = Vec::with_capacity(b.size(len));
            b.write(&mut bytes, &payload).expect("build UDP frame");
            self.frames.push((bytes, t));
        }
        self
    }

    /// The server's host answers frame `frame` (1-based) with ICMP port unreachable, quoting
    /// its IP header and the first 8 bytes after it, as RFC 792 asks.
    fn port_unreachable(mut self, frame: usize, t: f64) -> Script {
        let quoted = self.frames[frame - 1].0[14..14 + 20 + 8].to_vec();
        let [client, server] = self.hosts;
        let b = PacketBuilder::ethernet2(mac(server), mac(client))
            .ipv4(server.0, client.0, 64)
            .icmpv4(Icmpv4Type::DestinationUnreachable(
                DestUnreachableHeader::Port,
            ));
        let mut bytes = Vec::with_capacity(b.size(quoted.len()));
        b.write(&mut bytes, &quoted).expect("build ICMP frame");
        self.frames.push((bytes, t));
        self
    }

    fn sides(&self, who: Who) -> (usize, usize) {
        match who {
            C => (0, 1),
            S => (1, 0),
        }
    }

    /// Decodes and tracks every frame, then ends the input.
    fn run(&self) -> Run {
        let mut tracker = Tracker::default();
        let mut infos = Vec::new();
        for (i, (bytes, t)) in self.frames.iter().enumerate() {
            let packet = decode(LinkType::ETHERNET, bytes, bytes.len() as u32);
            assert!(
                packet.issues.is_empty(),
                "frame {}: {:?}",
                i + 1,
                packet.issues
            );
            let info = tracker
                .track(i as u64 + 1, at(*t), bytes.len() as u32, &packet)
                .unwrap_or_else(|| panic!("frame {} is in no conversation", i + 1));
            infos.push(info);
        }
        let mut convs = Vec::new();
        tracker
            .finish(|c| {
                convs.push(c);
                Ok::<(), ()>(())
            })
            .unwrap();
        Run { infos, convs }
    }
}

fn mac(host: Host) -> [u8; 6] {
    let [a, b, c, d] = host.0;
    [0x02, 0, a, b, c, d]
}

/// Capture time `ms` milliseconds after the start.
fn at(ms: f64) -> Timestamp {
    let ns = (ms * 1e6).round() as i64;
    Timestamp {
        secs: 1_700_000_000 + ns.div_euclid(1_000_000_000),
        nanos: ns.rem_euclid(1_000_000_000) as u32,
    }
}

/// What the tracker said.
struct Run {
    infos: Vec<PacketInfo>,
    convs: Vec<Conversation>,
}

impl Run {
    fn tcp(&self, i: usize) -> &TcpInfo {
        self.infos[i]
            .tcp
            .as_ref()
            .unwrap_or_else(|| panic!("frame {} has no TCP annotation", i + 1))
    }

    /// (relative seq, relative ack) per packet.
    fn rel(&self) -> Vec<(u32, u32)> {
        (0..self.infos.len())
            .map(|i| (self.tcp(i).seq, self.tcp(i).ack))
            .collect()
    }

    fn conv(&self) -> &Conversation {
        assert_eq!(self.convs.len(), 1, "one conversation expected");
        &self.convs[0]
    }

    /// One line per packet, for failure messages.
    fn table(&self) -> String {
        let mut s =
            String::from("\nframe dir  seq/ack  step / after [client, server] / analysis\n");
        for (i, p) in self.infos.iter().enumerate() {
            match &p.tcp {
                Some(t) => {
                    s += &format!(
                        "{:>5} {} {:>5}/{:<5} {:?} / {:?} / {:?}\n",
                        i + 1,
                        p.dir.name(),
                        t.seq,
                        t.ack,
                        t.step,
                        t.after,
                        t.analysis.as_slice()
                    )
                }
                None => s += &format!("{:>5} {} {:?}\n", i + 1, p.dir.name(), p.udp),
            }
        }
        s
    }
}

/// Asserts the diagram packet by packet: the step each packet is, and both RFC 9293 states
/// after it.
fn expect_diagram(run: &Run, want: &[(Option<Step>, TcpState, TcpState)]) {
    assert_eq!(run.infos.len(), want.len(), "packet count{}", run.table());
    for (i, &(step, client, server)) in want.iter().enumerate() {
        let t = run.tcp(i);
        assert_eq!(t.step, step, "frame {}: step{}", i + 1, run.table());
        assert_eq!(
            t.after,
            [client, server],
            "frame {}: states after{}",
            i + 1,
            run.table()
        );
    }
}

/// Asserts every packet's `tcp.analysis` findings, exactly.
fn expect_analysis(run: &Run, want: &[&[Analysis]]) {
    assert_eq!(run.infos.len(), want.len(), "packet count{}", run.table());
    for (i, w) in want.iter().enumerate() {
        assert_eq!(
            run.tcp(i).analysis.as_slice(),
            *w,
            "frame {}: analysis{}",
            i + 1,
            run.table()
        );
    }
}

/// No packet has a `tcp.analysis` finding.
fn expect_no_analysis(run: &Run) {
    expect_analysis(run, &vec![&[][..]; run.infos.len()]);
}

/// Asserts Zeek's conn_state and history and the two verdicts.
fn expect_conn(
    conv: &Conversation,
    conn_state: &str,
    history: &str,
    handshake: &str,
    teardown: &str,
) {
    assert_eq!(
        (
            conv.conn_state().code(),
            conv.history(),
            verdict::handshake(conv.handshake_verdict()),
            verdict::teardown(conv.teardown_verdict())
        ),
        (conn_state, history, handshake, teardown)
    );
}

/// The three-way handshake at 0, 10 and 20 ms.
const HANDSHAKE: [Row; 3] = [
    (C, "S", 0, 0, 0, W, 0.0),
    (S, "SA", 0, 1, 0, W, 10.0),
    (C, "A", 1, 1, 0, W, 20.0),
];

/// Steps and states of [`HANDSHAKE`].
const HANDSHAKE_DIAGRAM: [(Option<Step>, TcpState, TcpState); 3] = [
    (Some(Syn), SynSent, Unknown),
    (Some(SynAck), Established, SynReceived),
    (Some(HandshakeAck), Established, Established),
];

/// A handshake of 1 ms steps, so the initial RTT (SYN to ACK) is 2 ms: tshark's out-of-order
/// threshold once the handshake was seen.
const FAST_HANDSHAKE: [Row; 3] = [
    (C, "S", 0, 0, 0, W, 0.0),
    (S, "SA", 0, 1, 0, W, 1.0),
    (C, "A", 1, 1, 0, W, 2.0),
];

fn diagram(
    head: &[(Option<Step>, TcpState, TcpState)],
    tail: &[(Option<Step>, TcpState, TcpState)],
) -> Vec<(Option<Step>, TcpState, TcpState)> {
    head.iter().chain(tail).copied().collect()
}

const E: TcpState = Established;

// ---------------------------------------------------------------------------------------------
// Handshake

#[test]
fn handshake_data_and_four_way_teardown() {
    let run = Script::new()
        .tcp(&HANDSHAKE)
        .tcp(&[
            (C, "PA", 1, 1, 100, W, 30.0),
            (S, "A", 1, 101, 0, W, 40.0),
            (S, "PA", 1, 101, 200, W, 50.0),
            (C, "A", 101, 201, 0, W, 60.0),
            (C, "FA", 101, 201, 0, W, 70.0),
            (S, "A", 201, 102, 0, W, 80.0),
            (S, "FA", 201, 102, 0, W, 90.0),
            (C, "A", 102, 202, 0, W, 100.0),
        ])
        .run();
    expect_diagram(
        &run,
        &diagram(
            &HANDSHAKE_DIAGRAM,
            &[
                (None, E, E),
                (None, E, E),
                (None, E, E),
                (None, E, E),
                (Some(FirstFin { by: Client }), FinWait1, CloseWait),
                (Some(AckOfFirstFin { by: Server }), FinWait2, CloseWait),
                (
                    Some(SecondFin {
                        by: Server,
                        piggybacked: false,
                    }),
                    TimeWait,
                    LastAck,
                ),
                (
                    Some(FinalAck {
                        by: Client,
                        four_way: true,
                    }),
                    TimeWait,
                    Closed,
                ),
            ],
        ),
    );
    expect_no_analysis(&run);
    expect_conn(run.conv(), "SF", "ShADadFf", "complete", "four-way");
}

#[test]
fn three_way_teardown_piggybacks_the_ack_on_the_second_fin() {
    let run = Script::new()
        .tcp(&HANDSHAKE)
        .tcp(&[
            (C, "PA", 1, 1, 100, W, 30.0),
            (S, "PA", 1, 101, 200, W, 40.0),
            (C, "A", 101, 201, 0, W, 50.0),
            (C, "FA", 101, 201, 0, W, 60.0),
            // FIN-WAIT-1 gets FIN+ACK of its FIN: straight to TIME-WAIT.
            (S, "FA", 201, 102, 0, W, 70.0),
            (C, "A", 102, 202, 0, W, 80.0),
        ])
        .run();
    expect_diagram(
        &run,
        &diagram(
            &HANDSHAKE_DIAGRAM,
            &[
                (None, E, E),
                (None, E, E),
                (None, E, E),
                (Some(FirstFin { by: Client }), FinWait1, CloseWait),
                (
                    Some(SecondFin {
                        by: Server,
                        piggybacked: true,
                    }),
                    TimeWait,
                    LastAck,
                ),
                (
                    Some(FinalAck {
                        by: Client,
                        four_way: false,
                    }),
                    TimeWait,
                    Closed,
                ),
            ],
        ),
    );
    expect_no_analysis(&run);
    expect_conn(
        run.conv(),
        "SF",
        "ShADdFf",
        "complete",
        "three-way (FIN piggy-backed on the ACK)",
    );
}

#[test]
fn simultaneous_open() {
    let run = Script::new()
        .tcp(&[
            (C, "S", 0, 0, 0, W, 0.0),
            // The server's own SYN crosses the client's.
            (S, "S", 0, 0, 0, W, 1.0),
            (C, "SA", 0, 1, 0, W, 10.0),
            (S, "SA", 0, 1, 0, W, 11.0),
            (C, "PA", 1, 1, 50, W, 20.0),
            (S, "A", 1, 51, 0, W, 30.0),
        ])
        .run();
    expect_diagram(
        &run,
        &[
            (Some(Syn), SynSent, Unknown),
            // RFC 9293 figure 7: the server, whose SYN crossed the client's, is SYN-SENT;
            // the client gets that SYN while SYN-SENT and is SYN-RECEIVED.
            (
                Some(SimultaneousOpen {
                    by: Server,
                    syn_ack: false,
                }),
                SynReceived,
                SynSent,
            ),
            // The first SYN-ACK: its receiver has had the client's SYN by now.
            (
                Some(SimultaneousOpen {
                    by: Client,
                    syn_ack: true,
                }),
                SynReceived,
                SynReceived,
            ),
            // The second: both SYNs acknowledged, both ESTABLISHED.
            (
                Some(SimultaneousOpen {
                    by: Server,
                    syn_ack: true,
                }),
                Established,
                Established,
            ),
            (None, E, E),
            (None, E, E),
        ],
    );
    // tshark: a SYN-ACK repeats its side's SYN sequence number, so it is a retransmission.
    expect_analysis(
        &run,
        &[&[], &[], &[Retransmission], &[Retransmission], &[], &[]],
    );
    // Zeek takes the server's SYN, whose sequence number is not the client's initial one,
    // for a new connection on the 5-tuple (IsReuse: "SYN_seq_jump"), with the server as its
    // originator: the client's SYN alone is an attempt (S0), the rest a second record.
    assert_eq!(
        zeek_records(run.conv()),
        [
            ("S0", "S".to_string(), true, [1, 0]),
            ("S1", "ShdA".to_string(), false, [3, 2]),
        ]
    );
    expect_conn(
        run.conv(),
        "S1",
        "ShdA",
        "simultaneous open",
        "none (open at the end of the capture)",
    );
}

#[test]
fn syn_retransmitted_then_answered() {
    let run = Script::new()
        .tcp(&[
            (C, "S", 0, 0, 0, W, 0.0),
            (C, "S", 0, 0, 0, W, 1000.0),
            (S, "SA", 0, 1, 0, W, 1010.0),
            (C, "A", 1, 1, 0, W, 1020.0),
        ])
        .run();
    expect_diagram(
        &run,
        &[
            (Some(Syn), SynSent, Unknown),
            (Some(SynRetransmitted { count: 1 }), SynSent, Unknown),
            (Some(SynAck), Established, SynReceived),
            (Some(HandshakeAck), Established, Established),
        ],
    );
    expect_analysis(&run, &[&[], &[Retransmission], &[], &[]]);
    expect_conn(
        run.conv(),
        "S1",
        "ShA",
        "complete",
        "none (open at the end of the capture)",
    );
}

#[test]
fn syn_ack_retransmitted() {
    let run = Script::new()
        .tcp(&[
            (C, "S", 0, 0, 0, W, 0.0),
            (S, "SA", 0, 1, 0, W, 10.0),
            (S, "SA", 0, 1, 0, W, 1010.0),
            (C, "A", 1, 1, 0, W, 1020.0),
        ])
        .run();
    expect_diagram(
        &run,
        &[
            (Some(Syn), SynSent, Unknown),
            (Some(SynAck), Established, SynReceived),
            (
                Some(SynAckRetransmitted { count: 1 }),
                Established,
                SynReceived,
            ),
            (Some(HandshakeAck), Established, Established),
        ],
    );
    expect_analysis(&run, &[&[], &[], &[Retransmission], &[]]);
    expect_conn(
        run.conv(),
        "S1",
        "ShA",
        "complete",
        "none (open at the end of the capture)",
    );
}

#[test]
fn refused_syn_answered_by_rst() {
    let run = Script::new()
        .tcp(&[(C, "S", 0, 0, 0, W, 0.0), (S, "RA", 0, 1, 0, 0, 0.1)])
        .run();
    expect_diagram(
        &run,
        &[
            (Some(Syn), SynSent, Unknown),
            (Some(Refused { port: 80 }), Closed, Closed),
        ],
    );
    // Nothing listened: the server side was CLOSED before the RST too (no TCB, RFC 9293
    // 3.10.7.1), never LISTEN; before it answered, the SYN could not tell.
    assert_eq!(run.tcp(0).before, [Closed, Unknown], "the SYN");
    assert_eq!(run.tcp(1).before, [SynSent, Closed], "the RST");
    assert_eq!(
        run.conv().tcp.as_ref().map(|t| t.responder_was()),
        Some(Closed)
    );
    expect_no_analysis(&run);
    // The RST-ACK is the server's first segment: tshark numbers it 1 (base = seq - 1).
    assert_eq!(run.rel(), [(0, 0), (1, 1)]);
    expect_conn(
        run.conv(),
        "REJ",
        "Sr",
        "refused (SYN answered by RST)",
        "none (refused)",
    );
}

#[test]
fn syn_unanswered() {
    let run = Script::new().tcp(&[(C, "S", 0, 0, 0, W, 0.0)]).run();
    expect_diagram(&run, &[(Some(Syn), SynSent, Unknown)]);
    expect_no_analysis(&run);
    expect_conn(
        run.conv(),
        "S0",
        "S",
        "no answer (SYN unanswered)",
        "none (open at the end of the capture)",
    );
}

#[test]
fn syn_retransmitted_unanswered() {
    let run = Script::new()
        .tcp(&[
            (C, "S", 0, 0, 0, W, 0.0),
            (C, "S", 0, 0, 0, W, 1000.0),
            (C, "S", 0, 0, 0, W, 3000.0),
        ])
        .run();
    expect_diagram(
        &run,
        &[
            (Some(Syn), SynSent, Unknown),
            (Some(SynRetransmitted { count: 1 }), SynSent, Unknown),
            (Some(SynRetransmitted { count: 2 }), SynSent, Unknown),
        ],
    );
    expect_analysis(&run, &[&[], &[Retransmission], &[Retransmission]]);
    // The same sequence number each time: Zeek writes the S once.
    expect_conn(
        run.conv(),
        "S0",
        "S",
        "no answer (SYN unanswered)",
        "none (open at the end of the capture)",
    );
}

// ---------------------------------------------------------------------------------------------
// Teardown

#[test]
fn teardown_four_way() {
    let run = Script::new()
        .tcp(&HANDSHAKE)
        .tcp(&[
            (C, "FA", 1, 1, 0, W, 30.0),
            (S, "A", 1, 2, 0, W, 40.0),
            (S, "FA", 1, 2, 0, W, 50.0),
            (C, "A", 2, 2, 0, W, 60.0),
        ])
        .run();
    expect_diagram(
        &run,
        &diagram(
            &HANDSHAKE_DIAGRAM,
            &[
                (Some(FirstFin { by: Client }), FinWait1, CloseWait),
                (Some(AckOfFirstFin { by: Server }), FinWait2, CloseWait),
                (
                    Some(SecondFin {
                        by: Server,
                        piggybacked: false,
                    }),
                    TimeWait,
                    LastAck,
                ),
                (
                    Some(FinalAck {
                        by: Client,
                        four_way: true,
                    }),
                    TimeWait,
                    Closed,
                ),
            ],
        ),
    );
    expect_no_analysis(&run);
    assert_eq!(
        run.rel(),
        [(0, 0), (0, 1), (1, 1), (1, 1), (1, 2), (1, 2), (2, 2)]
    );
    expect_conn(run.conv(), "SF", "ShAFaf", "complete", "four-way");
}

#[test]
fn teardown_simultaneous_close() {
    let run = Script::new()
        .tcp(&HANDSHAKE)
        .tcp(&[
            (C, "FA", 1, 1, 0, W, 30.0),
            // The server's FIN leaves before the client's arrives: it does not ACK it.
            (S, "FA", 1, 1, 0, W, 30.5),
            (C, "A", 2, 2, 0, W, 40.0),
            (S, "A", 2, 2, 0, W, 40.5),
        ])
        .run();
    expect_diagram(
        &run,
        &diagram(
            &HANDSHAKE_DIAGRAM,
            &[
                (Some(FirstFin { by: Client }), FinWait1, CloseWait),
                (Some(SimultaneousClose { by: Server }), Closing, Closing),
                (Some(SimultaneousCloseAck { by: Client }), Closing, TimeWait),
                (
                    Some(SimultaneousCloseAck { by: Server }),
                    TimeWait,
                    TimeWait,
                ),
            ],
        ),
    );
    expect_no_analysis(&run);
    expect_conn(run.conv(), "SF", "ShAFfa", "complete", "simultaneous close");
}

#[test]
fn teardown_half_close() {
    let run = Script::new()
        .tcp(&HANDSHAKE)
        .tcp(&[
            (C, "PA", 1, 1, 100, W, 30.0),
            // The client is done sending; the server still has an answer to send.
            (C, "FA", 101, 1, 0, W, 31.0),
            (S, "A", 1, 102, 0, W, 40.0),
            (S, "PA", 1, 102, 1000, W, 50.0),
            (C, "A", 102, 1001, 0, W, 60.0),
            (S, "PA", 1001, 102, 500, W, 70.0),
            (C, "A", 102, 1501, 0, W, 80.0),
            (S, "FA", 1501, 102, 0, W, 90.0),
            (C, "A", 102, 1502, 0, W, 100.0),
        ])
        .run();
    expect_diagram(
        &run,
        &diagram(
            &HANDSHAKE_DIAGRAM,
            &[
                (None, E, E),
                (Some(FirstFin { by: Client }), FinWait1, CloseWait),
                (Some(AckOfFirstFin { by: Server }), FinWait2, CloseWait),
                (Some(HalfCloseData { by: Server }), FinWait2, CloseWait),
                (None, FinWait2, CloseWait),
                (Some(HalfCloseData { by: Server }), FinWait2, CloseWait),
                (None, FinWait2, CloseWait),
                (
                    Some(SecondFin {
                        by: Server,
                        piggybacked: false,
                    }),
                    TimeWait,
                    LastAck,
                ),
                (
                    Some(FinalAck {
                        by: Client,
                        four_way: true,
                    }),
                    TimeWait,
                    Closed,
                ),
            ],
        ),
    );
    expect_no_analysis(&run);
    expect_conn(
        run.conv(),
        "SF",
        "ShADFadf",
        "complete",
        "half-close, then four-way",
    );
}

#[test]
fn teardown_abort_by_client_rst() {
    let run = Script::new()
        .tcp(&HANDSHAKE)
        .tcp(&[
            (C, "PA", 1, 1, 100, W, 30.0),
            (S, "PA", 1, 101, 200, W, 40.0),
            (C, "RA", 101, 201, 0, 0, 50.0),
        ])
        .run();
    expect_diagram(
        &run,
        &diagram(
            &HANDSHAKE_DIAGRAM,
            &[
                (None, E, E),
                (None, E, E),
                (Some(Abort { by: Client }), Closed, Closed),
            ],
        ),
    );
    expect_no_analysis(&run);
    expect_conn(
        run.conv(),
        "RSTO",
        "ShADdR",
        "complete",
        "abort (client sent RST)",
    );
}

#[test]
fn teardown_abort_by_server_rst() {
    let run = Script::new()
        .tcp(&HANDSHAKE)
        .tcp(&[(C, "PA", 1, 1, 100, W, 30.0), (S, "RA", 1, 101, 0, 0, 40.0)])
        .run();
    expect_diagram(
        &run,
        &diagram(
            &HANDSHAKE_DIAGRAM,
            &[(None, E, E), (Some(Abort { by: Server }), Closed, Closed)],
        ),
    );
    expect_no_analysis(&run);
    expect_conn(
        run.conv(),
        "RSTR",
        "ShADr",
        "complete",
        "abort (server sent RST)",
    );
}

/// Like Zeek's http-to-ssh trace: an HTTP client talks to an SSH server, gives up with a FIN,
/// and the server answers with RST.
#[test]
fn teardown_rst_after_fin() {
    let run = Script::new()
        .tcp(&HANDSHAKE)
        .tcp(&[
            (S, "PA", 1, 1, 21, W, 30.0),
            (C, "A", 1, 22, 0, W, 40.0),
            (C, "PA", 1, 22, 18, W, 50.0),
            (C, "FA", 19, 22, 0, W, 51.0),
            (S, "RA", 22, 20, 0, 0, 60.0),
        ])
        .run();
    expect_diagram(
        &run,
        &diagram(
            &HANDSHAKE_DIAGRAM,
            &[
                (None, E, E),
                (None, E, E),
                (None, E, E),
                (Some(FirstFin { by: Client }), FinWait1, CloseWait),
                (Some(RstAfterFin { by: Server }), Closed, Closed),
            ],
        ),
    );
    expect_no_analysis(&run);
    expect_conn(
        run.conv(),
        "RSTR",
        "ShAdDFr",
        "complete",
        "RST after FIN (by server)",
    );
}

#[test]
fn teardown_server_closes_first() {
    let run = Script::new()
        .tcp(&HANDSHAKE)
        .tcp(&[
            (C, "PA", 1, 1, 100, W, 30.0),
            (S, "PA", 1, 101, 200, W, 40.0),
            (S, "FA", 201, 101, 0, W, 41.0),
            (C, "A", 101, 202, 0, W, 50.0),
            (C, "FA", 101, 202, 0, W, 60.0),
            (S, "A", 202, 102, 0, W, 70.0),
        ])
        .run();
    expect_diagram(
        &run,
        &diagram(
            &HANDSHAKE_DIAGRAM,
            &[
                (None, E, E),
                (None, E, E),
                (Some(FirstFin { by: Server }), CloseWait, FinWait1),
                (Some(AckOfFirstFin { by: Client }), CloseWait, FinWait2),
                (
                    Some(SecondFin {
                        by: Client,
                        piggybacked: false,
                    }),
                    LastAck,
                    TimeWait,
                ),
                // The server closed first: it is the one left in TIME-WAIT.
                (
                    Some(FinalAck {
                        by: Server,
                        four_way: true,
                    }),
                    Closed,
                    TimeWait,
                ),
            ],
        ),
    );
    expect_no_analysis(&run);
    expect_conn(run.conv(), "SF", "ShADdfFa", "complete", "four-way");
}

// ---------------------------------------------------------------------------------------------
// Zeek's conn_state, one scenario each (S0, SF, REJ, RSTO and RSTR are above)

#[test]
fn zeek_s1_established_and_not_closed() {
    let run = Script::new()
        .tcp(&HANDSHAKE)
        .tcp(&[(C, "PA", 1, 1, 100, W, 30.0), (S, "A", 1, 101, 0, W, 40.0)])
        .run();
    expect_diagram(
        &run,
        &diagram(&HANDSHAKE_DIAGRAM, &[(None, E, E), (None, E, E)]),
    );
    expect_no_analysis(&run);
    expect_conn(
        run.conv(),
        "S1",
        "ShADa",
        "complete",
        "none (open at the end of the capture)",
    );
}

/// Zeek takes the responder's SYN-ACK as the connection established (both endpoints go to
/// ESTABLISHED on it), so the third ACK is not needed for S1.
#[test]
fn zeek_s1_after_syn_ack_without_the_final_ack() {
    let run = Script::new()
        .tcp(&[(C, "S", 0, 0, 0, W, 0.0), (S, "SA", 0, 1, 0, W, 10.0)])
        .run();
    expect_diagram(
        &run,
        &[
            (Some(Syn), SynSent, Unknown),
            (Some(SynAck), Established, SynReceived),
        ],
    );
    expect_no_analysis(&run);
    expect_conn(
        run.conv(),
        "S1",
        "Sh",
        "incomplete (no final ACK)",
        "none (open at the end of the capture)",
    );
}

/// After a SYN-ACK the originator is no longer in SYN_SENT, so a responder's RST is RSTR, not
/// REJ (which Zeek keeps for a SYN answered by RST).
#[test]
fn zeek_rstr_when_the_responder_resets_after_its_syn_ack() {
    let run = Script::new()
        .tcp(&[
            (C, "S", 0, 0, 0, W, 0.0),
            (S, "SA", 0, 1, 0, W, 10.0),
            (S, "RA", 1, 1, 0, 0, 20.0),
        ])
        .run();
    expect_diagram(
        &run,
        &[
            (Some(Syn), SynSent, Unknown),
            (Some(SynAck), Established, SynReceived),
            (Some(Abort { by: Server }), Closed, Closed),
        ],
    );
    expect_no_analysis(&run);
    expect_conn(
        run.conv(),
        "RSTR",
        "Shr",
        "incomplete (no final ACK)",
        "abort (server sent RST)",
    );
}

#[test]
fn zeek_s2_originator_fin_only() {
    let run = Script::new()
        .tcp(&HANDSHAKE)
        .tcp(&[
            (C, "PA", 1, 1, 100, W, 30.0),
            (S, "A", 1, 101, 0, W, 40.0),
            (C, "FA", 101, 1, 0, W, 50.0),
            (S, "A", 1, 102, 0, W, 60.0),
        ])
        .run();
    expect_diagram(
        &run,
        &diagram(
            &HANDSHAKE_DIAGRAM,
            &[
                (None, E, E),
                (None, E, E),
                (Some(FirstFin { by: Client }), FinWait1, CloseWait),
                (Some(AckOfFirstFin { by: Server }), FinWait2, CloseWait),
            ],
        ),
    );
    expect_no_analysis(&run);
    expect_conn(
        run.conv(),
        "S2",
        "ShADaF",
        "complete",
        "half-closed (only the client sent FIN)",
    );
}

#[test]
fn zeek_s3_responder_fin_only() {
    let run = Script::new()
        .tcp(&HANDSHAKE)
        .tcp(&[
            (C, "PA", 1, 1, 100, W, 30.0),
            (S, "PA", 1, 101, 200, W, 40.0),
            (S, "FA", 201, 101, 0, W, 41.0),
            (C, "A", 101, 202, 0, W, 50.0),
        ])
        .run();
    expect_diagram(
        &run,
        &diagram(
            &HANDSHAKE_DIAGRAM,
            &[
                (None, E, E),
                (None, E, E),
                (Some(FirstFin { by: Server }), CloseWait, FinWait1),
                (Some(AckOfFirstFin { by: Client }), CloseWait, FinWait2),
            ],
        ),
    );
    expect_no_analysis(&run);
    expect_conn(
        run.conv(),
        "S3",
        "ShADdf",
        "complete",
        "half-closed (only the server sent FIN)",
    );
}

#[test]
fn zeek_rstos0_syn_then_originator_rst() {
    let run = Script::new()
        .tcp(&[(C, "S", 0, 0, 0, W, 0.0), (C, "R", 1, 0, 0, 0, 1000.0)])
        .run();
    expect_diagram(
        &run,
        &[
            (Some(Syn), SynSent, Unknown),
            // The server never answered: whether it listened is still unknown.
            (Some(Abort { by: Client }), Closed, Unknown),
        ],
    );
    expect_no_analysis(&run);
    expect_conn(
        run.conv(),
        "RSTOS0",
        "SR",
        "no answer (SYN unanswered)",
        "abort (client sent RST)",
    );
}

#[test]
fn zeek_rstrh_syn_ack_then_responder_rst() {
    // The SYN was not captured: the SYN-ACK's receiver is taken for the client.
    let run = Script::new()
        .tcp(&[(S, "SA", 0, 1, 0, W, 0.0), (S, "R", 1, 0, 0, 0, 10.0)])
        .run();
    expect_diagram(
        &run,
        &[
            (Some(SynAck), Established, SynReceived),
            (Some(Abort { by: Server }), Closed, Closed),
        ],
    );
    expect_no_analysis(&run);
    assert_eq!(run.rel(), [(0, 1), (1, 0)]);
    let conv = run.conv();
    assert_eq!(conv.role_reason, RoleReason::GotSynAck);
    assert_eq!(run.infos[0].dir, Dir::S2C);
    expect_conn(
        conv,
        "RSTRH",
        "^hr",
        "SYN not captured",
        "abort (server sent RST)",
    );
}

#[test]
fn zeek_sh_syn_then_originator_fin() {
    let run = Script::new()
        .tcp(&[(C, "S", 0, 0, 0, W, 0.0), (C, "F", 1, 0, 0, W, 1000.0)])
        .run();
    expect_diagram(
        &run,
        &[
            (Some(Syn), SynSent, Unknown),
            (Some(FirstFin { by: Client }), FinWait1, Unknown),
        ],
    );
    expect_no_analysis(&run);
    expect_conn(
        run.conv(),
        "SH",
        "SF",
        "no answer (SYN unanswered)",
        "half-closed (only the client sent FIN)",
    );
}

#[test]
fn zeek_shr_syn_ack_then_responder_fin() {
    let run = Script::new()
        .tcp(&[(S, "SA", 0, 1, 0, W, 0.0), (S, "FA", 1, 1, 0, W, 10.0)])
        .run();
    expect_diagram(
        &run,
        &[
            (Some(SynAck), Established, SynReceived),
            (Some(FirstFin { by: Server }), CloseWait, FinWait1),
        ],
    );
    expect_no_analysis(&run);
    expect_conn(
        run.conv(),
        "SHR",
        "^hf",
        "SYN not captured",
        "half-closed (only the server sent FIN)",
    );
}

/// Mid-stream data in both directions, no SYN, no FIN.
const MIDSTREAM: [Row; 4] = [
    (C, "PA", 70001, 30001, 100, W, 0.0),
    (S, "A", 30001, 70101, 0, W, 10.0),
    (S, "PA", 30001, 70101, 200, W, 20.0),
    (C, "A", 70101, 30201, 0, W, 30.0),
];

#[test]
fn zeek_oth_midstream_only() {
    let run = Script::new().tcp(&MIDSTREAM).run();
    expect_diagram(
        &run,
        &[(None, E, E), (None, E, E), (None, E, E), (None, E, E)],
    );
    expect_no_analysis(&run);
    expect_conn(
        run.conv(),
        "OTH",
        "DadA",
        "not captured (mid-stream)",
        "none (open at the end of the capture)",
    );
}

/// Zeek writes the S, H, F and R letters again only for a new sequence number; a RST sent
/// again with the same number is not a new letter.
#[test]
fn zeek_history_repeats_flag_letters_only_for_new_sequence_numbers() {
    let run = Script::new()
        .tcp(&HANDSHAKE)
        .tcp(&[
            (C, "PA", 1, 1, 100, W, 30.0),
            (S, "RA", 1, 101, 0, 0, 40.0),
            (S, "R", 1, 0, 0, 0, 41.0),
            (S, "R", 1001, 0, 0, 0, 42.0),
        ])
        .run();
    expect_diagram(
        &run,
        &diagram(
            &HANDSHAKE_DIAGRAM,
            &[
                (None, E, E),
                (Some(Abort { by: Server }), Closed, Closed),
                (None, Closed, Closed),
                (None, Closed, Closed),
            ],
        ),
    );
    expect_no_analysis(&run);
    expect_conn(
        run.conv(),
        "RSTR",
        "ShADrr",
        "complete",
        "abort (server sent RST)",
    );
}

/// T (like G, W and C) is written at the 1st, 10th, 100th... occurrence.
#[test]
fn zeek_history_counts_retransmissions_logarithmically() {
    let mut rows = FAST_HANDSHAKE.to_vec();
    rows.push((C, "PA", 1, 1, 10, W, 10.0));
    for k in 1..=10 {
        rows.push((C, "PA", 1, 1, 10, W, 10.0 + 300.0 * f64::from(k)));
    }
    rows.push((S, "A", 1, 11, 0, W, 4000.0));
    let run = Script::new().tcp(&rows).run();
    let mut want: Vec<&[Analysis]> = vec![&[], &[], &[], &[]];
    want.extend([&[Retransmission][..]; 10]);
    want.push(&[]);
    expect_analysis(&run, &want);
    let mut steps = HANDSHAKE_DIAGRAM.to_vec();
    steps.extend([(None, E, E); 12]);
    expect_diagram(&run, &steps);
    expect_conn(
        run.conv(),
        "S1",
        "ShADTTa",
        "complete",
        "none (open at the end of the capture)",
    );
}

// ---------------------------------------------------------------------------------------------
// tcp.analysis, as tshark defines it. The handshake takes 2 ms, tshark's out-of-order
// threshold from then on.

fn established_then(rows: &[Row]) -> Run {
    Script::new().tcp(&FAST_HANDSHAKE).tcp(rows).run()
}

fn expect_established_throughout(run: &Run) {
    let mut want = HANDSHAKE_DIAGRAM.to_vec();
    want.extend(vec![(None, E, E); run.infos.len() - 3]);
    expect_diagram(run, &want);
}

#[test]
fn analysis_retransmission() {
    let run = established_then(&[
        (C, "PA", 1, 1, 100, W, 10.0),
        // No ACK came: the same segment again, 200 ms later.
        (C, "PA", 1, 1, 100, W, 210.0),
        (S, "A", 1, 101, 0, W, 220.0),
    ]);
    expect_established_throughout(&run);
    expect_analysis(&run, &[&[], &[], &[], &[], &[Retransmission], &[]]);
    expect_conn(
        run.conv(),
        "S1",
        "ShADTa",
        "complete",
        "none (open at the end of the capture)",
    );
}

#[test]
fn analysis_fast_retransmission_after_three_duplicate_acks() {
    let run = established_then(&[
        (C, "PA", 1, 1, 100, W, 10.0),
        (C, "PA", 101, 1, 100, W, 10.1), // lost after the capture point
        (C, "PA", 201, 1, 100, W, 10.2),
        (C, "PA", 301, 1, 100, W, 10.3),
        (C, "PA", 401, 1, 100, W, 10.4),
        (S, "A", 1, 101, 0, W, 12.0),
        (S, "A", 1, 101, 0, W, 12.2),
        (S, "A", 1, 101, 0, W, 12.3),
        (S, "A", 1, 101, 0, W, 12.4),
        (C, "PA", 101, 1, 100, W, 12.5),
        (S, "A", 1, 501, 0, W, 14.0),
    ]);
    expect_established_throughout(&run);
    expect_analysis(
        &run,
        &[
            &[],
            &[],
            &[],
            &[],
            &[],
            &[],
            &[],
            &[],
            &[],
            &[DupAck { count: 1 }],
            &[DupAck { count: 2 }],
            &[DupAck { count: 3 }],
            &[FastRetransmission { dupacks: 3 }],
            &[],
        ],
    );
    expect_conn(
        run.conv(),
        "S1",
        "ShADaT",
        "complete",
        "none (open at the end of the capture)",
    );
}

#[test]
fn analysis_duplicate_acks_then_a_late_retransmission_is_not_fast() {
    let run = established_then(&[
        (C, "PA", 1, 1, 100, W, 10.0),
        (C, "PA", 101, 1, 100, W, 10.1),
        (C, "PA", 201, 1, 100, W, 10.2),
        (S, "A", 1, 101, 0, W, 12.0),
        (S, "A", 1, 101, 0, W, 12.1),
        (S, "A", 1, 101, 0, W, 12.2),
        (S, "A", 1, 101, 0, W, 12.3),
        // More than 20 ms after the last duplicate ACK: a plain retransmission.
        (C, "PA", 101, 1, 100, W, 300.0),
        (S, "A", 1, 301, 0, W, 310.0),
    ]);
    expect_established_throughout(&run);
    expect_analysis(
        &run,
        &[
            &[],
            &[],
            &[],
            &[],
            &[],
            &[],
            &[],
            &[DupAck { count: 1 }],
            &[DupAck { count: 2 }],
            &[DupAck { count: 3 }],
            &[Retransmission],
            &[],
        ],
    );
    expect_conn(
        run.conv(),
        "S1",
        "ShADaT",
        "complete",
        "none (open at the end of the capture)",
    );
}

#[test]
fn analysis_out_of_order() {
    let run = established_then(&[
        (C, "PA", 1, 1, 100, W, 10.0),
        (C, "PA", 201, 1, 100, W, 10.1),
        // 0.5 ms after the higher segment, under the 2 ms RTT: out of order, not resent.
        (C, "PA", 101, 1, 100, W, 10.6),
        (S, "A", 1, 301, 0, W, 12.0),
    ]);
    expect_established_throughout(&run);
    expect_analysis(
        &run,
        &[
            &[],
            &[],
            &[],
            &[],
            &[LostSegment { missing: 100 }],
            &[OutOfOrder],
            &[],
        ],
    );
    // Zeek: data ending below the highest sequence number seen is "retransmitted payload"
    // (T); the hole was filled before the ACK, so there is no content gap (G).
    expect_conn(
        run.conv(),
        "S1",
        "ShADTa",
        "complete",
        "none (open at the end of the capture)",
    );
}

#[test]
fn analysis_lost_segment() {
    let run = established_then(&[
        (C, "PA", 1, 1, 100, W, 10.0),
        // 101..201 was not captured, but the server got it.
        (C, "PA", 201, 1, 100, W, 10.2),
        (S, "A", 1, 301, 0, W, 12.0),
    ]);
    expect_established_throughout(&run);
    // The server's ACK covers the bytes the capture missed: tshark's ACKed unseen segment.
    expect_analysis(
        &run,
        &[
            &[],
            &[],
            &[],
            &[],
            &[LostSegment { missing: 100 }],
            &[AckedUnseen],
        ],
    );
    // Zeek records the content gap when the ACK passes over the hole.
    expect_conn(
        run.conv(),
        "S1",
        "ShADaG",
        "complete",
        "none (open at the end of the capture)",
    );
}

#[test]
fn analysis_zero_window_and_window_update() {
    let run = established_then(&[
        (C, "PA", 1, 1, 1000, W, 10.0),
        (S, "A", 1, 1001, 0, 0, 11.0),
        // Still full: a zero window again is neither a duplicate ACK nor a window update
        // (tshark wants a non-zero window for both).
        (S, "A", 1, 1001, 0, 0, 20.0),
        (S, "A", 1, 1001, 0, 8192, 100.0),
        (C, "PA", 1001, 1, 100, W, 101.0),
        (S, "A", 1, 1101, 0, 8192, 110.0),
    ]);
    expect_established_throughout(&run);
    expect_analysis(
        &run,
        &[
            &[],
            &[],
            &[],
            &[],
            &[ZeroWindow],
            &[ZeroWindow],
            &[WindowUpdate],
            &[],
            &[],
        ],
    );
    expect_conn(
        run.conv(),
        "S1",
        "ShADaw",
        "complete",
        "none (open at the end of the capture)",
    );
}

#[test]
fn analysis_keep_alive() {
    let run = established_then(&[
        (C, "PA", 1, 1, 100, W, 10.0),
        (S, "A", 1, 101, 0, W, 11.0),
        // Idle; the client probes with next_seq - 1, no data...
        (C, "A", 100, 1, 0, W, 45_000.0),
        // ...the answer repeats the ACK: tshark calls it a keep-alive ACK, not a duplicate.
        (S, "A", 1, 101, 0, W, 45_001.0),
        // ...and later with one garbage byte.
        (C, "A", 100, 1, 1, W, 90_000.0),
        (S, "A", 1, 101, 0, W, 90_001.0),
    ]);
    expect_established_throughout(&run);
    expect_analysis(
        &run,
        &[
            &[],
            &[],
            &[],
            &[],
            &[],
            &[KeepAlive],
            &[KeepAliveAck],
            &[KeepAlive],
            &[KeepAliveAck],
        ],
    );
    // Zeek counts the one-byte probe as retransmitted payload.
    expect_conn(
        run.conv(),
        "S1",
        "ShADaT",
        "complete",
        "none (open at the end of the capture)",
    );
}

/// tshark's out-of-order threshold is the initial RTT, measured from the most recent SYN
/// (`ts_mru_syn`), so a retransmitted SYN does not stretch it.
#[test]
fn analysis_out_of_order_threshold_is_the_rtt_from_the_last_syn() {
    let run = Script::new()
        .tcp(&[
            (C, "S", 0, 0, 0, W, 0.0),
            (C, "S", 0, 0, 0, W, 1000.0),
            (S, "SA", 0, 1, 0, W, 1010.0),
            (C, "A", 1, 1, 0, W, 1020.0), // RTT 20 ms
            (C, "PA", 1, 1, 100, W, 1030.0),
            (C, "PA", 201, 1, 100, W, 1030.1),
            (C, "PA", 101, 1, 100, W, 1040.1), // 10 ms: within the RTT
            (C, "PA", 401, 1, 100, W, 1050.0),
            (C, "PA", 301, 1, 100, W, 1150.0), // 100 ms: beyond it
            (S, "A", 1, 501, 0, W, 1160.0),
        ])
        .run();
    let mut want = vec![
        (Some(Syn), SynSent, Unknown),
        (Some(SynRetransmitted { count: 1 }), SynSent, Unknown),
        (Some(SynAck), Established, SynReceived),
        (Some(HandshakeAck), Established, Established),
    ];
    want.extend([(None, E, E); 6]);
    expect_diagram(&run, &want);
    expect_analysis(
        &run,
        &[
            &[],
            &[Retransmission],
            &[],
            &[],
            &[],
            &[LostSegment { missing: 100 }],
            &[OutOfOrder],
            &[LostSegment { missing: 100 }],
            &[Retransmission],
            &[],
        ],
    );
    expect_conn(
        run.conv(),
        "S1",
        "ShADTa",
        "complete",
        "none (open at the end of the capture)",
    );
}

/// Data the receiver already acknowledged, sent again: tshark's spurious retransmission, decided
/// before the out-of-order timing is looked at.
#[test]
fn analysis_spurious_retransmission_comes_before_out_of_order() {
    let run = established_then(&[
        (C, "PA", 1, 1, 100, W, 10.0),
        (C, "PA", 101, 1, 100, W, 10.1),
        (S, "A", 1, 201, 0, W, 10.3),
        (C, "PA", 1, 1, 100, W, 10.6),
    ]);
    expect_established_throughout(&run);
    expect_analysis(
        &run,
        &[&[], &[], &[], &[], &[], &[], &[SpuriousRetransmission]],
    );
    expect_conn(
        run.conv(),
        "S1",
        "ShADaT",
        "complete",
        "none (open at the end of the capture)",
    );
}

// ---------------------------------------------------------------------------------------------
// Relative sequence numbers

#[test]
fn relative_numbers_start_at_zero_with_the_syn() {
    let run = Script::new()
        .isns(3_000_000_000, 123_456)
        .tcp(&HANDSHAKE)
        .tcp(&[
            (C, "PA", 1, 1, 100, W, 30.0),
            (S, "PA", 1, 101, 50, W, 40.0),
        ])
        .run();
    assert_eq!(run.rel(), [(0, 0), (0, 1), (1, 1), (1, 1), (1, 101)]);
    let next: Vec<u32> = (0..5).map(|i| run.tcp(i).next_seq).collect();
    assert_eq!(next, [1, 1, 1, 101, 51]);
    expect_diagram(
        &run,
        &diagram(&HANDSHAKE_DIAGRAM, &[(None, E, E), (None, E, E)]),
    );
    expect_no_analysis(&run);
    expect_conn(
        run.conv(),
        "S1",
        "ShADd",
        "complete",
        "none (open at the end of the capture)",
    );
}

#[test]
fn relative_numbers_survive_the_32_bit_wrap() {
    let run = Script::new()
        .isns(u32::MAX - 10, u32::MAX - 50)
        .tcp(&HANDSHAKE)
        .tcp(&[
            (C, "PA", 1, 1, 100, W, 30.0), // crosses 2^32
            (C, "PA", 101, 1, 100, W, 31.0),
            (S, "PA", 1, 201, 100, W, 40.0), // crosses 2^32
            (C, "FA", 201, 101, 0, W, 50.0),
            (S, "FA", 101, 202, 0, W, 60.0),
            (C, "A", 202, 102, 0, W, 70.0),
        ])
        .run();
    assert_eq!(
        run.rel(),
        [
            (0, 0),
            (0, 1),
            (1, 1),
            (1, 1),
            (101, 1),
            (1, 201),
            (201, 101),
            (101, 202),
            (202, 102)
        ]
    );
    expect_diagram(
        &run,
        &diagram(
            &HANDSHAKE_DIAGRAM,
            &[
                (None, E, E),
                (None, E, E),
                (None, E, E),
                (Some(FirstFin { by: Client }), FinWait1, CloseWait),
                (
                    Some(SecondFin {
                        by: Server,
                        piggybacked: true,
                    }),
                    TimeWait,
                    LastAck,
                ),
                (
                    Some(FinalAck {
                        by: Client,
                        four_way: false,
                    }),
                    TimeWait,
                    Closed,
                ),
            ],
        ),
    );
    expect_no_analysis(&run);
    expect_conn(
        run.conv(),
        "SF",
        "ShADdFf",
        "complete",
        "three-way (FIN piggy-backed on the ACK)",
    );
}

#[test]
fn relative_numbers_of_a_midstream_pickup_start_at_one() {
    let run = Script::new().tcp(&MIDSTREAM).run();
    // tshark's rule without a SYN: base = first seq - 1 (and first ack - 1 for the peer).
    assert_eq!(run.rel(), [(1, 1), (1, 101), (1, 101), (101, 201)]);
    expect_diagram(
        &run,
        &[(None, E, E), (None, E, E), (None, E, E), (None, E, E)],
    );
    expect_no_analysis(&run);
    expect_conn(
        run.conv(),
        "OTH",
        "DadA",
        "not captured (mid-stream)",
        "none (open at the end of the capture)",
    );
}

// ---------------------------------------------------------------------------------------------
// Port reuse

/// A connection closed with FIN/FIN, then three-way close.
const CLOSED_CONNECTION: [Row; 6] = [
    (C, "S", 0, 0, 0, W, 0.0),
    (S, "SA", 0, 1, 0, W, 10.0),
    (C, "A", 1, 1, 0, W, 20.0),
    (C, "FA", 1, 1, 0, W, 30.0),
    (S, "FA", 1, 2, 0, W, 40.0),
    (C, "A", 2, 2, 0, W, 50.0),
];

#[test]
fn port_reuse_a_new_isn_opens_a_new_conversation_and_its_retransmitted_syn_stays() {
    let run = Script::new()
        .tcp(&CLOSED_CONNECTION)
        .isns(777_777, 999_999)
        .tcp(&[
            (C, "S", 0, 0, 0, W, 5000.0),
            (C, "S", 0, 0, 0, W, 6000.0),
            (S, "SA", 0, 1, 0, W, 6010.0),
            (C, "A", 1, 1, 0, W, 6020.0),
        ])
        .run();
    let ids: Vec<u64> = run.infos.iter().map(|p| p.conn).collect();
    assert_eq!(ids, [1, 1, 1, 1, 1, 1, 2, 2, 2, 2]);
    let firsts: Vec<bool> = run.infos.iter().map(|p| p.first).collect();
    assert_eq!(
        firsts,
        [
            true, false, false, false, false, false, true, false, false, false
        ]
    );
    expect_diagram(
        &run,
        &[
            (Some(Syn), SynSent, Unknown),
            (Some(SynAck), Established, SynReceived),
            (Some(HandshakeAck), Established, Established),
            (Some(FirstFin { by: Client }), FinWait1, CloseWait),
            (
                Some(SecondFin {
                    by: Server,
                    piggybacked: true,
                }),
                TimeWait,
                LastAck,
            ),
            (
                Some(FinalAck {
                    by: Client,
                    four_way: false,
                }),
                TimeWait,
                Closed,
            ),
            // A new connection: its own states from CLOSED/LISTEN, numbers from 0.
            (Some(Syn), SynSent, Unknown),
            (Some(SynRetransmitted { count: 1 }), SynSent, Unknown),
            (Some(SynAck), Established, SynReceived),
            (Some(HandshakeAck), Established, Established),
        ],
    );
    expect_analysis(
        &run,
        &[
            &[],
            &[],
            &[],
            &[],
            &[],
            &[],
            &[],
            &[Retransmission],
            &[],
            &[],
        ],
    );
    assert_eq!(run.rel()[6..], [(0, 0), (0, 0), (0, 1), (1, 1)]);
    assert_eq!(run.convs.len(), 2);
    expect_conn(
        &run.convs[0],
        "SF",
        "ShAFf",
        "complete",
        "three-way (FIN piggy-backed on the ACK)",
    );
    expect_conn(
        &run.convs[1],
        "S1",
        "ShA",
        "complete",
        "none (open at the end of the capture)",
    );
}

#[test]
fn port_reuse_a_syn_with_the_old_isn_is_a_retransmission() {
    let run = Script::new()
        .tcp(&CLOSED_CONNECTION)
        .tcp(&[(C, "S", 0, 0, 0, W, 5000.0)])
        .run();
    let ids: Vec<u64> = run.infos.iter().map(|p| p.conn).collect();
    assert_eq!(ids, [1; 7]);
    assert_eq!(run.rel()[6], (0, 0));
    let mut want = vec![
        (Some(Syn), SynSent, Unknown),
        (Some(SynAck), Established, SynReceived),
        (Some(HandshakeAck), Established, Established),
        (Some(FirstFin { by: Client }), FinWait1, CloseWait),
        (
            Some(SecondFin {
                by: Server,
                piggybacked: true,
            }),
            TimeWait,
            LastAck,
        ),
        (
            Some(FinalAck {
                by: Client,
                four_way: false,
            }),
            TimeWait,
            Closed,
        ),
    ];
    want.push((Some(SynRetransmitted { count: 1 }), TimeWait, Closed));
    expect_diagram(&run, &want);
    expect_analysis(&run, &[&[], &[], &[], &[], &[], &[], &[Retransmission]]);
    // Zeek: a SYN on a closed connection starts a new one (IsReuse), whatever its number.
    assert_eq!(
        zeek_records(run.conv()),
        [
            ("SF", "ShAFf".to_string(), true, [4, 2]),
            ("S0", "S".to_string(), true, [1, 0]),
        ]
    );
    expect_conn(
        run.conv(),
        "S0",
        "S",
        "complete",
        "three-way (FIN piggy-backed on the ACK)",
    );
}

// ---------------------------------------------------------------------------------------------
// UDP

const DNS_SERVER: Host = ([10, 0, 0, 2], 53);

fn udp_steps(run: &Run) -> Vec<Option<UdpStep>> {
    run.infos.iter().map(|p| p.udp).collect()
}

#[test]
fn udp_request_and_response() {
    let run = Script::between(CLIENT, DNS_SERVER)
        .udp(&[(C, 30, 0.0), (S, 60, 5.0), (C, 30, 10.0), (S, 60, 15.0)])
        .run();
    assert_eq!(
        udp_steps(&run),
        [
            Some(UdpStep::First),
            Some(UdpStep::Response { to_frame: 1 }),
            Some(UdpStep::Request),
            Some(UdpStep::Response { to_frame: 3 }),
        ]
    );
    assert!(run.infos.iter().all(|p| p.conn == 1 && p.tcp.is_none()));
    let conv = run.conv();
    assert_eq!((conv.packets, conv.payload), ([2, 2], [60, 120]));
    let udp = conv.udp.as_ref().expect("UDP state");
    assert_eq!((udp.requests, udp.responses), (2, 2));
    expect_conn(
        conv,
        "SF",
        "Dd",
        "none (UDP is connectionless)",
        "none (UDP is connectionless)",
    );
}

#[test]
fn udp_only_the_client_speaks() {
    let run = Script::between(CLIENT, DNS_SERVER)
        .udp(&[(C, 30, 0.0), (C, 30, 1000.0)])
        .run();
    assert_eq!(
        udp_steps(&run),
        [Some(UdpStep::First), Some(UdpStep::Request)]
    );
    expect_conn(
        run.conv(),
        "S0",
        "D",
        "none (UDP is connectionless)",
        "none (UDP is connectionless)",
    );
}

#[test]
fn udp_icmp_port_unreachable_is_linked_to_the_datagram() {
    let run = Script::between(CLIENT, DNS_SERVER)
        .udp(&[(C, 30, 0.0)])
        .port_unreachable(1, 0.2)
        .run();
    assert_eq!(udp_steps(&run), [Some(UdpStep::First), None]);
    let icmp = &run.infos[1];
    assert_eq!(
        (icmp.conn, icmp.icmp_error, icmp.dir, icmp.first),
        (1, true, Dir::S2C, false)
    );
    assert!(icmp.tcp.is_none());
    let conv = run.conv();
    assert_eq!(conv.icmp_errors, 1);
    assert_eq!(conv.packets, [1, 0]);
    expect_conn(
        conv,
        "S0",
        "D",
        "none (UDP is connectionless)",
        "none (UDP is connectionless)",
    );
}

// ---------------------------------------------------------------------------------------------
// Client and server without a SYN

fn endpoint(h: Host) -> Endpoint {
    Endpoint {
        addr: std::net::IpAddr::from(h.0),
        port: h.1,
    }
}

#[test]
fn roles_without_a_syn_the_lower_port_class_is_the_server() {
    // The server speaks first; port 80 is well-known, 50000 dynamic.
    let run = Script::new()
        .tcp(&[(S, "PA", 1, 1, 100, W, 0.0), (C, "A", 1, 101, 0, W, 10.0)])
        .run();
    assert_eq!(run.infos[0].dir, Dir::S2C);
    assert_eq!(run.rel(), [(1, 1), (1, 101)]);
    expect_diagram(&run, &[(None, E, E), (None, E, E)]);
    expect_no_analysis(&run);
    let conv = run.conv();
    assert_eq!(
        (conv.client, conv.server, conv.role_reason),
        (
            endpoint(CLIENT),
            endpoint(SERVER),
            RoleReason::ServerPortClass
        )
    );
    // Zeek marks the history: the originator is not the side that sent first.
    expect_conn(
        conv,
        "OTH",
        "^dA",
        "not captured (mid-stream)",
        "none (open at the end of the capture)",
    );

    // Registered (8080) against dynamic (50000), over UDP: the registered side serves.
    let proxy: Host = ([10, 0, 0, 2], 8080);
    let run = Script::between(CLIENT, proxy)
        .udp(&[(S, 20, 0.0), (C, 20, 1.0)])
        .run();
    let conv = run.conv();
    assert_eq!(
        (conv.client, conv.server, conv.role_reason),
        (
            endpoint(CLIENT),
            endpoint(proxy),
            RoleReason::ServerPortClass
        )
    );
    assert_eq!(
        udp_steps(&run),
        [Some(UdpStep::First), Some(UdpStep::Request)]
    );
    // Zeek orients UDP by its likely server ports only (8080/udp is none): its originator
    // stays the first sender, the proxy, so its history has no `^`.
    assert_eq!(conv.history(), "Dd");
    assert_eq!(
        zeek_records(conv),
        [("SF", "Dd".to_string(), false, [1, 1])]
    );

    // A DNS answer seen before its query: 53/udp is a likely server port, so Zeek flips.
    let dns: Host = ([10, 0, 0, 2], 53);
    let run = Script::between(CLIENT, dns)
        .udp(&[(S, 40, 0.0), (C, 20, 1.0)])
        .run();
    assert_eq!(run.conv().history(), "^dD");
    assert_eq!(
        zeek_records(run.conv()),
        [("SF", "^dD".to_string(), true, [1, 1])]
    );
}

#[test]
fn roles_without_a_syn_alike_ports_make_the_first_sender_the_client() {
    // Both ports dynamic; the first sender has the higher address and port, so neither
    // ordering explains the choice.
    let first: Host = ([10, 0, 0, 9], 60001);
    let other: Host = ([10, 0, 0, 1], 50000);
    let run = Script::between(first, other)
        .tcp(&[(C, "PA", 1, 1, 10, W, 0.0), (S, "PA", 1, 11, 20, W, 10.0)])
        .run();
    assert_eq!(run.infos[0].dir, Dir::C2S);
    expect_diagram(&run, &[(None, E, E), (None, E, E)]);
    expect_no_analysis(&run);
    let conv = run.conv();
    assert_eq!(
        (conv.client, conv.server, conv.role_reason),
        (endpoint(first), endpoint(other), RoleReason::FirstSender)
    );
    expect_conn(
        conv,
        "OTH",
        "Dd",
        "not captured (mid-stream)",
        "none (open at the end of the capture)",
    );
}

// Window scaling (RFC 7323) as tshark 4.0 reads it: the expected windows are what
// `tshark -T fields -e tcp.window_size -e tcp.window_size_scalefactor` printed for the same
// segments (written to a pcap by hand).

const WS7: &[TcpOptionElement] = &[TcpOptionElement::WindowScale(7)];
const WS10: &[TcpOptionElement] = &[TcpOptionElement::WindowScale(10)];

/// (window in bytes, how it was read) per packet.
fn windows(run: &Run) -> Vec<(u64, WindowScale)> {
    (0..run.infos.len())
        .map(|i| (run.tcp(i).window, run.tcp(i).window_scale))
        .collect()
}

#[test]
fn windows_are_scaled_by_what_both_syns_offered_and_a_syn_is_never_scaled() {
    use WindowScale::{Shift, Syn};
    let run = Script::new()
        .tcp_with_options(&[
            ((C, "S", 0, 0, 0, 65535, 0.0), WS7),
            ((S, "SA", 0, 1, 0, 65535, 1.0), WS10),
            ((C, "A", 1, 1, 0, 64, 2.0), &[]),
            ((S, "A", 1, 1, 0, 100, 3.0), &[]),
            // A window scale option off the SYN changes nothing (RFC 7323 2.2).
            (
                (C, "A", 1, 1, 0, 64, 4.0),
                &[TcpOptionElement::WindowScale(3)],
            ),
        ])
        .run();
    assert_eq!(
        windows(&run),
        [
            (65535, Syn),
            (65535, Syn),
            (8192, Shift(7)),
            (102_400, Shift(10)),
            (8192, Shift(7)),
        ]
    );
    assert_eq!(run.tcp(3).window_scale.factor(), Some(1024));
    // The SYN-ACK is what shows a listener: LISTEN before it, SYN-RECEIVED after.
    assert_eq!(run.tcp(1).before, [SynSent, Listen]);
    assert_eq!(run.tcp(1).after, [Established, SynReceived]);
}

#[test]
fn a_syn_without_the_option_turns_window_scaling_off_both_ways() {
    use WindowScale::{NotUsed, Syn};
    let run = Script::new()
        .tcp_with_options(&[
            ((C, "S", 0, 0, 0, 65535, 0.0), &[]),
            ((S, "SA", 0, 1, 0, 65535, 1.0), WS10),
            ((C, "A", 1, 1, 0, 64, 2.0), &[]),
            ((S, "A", 1, 1, 0, 100, 3.0), &[]),
        ])
        .run();
    assert_eq!(
        windows(&run),
        [(65535, Syn), (65535, Syn), (64, NotUsed), (100, NotUsed)]
    );
}

#[test]
fn without_the_handshake_the_window_scale_is_unknown() {
    use WindowScale::{Shift, Syn, Unknown};
    let mid = Script::new()
        .tcp(&[(C, "A", 1, 1, 0, 64, 0.0), (S, "A", 1, 1, 0, 100, 1.0)])
        .run();
    assert_eq!(windows(&mid), [(64, Unknown), (100, Unknown)]);
    assert_eq!(mid.tcp(0).window_scale.factor(), None);
    // Only the client's SYN captured: tshark scales the client's windows by its own offer
    // and leaves the server's unknown.
    let syn_only = Script::new()
        .tcp_with_options(&[
            ((C, "S", 0, 0, 0, 65535, 0.0), WS7),
            ((C, "A", 1, 1, 0, 64, 1.0), &[]),
            ((S, "A", 1, 1, 0, 100, 2.0), &[]),
        ])
        .run();
    assert_eq!(
        windows(&syn_only),
        [(65535, Syn), (8192, Shift(7)), (100, Unknown)]
    );
}

#[test]
fn sack_edges_are_relative_to_the_base_they_acknowledge() {
    let run = Script::new()
        .tcp(&HANDSHAKE)
        .tcp_with_options(&[(
            (S, "A", 1, 1, 0, W, 30.0),
            &[TcpOptionElement::SelectiveAcknowledgement(
                (CLIENT_ISN + 11, CLIENT_ISN + 21),
                [None, None, None],
            )],
        )])
        .run();
    // tshark: SLE=11 SRE=21 (tcp.options.sack_le / sack_re, relative by default).
    assert_eq!(run.tcp(3).sack.as_slice(), [(11, 21)]);
    assert!(run.tcp(2).sack.is_empty());
}

// Zeek's records: where Zeek logs several connections for one tshark stream.

/// Each Zeek record of a conversation: conn_state, history, whether its originator is the
/// conversation's client, and packets [originator's, responder's].
fn zeek_records(conv: &Conversation) -> Vec<(&'static str, String, bool, [u64; 2])> {
    conv.zeek_records()
        .iter()
        .map(|r| {
            (
                r.conn_state.code(),
                r.history.to_string(),
                !r.reversed,
                r.orig_first(r.packets),
            )
        })
        .collect()
}

#[test]
fn a_syn_retried_after_rst_is_one_tshark_stream_and_one_zeek_record_per_attempt() {
    let run = Script::new()
        .tcp(&[
            (C, "S", 0, 0, 0, W, 0.0),
            (S, "RA", 0, 1, 0, 0, 0.1),
            (C, "S", 0, 0, 0, W, 1000.0),
            (S, "RA", 0, 1, 0, 0, 1000.1),
            (C, "S", 0, 0, 0, W, 3000.0),
            (S, "RA", 0, 1, 0, 0, 3000.1),
        ])
        .run();
    // tshark: the same ISN, one stream. Zeek: a SYN on a reset connection is a new one.
    let refused = ("REJ", "Sr".to_string(), true, [1, 1]);
    assert_eq!(
        zeek_records(run.conv()),
        [refused.clone(), refused.clone(), refused]
    );
    let firsts: Vec<Timestamp> = run
        .conv()
        .zeek_records()
        .iter()
        .map(|r| r.first_ts)
        .collect();
    assert_eq!(firsts, [at(0.0), at(1000.0), at(3000.0)]);
    // The conversation's own verdict is its last record's.
    assert_eq!(run.conv().conn_state().code(), "REJ");
}

#[test]
fn an_unanswered_syn_is_closed_as_s0_by_zeeks_5_s_attempt_timer() {
    // Linux's retries: 1, 2, 4, 8 s apart.
    let run = Script::new()
        .tcp(&[
            (C, "S", 0, 0, 0, W, 0.0),
            (C, "S", 0, 0, 0, W, 1000.0),
            (C, "S", 0, 0, 0, W, 3000.0),
            (C, "S", 0, 0, 0, W, 7000.0),
            (C, "S", 0, 0, 0, W, 15000.0),
        ])
        .run();
    assert_eq!(
        zeek_records(run.conv()),
        [
            ("S0", "S".to_string(), true, [3, 0]),
            ("S0", "S".to_string(), true, [1, 0]),
            ("S0", "S".to_string(), true, [1, 0]),
        ]
    );
}

#[test]
fn an_answered_retry_after_the_attempt_timer_is_a_record_of_its_own() {
    let run = Script::new()
        .tcp(&[
            (C, "S", 0, 0, 0, W, 0.0),
            (C, "S", 0, 0, 0, W, 6000.0),
            (S, "SA", 0, 1, 0, W, 6000.1),
            (C, "A", 1, 1, 0, W, 6000.2),
        ])
        .run();
    assert_eq!(
        zeek_records(run.conv()),
        [
            ("S0", "S".to_string(), true, [1, 0]),
            ("S1", "ShA".to_string(), true, [2, 1]),
        ]
    );
}

#[test]
fn a_packet_5_s_after_both_ends_closed_opens_a_partial_zeek_record() {
    let run = Script::new()
        .tcp(&[
            (C, "S", 0, 0, 0, W, 0.0),
            (S, "SA", 0, 1, 0, W, 1.0),
            (C, "A", 1, 1, 0, W, 2.0),
            (C, "FA", 1, 1, 0, W, 3.0),
            (S, "FA", 1, 2, 0, W, 4.0),
            (C, "A", 2, 2, 0, W, 5.0),
            // A late ACK 4 s on, and another 4 s later: wirelab's linger counts from the last
            // packet, Zeek's from the last one before both ends closed.
            (C, "A", 2, 2, 0, W, 4005.0),
            (C, "A", 2, 2, 0, W, 8005.0),
        ])
        .run();
    assert_eq!(
        zeek_records(run.conv()),
        [
            ("SF", "ShAFf".to_string(), true, [5, 2]),
            ("OTH", "A".to_string(), true, [1, 0]),
        ]
    );
}
