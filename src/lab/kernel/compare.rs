//! The kernel's samples against the states wirelab inferred from the packets, after the run.
//!
//! The rule for time: a sample was taken between two clock readings (`from`, `to`), on the
//! clock the packets are stamped with, while the kernel went on with its work. So the
//! inferred state it is compared with is not one state but those of every moment within
//! `[from - slack, to + slack]`: the state before the first frame of that window and the
//! state after each frame in it. `slack` is [`SETTLE`] (a frame is stamped as it passes the
//! capture point, a little before the receiver has processed it, a little after the sender
//! changed state), and for the end of a path the capture is not on, the path's latency and
//! [`FAR_END`] more (that end sends before its frames reach the capture, and hears after).
//! A sample agrees when the kernel's state, mapped to RFC 9293's, is among those states.
//! Where it is not, the difference gets a [`Kind`] that says why, or `Unexplained`.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use super::{LinuxState, Sample, Trigger};
use crate::capture::OwnedFrame;
use crate::decode::Transport;
use crate::engine::Engine;
use crate::lab::attach::Placed;
use crate::lab::calls::Call;
use crate::render::{FileInfo, Record, Renderer};
use crate::track::{Dir, Role, TcpState};

/// How far a frame's timestamp may be from the moment the kernel changed state for it.
pub const SETTLE: Duration = Duration::from_millis(2);
/// Added to the path's latency for the end of the path the capture is not on: the
/// forwarder's own time in user space.
pub const FAR_END: Duration = Duration::from_millis(10);

/// Why the kernel's state and the inferred one differ (or that they do not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Agree,
    /// The kernel was in a state the packets show the endpoint in at another moment: it
    /// moved between two packets (ahead of the packet that shows it, or after it).
    BetweenPackets,
    /// The responder before its answer is on the wire: the packets cannot say whether a
    /// socket listened (`unknown`); the kernel already had its request socket or none.
    NotOnWire,
    /// The end of the path the capture is not on: its packets are seen only when they
    /// reach the capture point, and those the path drops never.
    FarEnd,
    /// None of the above: a wrong inference, or a rule this comparison lacks.
    Unexplained,
}

impl Kind {
    /// The JSON name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Agree => "agree",
            Kind::BetweenPackets => "between_packets",
            Kind::NotOnWire => "not_on_wire",
            Kind::FarEnd => "far_end",
            Kind::Unexplained => "unexplained",
        }
    }

    pub const ALL: [Kind; 5] = [
        Kind::Agree,
        Kind::BetweenPackets,
        Kind::NotOnWire,
        Kind::FarEnd,
        Kind::Unexplained,
    ];
}

/// One endpoint in one sample: the kernel's state and the inferred one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comparison {
    pub sample: usize,
    pub conv: u64,
    pub role: Role,
    /// `None`: the kernel had no socket for it (RFC 9293's CLOSED: no TCB).
    pub kernel: Option<LinuxState>,
    /// The inferred state at the sample's start.
    pub inferred: TcpState,
    pub kind: Kind,
    /// The number of the last frame stamped before the sample began.
    pub after_frame: Option<u64>,
}

impl Comparison {
    /// The kernel's state in RFC 9293's terms.
    pub fn kernel_rfc(&self) -> TcpState {
        self.kernel.map_or(TcpState::Closed, LinuxState::rfc)
    }
}

/// What the kernel said of a call's own socket, at the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallView {
    /// The socket's entry (its connection's, or its listening entry), `None` if none.
    pub kernel: Option<LinuxState>,
    /// The comparison of its connection's endpoint, when it has one.
    pub comparison: Option<usize>,
}

/// Everything the samples of a run said.
#[derive(Debug, Clone, Default)]
pub struct KernelReport {
    pub samples: Vec<Sample>,
    pub comparisons: Vec<Comparison>,
    /// Per frame (index): the comparisons shown on its row (the first sample taken after it
    /// and before the next frame, for each end of its conversation).
    pub by_frame: Vec<Vec<usize>>,
    /// Per placed call (index): what the kernel said of its socket at the call.
    pub by_call: Vec<Option<CallView>>,
    /// Listening-socket entries seen (a socket the packets show only by its answers).
    pub listener_entries: usize,
    /// Dumps that failed during the run.
    pub failed: Vec<String>,
}

impl KernelReport {
    /// How many comparisons are of each kind.
    pub fn counts(&self) -> Vec<(Kind, usize)> {
        Kind::ALL
            .iter()
            .map(|&k| (k, self.comparisons.iter().filter(|c| c.kind == k).count()))
            .collect()
    }
}

/// A conversation's ends and the inferred states after each of its frames.
#[derive(Debug, Default)]
struct Timeline {
    client: Option<SocketAddr>,
    server: Option<SocketAddr>,
    /// (time, states before, states after), per frame, in capture order.
    steps: Vec<(i128, [TcpState; 2], [TcpState; 2])>,
}

impl Timeline {
    fn addr(&self, role: Role) -> Option<SocketAddr> {
        match role {
            Role::Client => self.client,
            Role::Server => self.server,
        }
    }

    /// The states of `role` at every moment of `[lo, hi]`.
    fn states_within(&self, role: Role, lo: i128, hi: i128) -> Vec<TcpState> {
        let r = role.index();
        let before = self.steps.iter().take_while(|s| s.0 < lo).last();
        let mut out = vec![match (before, self.steps.first()) {
            (Some(s), _) => s.2.get(r).copied().unwrap_or(TcpState::Unknown),
            (None, Some(first)) => first.1.get(r).copied().unwrap_or(TcpState::Unknown),
            (None, None) => TcpState::Unknown,
        }];
        for s in self.steps.iter().filter(|s| s.0 >= lo && s.0 <= hi) {
            out.push(s.2.get(r).copied().unwrap_or(TcpState::Unknown));
        }
        out
    }

    fn ever(&self, role: Role) -> Vec<TcpState> {
        let r = role.index();
        self.steps
            .iter()
            .flat_map(|s| [s.1, s.2])
            .filter_map(|p| p.get(r).copied())
            .collect()
    }
}

/// Where the run's capture was, for the slack of each end.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    /// The end the capture was on, when there was a path between the ends.
    pub path: Option<(Role, Duration)>,
}

impl Geometry {
    fn slack(self, role: Role) -> i128 {
        let extra = match self.path {
            Some((captured, latency)) if captured != role => latency + FAR_END,
            _ => Duration::ZERO,
        };
        i128::try_from((SETTLE + extra).as_nanos()).unwrap_or(i128::MAX)
    }

    fn far(self, role: Role) -> bool {
        self.path.is_some_and(|(captured, _)| captured != role)
    }
}

/// Compares every sample with the inferred states of the run's frames.
pub fn compare(
    frames: &[OwnedFrame],
    calls: &[Call],
    placed: &[Placed],
    samples: Vec<Sample>,
    geometry: Geometry,
) -> KernelReport {
    let (timelines, frame_conv) = timelines(frames);
    let mut report = KernelReport {
        by_frame: vec![Vec::new(); frames.len()],
        ..KernelReport::default()
    };
    let mut by_sample: HashMap<(usize, u64, usize), usize> = HashMap::new();
    for (si, sample) in samples.iter().enumerate() {
        report.listener_entries += sample.sockets.iter().filter(|s| s.listens()).count();
        let mut ids: Vec<&u64> = timelines.keys().collect();
        ids.sort_unstable();
        for &conv in ids {
            let Some(t) = timelines.get(&conv) else {
                continue;
            };
            for role in [Role::Client, Role::Server] {
                if sample.side.is_some_and(|s| s != role) {
                    continue;
                }
                if let Some(c) = compare_one(si, sample, conv, t, role, geometry) {
                    by_sample.insert((si, conv, role.index()), report.comparisons.len());
                    report.comparisons.push(c);
                }
            }
        }
        // Shown on the row of the last frame stamped before the sample began (not the frame
        // that triggered it: the capture thread may be handed several at once), the first
        // sample after it for each end.
        let after = frames.partition_point(|f| ts_nanos(f) <= sample.from);
        let Some(i) = after.checked_sub(1) else {
            continue;
        };
        let Some(&Some(conv)) = frame_conv.get(i) else {
            continue;
        };
        for role in [Role::Client, Role::Server] {
            let Some(&c) = by_sample.get(&(si, conv, role.index())) else {
                continue;
            };
            let shown = |k: &usize| report.comparisons.get(*k).is_some_and(|x| x.role == role);
            if let Some(slot) = report.by_frame.get_mut(i)
                && !slot.iter().any(shown)
            {
                slot.push(c);
            }
        }
        for c in report.comparisons.iter_mut().filter(|c| c.sample == si) {
            c.after_frame = frames.get(i).map(|f| f.number);
        }
    }
    report.by_call = placed
        .iter()
        .map(|p| call_view(calls.get(p.call)?, p.conn, &samples, &by_sample))
        .collect();
    report.samples = samples;
    report
}

/// One endpoint of one conversation in one sample, if the sample is from its lifetime.
fn compare_one(
    si: usize,
    sample: &Sample,
    conv: u64,
    t: &Timeline,
    role: Role,
    geometry: Geometry,
) -> Option<Comparison> {
    let (addr, peer) = (t.addr(role)?, t.addr(role.other())?);
    let slack = geometry.slack(role);
    let first = t.steps.first()?.0;
    if sample.to < first - slack {
        return None;
    }
    let kernel = sample
        .sockets
        .iter()
        .find(|s| s.local == addr && s.remote == peer)
        .map(|s| s.state);
    let kernel_rfc = kernel.map_or(TcpState::Closed, LinuxState::rfc);
    let within = t.states_within(role, sample.from - slack, sample.to + slack);
    let inferred = t
        .states_within(role, sample.from, sample.from)
        .first()
        .copied()
        .unwrap_or(TcpState::Unknown);
    let kind = if within.contains(&kernel_rfc) {
        Kind::Agree
    } else if within.contains(&TcpState::Unknown)
        && matches!(kernel_rfc, TcpState::SynReceived | TcpState::Closed)
    {
        Kind::NotOnWire
    } else if geometry.far(role) {
        Kind::FarEnd
    } else if t.ever(role).contains(&kernel_rfc) {
        Kind::BetweenPackets
    } else {
        Kind::Unexplained
    };
    Some(Comparison {
        sample: si,
        conv,
        role,
        kernel,
        inferred,
        kind,
        after_frame: None,
    })
}

/// What the kernel said of a call's socket in the sample taken at that call.
fn call_view(
    call: &Call,
    conn: Option<u64>,
    samples: &[Sample],
    by_sample: &HashMap<(usize, u64, usize), usize>,
) -> Option<CallView> {
    let (si, sample) = samples.iter().enumerate().find(|(_, s)| {
        s.trigger
            == Trigger::Call {
                socket: call.socket,
                call: call.kind.name(),
                end: call.end,
            }
            && s.side.is_none_or(|side| side == call.side)
    })?;
    let local = call.local?;
    let kernel = sample
        .sockets
        .iter()
        .find(|s| s.local == local && call.peer.is_none_or(|p| s.remote == p))
        .filter(|s| call.peer.is_some() || s.listens())
        .map(|s| s.state);
    Some(CallView {
        kernel,
        comparison: conn.and_then(|c| by_sample.get(&(si, c, call.side.index())).copied()),
    })
}

/// A frame's timestamp in nanoseconds since the epoch.
fn ts_nanos(f: &OwnedFrame) -> i128 {
    i128::from(f.ts.secs) * 1_000_000_000 + i128::from(f.ts.nanos)
}

/// Each TCP conversation's timeline, and each frame's conversation (TCP only).
fn timelines(frames: &[OwnedFrame]) -> (HashMap<u64, Timeline>, Vec<Option<u64>>) {
    let mut sink = StatesSink::default();
    let mut engine = Engine::new();
    for f in frames {
        // The sink writes nothing: this cannot fail.
        let _ = engine.frame(&f.raw(), &mut sink, &mut io::sink());
    }
    (sink.timelines, sink.frame_conv)
}

/// A renderer that keeps each TCP packet's conversation, ends and states.
#[derive(Default)]
struct StatesSink {
    timelines: HashMap<u64, Timeline>,
    frame_conv: Vec<Option<u64>>,
}

impl Renderer for StatesSink {
    fn file_start(&mut self, _: &mut dyn io::Write, _: &FileInfo<'_>) -> io::Result<()> {
        Ok(())
    }

    fn packet(&mut self, _: &mut dyn io::Write, r: &Record<'_, '_>) -> io::Result<()> {
        let tcp = match (&r.packet.transport, r.packet.ip_addrs(), r.info) {
            (Some(Transport::Tcp(t)), Some((s, d)), Some(info)) if !info.icmp_error => {
                info.tcp.as_ref().map(|ti| (t, s, d, info, ti))
            }
            _ => None,
        };
        let Some((t, src, dst, info, ti)) = tcp else {
            self.frame_conv.push(None);
            return Ok(());
        };
        let (from, to) = (SocketAddr::new(src, t.sport), SocketAddr::new(dst, t.dport));
        let (client, server) = match info.dir {
            Dir::C2S => (from, to),
            Dir::S2C => (to, from),
        };
        let at = i128::from(r.frame.ts.secs) * 1_000_000_000 + i128::from(r.frame.ts.nanos);
        let line = self.timelines.entry(info.conn).or_default();
        line.client = Some(client);
        line.server = Some(server);
        line.steps.push((at, ti.before, ti.after));
        self.frame_conv.push(Some(info.conn));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{IpAddr, Ipv4Addr};

    const MS: i128 = 1_000_000;

    fn addr(port: u16) -> SocketAddr {
        SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port)
    }

    /// A handshake and the client's FIN, 10 ms apart, as the tracker would give them.
    fn timeline() -> Timeline {
        use TcpState::*;
        Timeline {
            client: Some(addr(40000)),
            server: Some(addr(8001)),
            steps: vec![
                (0, [Closed, Unknown], [SynSent, Unknown]),
                (10 * MS, [SynSent, Unknown], [Established, SynReceived]),
                (
                    20 * MS,
                    [Established, SynReceived],
                    [Established, Established],
                ),
                (100 * MS, [Established, Established], [FinWait1, CloseWait]),
            ],
        }
    }

    fn sample(at: i128, client: Option<LinuxState>) -> Sample {
        let sockets = client
            .map(|state| KernelSocket {
                local: addr(40000),
                remote: addr(8001),
                state,
            })
            .into_iter()
            .collect();
        Sample {
            from: at,
            to: at + MS / 10,
            side: None,
            trigger: Trigger::Frame(1),
            sockets,
        }
    }

    fn kind(at: i128, client: Option<LinuxState>, geometry: Geometry) -> Kind {
        compare_one(
            0,
            &sample(at, client),
            1,
            &timeline(),
            Role::Client,
            geometry,
        )
        .map(|c| c.kind)
        .unwrap()
    }

    use super::super::KernelSocket;

    const LOOPBACK: Geometry = Geometry { path: None };

    #[test]
    fn a_sample_agrees_with_any_state_within_the_slack() {
        // 1 ms before the FIN is stamped the kernel may already be in FIN-WAIT-1.
        assert_eq!(
            kind(99 * MS, Some(LinuxState::FinWait1), LOOPBACK),
            Kind::Agree
        );
        assert_eq!(
            kind(99 * MS, Some(LinuxState::Established), LOOPBACK),
            Kind::Agree
        );
        // 50 ms before it, not: the kernel moved between two packets.
        assert_eq!(
            kind(50 * MS, Some(LinuxState::FinWait1), LOOPBACK),
            Kind::BetweenPackets
        );
    }

    #[test]
    fn no_entry_is_closed_and_a_state_never_inferred_is_unexplained() {
        assert_eq!(kind(0, None, LOOPBACK), Kind::Agree);
        assert_eq!(
            kind(50 * MS, Some(LinuxState::TimeWait), LOOPBACK),
            Kind::Unexplained
        );
    }

    #[test]
    fn the_far_end_of_a_path_has_the_latency_as_slack() {
        let path = Geometry {
            path: Some((Role::Server, Duration::from_millis(100))),
        };
        // The client is the far end: 50 ms before its FIN reaches the capture, it sent it.
        assert_eq!(kind(50 * MS, Some(LinuxState::FinWait1), path), Kind::Agree);
        assert_eq!(
            kind(50 * MS, Some(LinuxState::TimeWait), path),
            Kind::FarEnd
        );
    }

    #[test]
    fn the_responder_before_its_answer_is_not_on_the_wire() {
        let s = sample(5 * MS, None);
        let c = compare_one(0, &s, 1, &timeline(), Role::Server, LOOPBACK).unwrap();
        assert_eq!((c.kind, c.inferred), (Kind::NotOnWire, TcpState::Unknown));
    }
}
