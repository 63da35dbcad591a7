//! The path's decisions, frame by frame: pass, drop, delay, duplicate, hold back, queue for
//! the rate. Plain Rust on frame bytes and times given by the caller (no clock, no I/O), so
//! every verdict is a unit test away. Never panics on any byte slice: a frame that does not
//! decode as TCP, UDP or an IP fragment (ARP, neighbour discovery...) simply passes.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::time::Duration;

use rand_core::{Rng, SeedableRng};
use rand_xorshift::XorShiftRng;

use super::spec::{FrameKind, FrameSpec, Impairments};
use crate::capture::LinkType;
use crate::decode::{self, Net, Transport};
use crate::track::Role;

/// The most bytes waiting for `--rate` in one direction before the path drops at the tail:
/// 32 full Ethernet frames.
pub const RATE_QUEUE_BYTES: u64 = 32 * 1514;
/// A frame held back by `--reorder` goes on after this long even if no other one came.
pub const HOLD_AT_MOST: Duration = Duration::from_secs(1);

/// What the path did to a frame (frames that just pass, or are only delayed, get none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Matched a `--drop` rule.
    Dropped(FrameSpec),
    /// The `k`-th retransmission of a dropped frame, dropped too (`--drop-retransmissions`).
    DroppedRetransmission {
        of: FrameSpec,
        k: u32,
        budget: u32,
    },
    /// `--loss`: this data-bearing frame lost at random.
    Lost {
        ppm: u32,
        seed: u64,
    },
    /// `--rate`: the queue was full, so the frame was dropped at its tail.
    QueueFull {
        rate: u64,
    },
    Duplicated(FrameSpec),
    /// `--reorder`: held until the next frame of its direction had passed.
    HeldBack(FrameSpec),
}

/// One decision about one frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// When the frame reached the path (the caller's clock: since the Unix epoch).
    pub at: Duration,
    /// Who sent the frame.
    pub side: Role,
    /// What the frame was, and its ordinal among first transmissions (a retransmission has
    /// the ordinal of the frame it repeats).
    pub kind: Option<FrameKind>,
    pub nth: Option<u32>,
    pub action: Action,
    /// The frame itself, so the lab can find it in its capture.
    pub bytes: Vec<u8>,
}

/// Source address and port, destination address and port.
type Flow = (IpAddr, u16, IpAddr, u16);

/// A frame, as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seen {
    kind: FrameKind,
    /// The flow (addresses and ports, source first); fragments have ports 0.
    flow: Flow,
    /// TCP sequence space it covers, [seq, end).
    seq: u32,
    end: u32,
    /// The acknowledgement number: a SYN-ACK answers the SYN it acknowledges, so another
    /// SYN-ACK acknowledging the same one is a retransmission, even with a new sequence
    /// number (a server that forgot its half-open connection starts over).
    ack: u32,
    data_bearing: bool,
}

/// What the frame is, if it is one the rules can name.
fn classify(frame: &[u8]) -> Option<Seen> {
    let len = u32::try_from(frame.len()).unwrap_or(u32::MAX);
    let p = decode::decode(LinkType::ETHERNET, frame, len);
    let (src, dst) = p.ip_addrs()?;
    let fragment = match &p.net {
        Some(Net::Ipv4(ip)) => ip.is_fragment(),
        Some(Net::Ipv6(ip)) => ip.fragment.is_some(),
        _ => false,
    };
    if fragment {
        return Some(Seen {
            kind: FrameKind::Fragment,
            flow: (src, 0, dst, 0),
            seq: 0,
            end: 0,
            ack: 0,
            data_bearing: true,
        });
    }
    match &p.transport {
        Some(Transport::Tcp(t)) => {
            let has = |b| t.flags.has(b);
            use crate::decode::TcpFlags as F;
            let kind = if has(F::SYN) && has(F::ACK) {
                FrameKind::SynAck
            } else if has(F::SYN) {
                FrameKind::Syn
            } else if has(F::RST) {
                FrameKind::Rst
            } else if has(F::FIN) {
                FrameKind::Fin
            } else if t.payload_len > 0 {
                FrameKind::Data
            } else {
                FrameKind::Ack
            };
            let flags_len = u32::from(has(F::SYN)) + u32::from(has(F::FIN));
            Some(Seen {
                kind,
                flow: (src, t.sport, dst, t.dport),
                seq: t.seq,
                end: t.seq.wrapping_add(t.payload_len).wrapping_add(flags_len),
                ack: t.ack,
                data_bearing: t.payload_len > 0,
            })
        }
        Some(Transport::Udp(u)) => Some(Seen {
            kind: FrameKind::Datagram,
            flow: (src, u.sport, dst, u.dport),
            seq: 0,
            end: 0,
            ack: 0,
            data_bearing: true,
        }),
        _ => None,
    }
}

/// `a` after `b` in sequence space (RFC 1982 arithmetic).
fn seq_after(a: u32, b: u32) -> bool {
    a != b && a.wrapping_sub(b) < 1 << 31
}

/// A dropped TCP segment whose retransmissions the path watches for.
#[derive(Debug)]
struct DroppedSegment {
    flow: Flow,
    kind: FrameKind,
    seq: u32,
    end: u32,
    ack: u32,
    spec: FrameSpec,
    retransmissions_dropped: u32,
}

impl DroppedSegment {
    /// Whether `s` sends this segment again: the same SYN-ACK answer, or sequence space
    /// that overlaps it.
    fn repeated_by(&self, s: &Seen) -> bool {
        if self.flow != s.flow {
            return false;
        }
        if self.kind == FrameKind::SynAck || s.kind == FrameKind::SynAck {
            return self.kind == s.kind && self.ack == s.ack;
        }
        seq_after(s.end, self.seq) && seq_after(self.end, s.seq)
    }
}

/// One direction's queue toward the other side.
#[derive(Debug, Default)]
struct Queue {
    /// Frames and when they may go, in the order they go.
    ready: VecDeque<(Duration, Vec<u8>)>,
    /// A frame held back by `--reorder`, and since when.
    held: Option<(Duration, Vec<u8>)>,
    /// `--rate`: when the link is free again.
    busy_until: Duration,
}

/// The impairment engine of one lab run.
#[derive(Debug)]
pub struct PathEngine {
    rules: Impairments,
    rng: XorShiftRng,
    ordinals: HashMap<(usize, FrameKind), u32>,
    /// Per TCP flow: the first sequence number (of its SYN) and the highest end sent.
    sent: HashMap<Flow, (Option<u32>, u32)>,
    dropped: Vec<DroppedSegment>,
    queues: [Queue; 2],
    verdicts: Vec<Verdict>,
}

fn index(side: Role) -> usize {
    match side {
        Role::Client => 0,
        Role::Server => 1,
    }
}

impl PathEngine {
    pub fn new(rules: Impairments) -> PathEngine {
        let rng = XorShiftRng::seed_from_u64(rules.seed);
        PathEngine {
            rules,
            rng,
            ordinals: HashMap::new(),
            sent: HashMap::new(),
            dropped: Vec::new(),
            queues: [Queue::default(), Queue::default()],
            verdicts: Vec::new(),
        }
    }

    /// Whether the frame is a first transmission (and notes what it sent).
    fn first_transmission(&mut self, s: &Seen) -> bool {
        if !matches!(
            s.kind,
            FrameKind::Syn | FrameKind::SynAck | FrameKind::Data | FrameKind::Fin
        ) {
            return true;
        }
        let entry = self.sent.entry(s.flow).or_insert((None, s.seq));
        if s.kind == FrameKind::Syn {
            // A SYN with another initial sequence number is a new connection on the ports.
            let new = entry.0 != Some(s.seq);
            *entry = (Some(s.seq), s.end);
            return new;
        }
        if s.kind == FrameKind::SynAck {
            // Kept by the SYN it answers (see `Seen::ack`); the end by its own sequence.
            let new = entry.0 != Some(s.ack);
            *entry = (Some(s.ack), s.end);
            return new;
        }
        let new = entry.0.is_none() && entry.1 == s.seq || seq_after(s.end, entry.1);
        if entry.0.is_none() {
            entry.0 = Some(s.seq);
        }
        if seq_after(s.end, entry.1) {
            entry.1 = s.end;
        }
        new
    }

    /// What the rules say of a frame, before any queue: a drop, or nothing.
    fn drop_decision(&mut self, side: Role, s: &Seen, nth: Option<u32>) -> Option<Action> {
        if let Some(nth) = nth {
            let rule = self
                .rules
                .drop
                .iter()
                .find(|r| r.side == side && r.kind == s.kind && r.nth == nth)?;
            let spec = rule.clone();
            if matches!(s.kind, FrameKind::Fragment | FrameKind::Datagram) {
                return Some(Action::Dropped(spec));
            }
            self.dropped.push(DroppedSegment {
                flow: s.flow,
                kind: s.kind,
                seq: s.seq,
                end: s.end,
                ack: s.ack,
                spec: spec.clone(),
                retransmissions_dropped: 0,
            });
            return Some(Action::Dropped(spec));
        }
        let budget = self.rules.drop_retransmissions;
        let d = self.dropped.iter_mut().find(|d| d.repeated_by(s))?;
        if d.retransmissions_dropped >= budget {
            return None;
        }
        d.retransmissions_dropped += 1;
        Some(Action::DroppedRetransmission {
            of: d.spec.clone(),
            k: d.retransmissions_dropped,
            budget,
        })
    }

    /// The ordinal a retransmission repeats, if the path dropped the original.
    fn ordinal_of_dropped(&self, s: &Seen) -> Option<u32> {
        self.dropped
            .iter()
            .find(|d| d.repeated_by(s))
            .map(|d| d.spec.nth)
    }

    fn matching(rules: &[FrameSpec], side: Role, kind: FrameKind, nth: u32) -> Option<FrameSpec> {
        rules
            .iter()
            .find(|r| r.side == side && r.kind == kind && r.nth == nth)
            .cloned()
    }

    /// A frame from `side` reached the path at `now`.
    pub fn arrive(&mut self, side: Role, now: Duration, frame: &[u8]) {
        let seen = classify(frame);
        let mut nth = None;
        let mut first = false;
        if let Some(s) = &seen {
            first = self.first_transmission(s);
            if first {
                let n = self.ordinals.entry((index(side), s.kind)).or_insert(0);
                *n += 1;
                nth = Some(*n);
            }
        }
        let verdict = |action: Action, nth: Option<u32>| Verdict {
            at: now,
            side,
            kind: seen.map(|s| s.kind),
            nth,
            action,
            bytes: frame.to_vec(),
        };
        if let Some(s) = &seen {
            let shown = nth.or_else(|| self.ordinal_of_dropped(s));
            if let Some(action) = self.drop_decision(side, s, first.then_some(nth).flatten()) {
                self.verdicts.push(verdict(action, shown));
                return;
            }
            if s.data_bearing && self.rules.loss_ppm > 0 {
                let draw = self.rng.next_u32() % 1_000_000;
                if draw < self.rules.loss_ppm {
                    let action = Action::Lost {
                        ppm: self.rules.loss_ppm,
                        seed: self.rules.seed,
                    };
                    self.verdicts.push(verdict(action, shown));
                    return;
                }
            }
        }
        let (dup, hold) = match (seen, nth) {
            (Some(s), Some(n)) => (
                Self::matching(&self.rules.duplicate, side, s.kind, n),
                Self::matching(&self.rules.reorder, side, s.kind, n),
            ),
            _ => (None, None),
        };
        if let Some(spec) = hold {
            self.verdicts.push(verdict(Action::HeldBack(spec), nth));
            let q = &mut self.queues[index(side)];
            if let Some((_, earlier)) = q.held.replace((now, frame.to_vec())) {
                self.enqueue(side, now, earlier);
            }
            return;
        }
        if let Some(spec) = dup {
            self.verdicts.push(verdict(Action::Duplicated(spec), nth));
            if !self.enqueue(side, now, frame.to_vec()) {
                return;
            }
        }
        if !self.enqueue(side, now, frame.to_vec()) {
            let rate = self.rules.rate.unwrap_or_default();
            self.verdicts
                .push(verdict(Action::QueueFull { rate }, nth.or(None)));
            return;
        }
        if let Some((_, held)) = self.queues[index(side)].held.take() {
            self.enqueue(side, now, held);
        }
    }

    /// Queues a frame behind the rate and the latency; false when `--rate`'s queue is full.
    fn enqueue(&mut self, side: Role, now: Duration, frame: Vec<u8>) -> bool {
        let latency = self.rules.latency;
        let rate = self.rules.rate;
        let q = &mut self.queues[index(side)];
        let mut leaves = now;
        if let Some(bits) = rate.filter(|&b| b > 0) {
            let start = q.busy_until.max(now);
            let waiting = start.saturating_sub(now);
            let backlog = u64::try_from(waiting.as_nanos())
                .unwrap_or(u64::MAX)
                .saturating_mul(bits)
                / 8_000_000_000;
            let len = u64::try_from(frame.len()).unwrap_or(u64::MAX);
            if backlog.saturating_add(len) > RATE_QUEUE_BYTES {
                return false;
            }
            let nanos = len.saturating_mul(8_000_000_000) / bits;
            leaves = start + Duration::from_nanos(nanos);
            q.busy_until = leaves;
        }
        let due = (leaves + latency).max(q.ready.back().map_or(Duration::ZERO, |b| b.0));
        q.ready.push_back((due, frame));
        true
    }

    /// The frames from `side` that may go on to the other side at `now`, in order.
    pub fn due(&mut self, side: Role, now: Duration) -> Vec<Vec<u8>> {
        let i = index(side);
        if let Some((since, _)) = &self.queues[i].held
            && now.saturating_sub(*since) >= HOLD_AT_MOST
            && let Some((_, held)) = self.queues[i].held.take()
        {
            self.enqueue(side, now, held);
        }
        let q = &mut self.queues[i];
        let mut out = Vec::new();
        while q.ready.front().is_some_and(|(due, _)| *due <= now) {
            if let Some((_, f)) = q.ready.pop_front() {
                out.push(f);
            }
        }
        out
    }

    /// When the next frame from `side` is due (a held one counts at its latest).
    pub fn next_due(&self, side: Role) -> Option<Duration> {
        let q = &self.queues[index(side)];
        let held = q.held.as_ref().map(|(since, _)| *since + HOLD_AT_MOST);
        match (q.ready.front().map(|(due, _)| *due), held) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The verdicts so far, in the order they were made.
    pub fn take_verdicts(&mut self) -> Vec<Verdict> {
        std::mem::take(&mut self.verdicts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::path::spec::frame_spec;
    use etherparse::PacketBuilder;

    const MS: Duration = Duration::from_millis(1);

    /// A TCP frame from the client (198.18.0.1:40000 → .2:8000) or back.
    fn tcp(side: Role, seq: u32, flags: &str, payload: &[u8]) -> Vec<u8> {
        let (src, dst, sp, dp) = match side {
            Role::Client => ([198, 18, 0, 1], [198, 18, 0, 2], 40_000, 8_000),
            Role::Server => ([198, 18, 0, 2], [198, 18, 0, 1], 8_000, 40_000),
        };
        let mut b = PacketBuilder::ethernet2([2; 6], [4; 6])
            .ipv4(src, dst, 64)
            .tcp(sp, dp, seq, 64_000 + window(flags));
        for f in flags.chars() {
            b = match f {
                'S' => b.syn(),
                'A' => b.ack(1),
                'F' => b.fin(),
                'R' => b.rst(),
                _ => b,
            };
        }
        let mut out = Vec::new();
        b.write(&mut out, payload).unwrap();
        out
    }

    /// A digit among the flags changes the window, to tell equal segments apart.
    fn window(flags: &str) -> u16 {
        flags.chars().filter_map(|c| c.to_digit(10)).sum::<u32>() as u16
    }

    fn rules(f: impl FnOnce(&mut Impairments)) -> PathEngine {
        let mut r = Impairments::default();
        f(&mut r);
        PathEngine::new(r)
    }

    fn spec(s: &str) -> FrameSpec {
        frame_spec("--drop", s).unwrap()
    }

    /// Sends the frames one ms apart and returns what came out at the far side, by index.
    fn run(engine: &mut PathEngine, frames: &[(Role, Vec<u8>)]) -> Vec<usize> {
        let mut out = Vec::new();
        let mut t = Duration::from_secs(1_000);
        for (side, f) in frames {
            engine.arrive(*side, t, f);
            t += MS;
            for g in engine.due(*side, t) {
                out.push(frames.iter().position(|(_, x)| *x == g).unwrap());
            }
        }
        for side in [Role::Client, Role::Server] {
            for g in engine.due(side, t + Duration::from_secs(10)) {
                out.push(frames.iter().position(|(_, x)| *x == g).unwrap());
            }
        }
        out
    }

    fn handshake_and_data() -> Vec<(Role, Vec<u8>)> {
        vec![
            (Role::Client, tcp(Role::Client, 100, "S", b"")),
            (Role::Server, tcp(Role::Server, 500, "SA", b"")),
            (Role::Client, tcp(Role::Client, 101, "A", b"")),
            (Role::Client, tcp(Role::Client, 101, "A", b"one")),
            (Role::Client, tcp(Role::Client, 104, "A", b"two")),
            // The retransmission of "two", twice.
            (Role::Client, tcp(Role::Client, 104, "A1", b"two")),
            (Role::Client, tcp(Role::Client, 104, "A2", b"two")),
            (Role::Client, tcp(Role::Client, 106, "AF", b"")),
        ]
    }

    #[test]
    fn nothing_to_do_passes_everything_in_order() {
        let mut e = PathEngine::new(Impairments::default());
        let frames = handshake_and_data();
        assert_eq!(run(&mut e, &frames), (0..frames.len()).collect::<Vec<_>>());
        assert!(e.take_verdicts().is_empty());
    }

    #[test]
    fn the_second_data_segment_is_dropped_and_its_retransmission_passes() {
        let mut e = rules(|r| r.drop.push(spec("client data 2")));
        assert_eq!(run(&mut e, &handshake_and_data()), [0, 1, 2, 3, 5, 6, 7]);
        let v = e.take_verdicts();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].action, Action::Dropped(spec("client data 2")));
        assert_eq!((v[0].kind, v[0].nth), (Some(FrameKind::Data), Some(2)));
    }

    #[test]
    fn retransmissions_of_a_dropped_segment_are_dropped_up_to_the_budget() {
        let mut e = rules(|r| {
            r.drop.push(spec("client data 2"));
            r.drop_retransmissions = 1;
        });
        assert_eq!(run(&mut e, &handshake_and_data()), [0, 1, 2, 3, 6, 7]);
        let v = e.take_verdicts();
        assert_eq!(
            v[1].action,
            Action::DroppedRetransmission {
                of: spec("client data 2"),
                k: 1,
                budget: 1
            }
        );
        assert_eq!(v[1].nth, Some(2), "a retransmission keeps its ordinal");
    }

    #[test]
    fn a_retransmitted_syn_ack_is_not_a_new_one() {
        let mut e = rules(|r| {
            r.drop.push(spec("server syn-ack"));
            r.drop_retransmissions = 2;
        });
        let frames: Vec<(Role, Vec<u8>)> = ["SA", "SA1", "SA2", "SA3"]
            .into_iter()
            .map(|f| (Role::Server, tcp(Role::Server, 500, f, b"")))
            .collect();
        // The first and two retransmissions dropped: only the last one passes.
        assert_eq!(run(&mut e, &frames), [3]);
        let v = e.take_verdicts();
        assert_eq!(v.len(), 3);
        assert!(v.iter().all(|v| v.nth == Some(1)));
    }

    #[test]
    fn a_syn_ack_with_a_new_sequence_number_for_the_same_syn_is_a_retransmission() {
        let mut e = rules(|r| {
            r.drop.push(spec("server syn-ack"));
            r.drop_retransmissions = 1;
        });
        let frames = vec![
            (Role::Server, tcp(Role::Server, 500, "SA", b"")),
            (Role::Server, tcp(Role::Server, 9_000, "SA", b"")),
            (Role::Server, tcp(Role::Server, 77_000, "SA", b"")),
        ];
        assert_eq!(run(&mut e, &frames), [2]);
        assert_eq!(e.ordinals.get(&(1, FrameKind::SynAck)), Some(&1));
    }

    #[test]
    fn a_duplicated_frame_goes_twice() {
        let mut e = rules(|r| r.duplicate.push(spec("client data 1")));
        assert_eq!(run(&mut e, &handshake_and_data()[..5]), [0, 1, 2, 3, 3, 4]);
        assert!(matches!(e.take_verdicts()[0].action, Action::Duplicated(_)));
    }

    #[test]
    fn a_held_frame_goes_after_the_next_one() {
        let mut e = rules(|r| r.reorder.push(spec("client data 1")));
        assert_eq!(run(&mut e, &handshake_and_data()[..5]), [0, 1, 2, 4, 3]);
        assert!(matches!(e.take_verdicts()[0].action, Action::HeldBack(_)));
    }

    #[test]
    fn latency_delays_each_direction() {
        let mut e = rules(|r| r.latency = Duration::from_millis(50));
        let t = Duration::from_secs(5);
        let syn = tcp(Role::Client, 100, "S", b"");
        e.arrive(Role::Client, t, &syn);
        assert!(e.due(Role::Client, t + 49 * MS).is_empty());
        assert_eq!(e.due(Role::Client, t + 50 * MS), [syn]);
    }

    #[test]
    fn the_rate_spaces_frames_and_drops_at_the_tail_of_a_full_queue() {
        // 1,000 bytes at 80 kbit/s take 100 ms.
        let mut e = rules(|r| r.rate = Some(80_000));
        let t = Duration::from_secs(5);
        let frame = |i: u32| tcp(Role::Client, 101 + i * 946, "A", &[0u8; 946]);
        assert_eq!(frame(0).len(), 1_000);
        for i in 0..60 {
            e.arrive(Role::Client, t, &frame(i));
        }
        assert_eq!(e.due(Role::Client, t + 99 * MS).len(), 0);
        assert_eq!(e.due(Role::Client, t + 100 * MS).len(), 1);
        assert_eq!(e.due(Role::Client, t + 300 * MS).len(), 2);
        let full = e.take_verdicts();
        assert!(!full.is_empty());
        assert!(
            full.iter()
                .all(|v| v.action == Action::QueueFull { rate: 80_000 })
        );
        // The queue holds at most RATE_QUEUE_BYTES: 48 frames of 1,000 bytes fit.
        assert_eq!(60 - full.len(), 48);
    }

    #[test]
    fn random_loss_is_the_same_for_the_same_seed() {
        let losses = |seed| {
            let mut e = rules(|r| {
                r.loss_ppm = 300_000;
                r.seed = seed;
            });
            let frames: Vec<(Role, Vec<u8>)> = (0..40)
                .map(|i| (Role::Client, tcp(Role::Client, 101 + i * 10, "A", &[1; 10])))
                .collect();
            run(&mut e, &frames)
        };
        assert_eq!(losses(1), losses(1));
        assert_ne!(losses(1), losses(2));
        let kept = losses(1).len();
        assert!(
            (20..38).contains(&kept),
            "about 30% lost: kept {kept} of 40"
        );
    }

    #[test]
    fn pure_acks_are_never_lost_at_random() {
        let mut e = rules(|r| r.loss_ppm = 1_000_000);
        let frames: Vec<(Role, Vec<u8>)> = (0..5)
            .map(|i| {
                (
                    Role::Server,
                    tcp(Role::Server, 501, "A", &[])
                        .into_iter()
                        .chain([i])
                        .collect(),
                )
            })
            .collect();
        // Ethernet padding after the IP packet: still a pure ACK.
        assert_eq!(run(&mut e, &frames).len(), 5);
    }

    #[test]
    fn address_resolution_and_garbage_pass() {
        let mut e = rules(|r| {
            r.loss_ppm = 1_000_000;
            r.drop.push(spec("client data 1"));
        });
        let frames = vec![(Role::Client, vec![0u8; 3]), (Role::Client, vec![0xff; 60])];
        assert_eq!(run(&mut e, &frames), [0, 1]);
    }
}
