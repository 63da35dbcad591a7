//! One lab run: open the capture, run the scenario, stop once the wire has been quiet, then
//! match calls to packets and render both through the usual renderers.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use socket2::{Domain, Protocol, SockAddr, Socket, Type};

use super::LabError;
use super::attach::{self, PacketFacts, Placed, What};
use super::calls::{Call, CallKind, CallLog};
use super::kernel::compare::Geometry;
use super::kernel::{KernelReport, Sampler, SockDiag, Trigger};
use super::netns::{self, LinkShape, NetnsPair};
use super::path::forward::Forwarder;
use super::path::{Impairments, PathEngine, Verdict};
use super::scenario::{Ctx, Scenario};
use crate::annotate::calls::errno_meaning;
use crate::annotate::lang::Lang;
pub use crate::capture::OwnedFrame;
use crate::capture::{
    CaptureError, FrameSource, LinkType, LiveConfig, LiveSource, LiveStats, PcapSink, PcapWriter,
    StopHandle,
};
use crate::decode::{Net, Transport};
use crate::engine::Engine;
use crate::render::{CallNote, Renderer};
use crate::track::Role;

/// The capture stops once no packet has arrived for this long after the last call returned.
pub const QUIET: Duration = Duration::from_millis(300);
/// ...but waits no longer than this for the wire to go quiet.
const QUIET_AT_MOST: Duration = Duration::from_secs(3);

/// What to run.
#[derive(Debug, Clone)]
pub struct LabConfig {
    pub scenario: &'static Scenario,
    pub ipv6: bool,
    /// Two namespaces joined by a veth pair instead of loopback.
    pub netns: bool,
    /// The server's port; 0 lets the lab choose a free one.
    pub port: u16,
    pub message: Vec<u8>,
    /// Messages, exchanges or clients (the scenario's default when `None`).
    pub count: Option<u32>,
    /// Added to every pause of the programs.
    pub delay: Duration,
    /// Print each call on stderr as it is made.
    pub echo_calls: bool,
    /// The user's impairments of the path (added to the scenario's own); any implies
    /// `netns`.
    pub impair: Impairments,
    /// Sample the kernel's own states of the sockets (TCP scenarios), to show beside the
    /// inferred ones.
    pub kernel_states: bool,
}

/// A finished lab: the packets, the calls, and where each call goes.
#[derive(Debug)]
pub struct LabRun {
    pub scenario: &'static str,
    pub device: String,
    pub filter: String,
    pub server: SocketAddr,
    pub netns: bool,
    pub frames: Vec<OwnedFrame>,
    /// What the matcher knew of each frame.
    pub facts: Vec<PacketFacts>,
    pub calls: Vec<Call>,
    pub placed: Vec<Placed>,
    pub stats: LiveStats,
    /// What the path was told to do (the scenario's rules and the user's), when there was one.
    pub impair: Option<Impairments>,
    /// Whose end of the link the capture was on.
    pub captured_at: Role,
    /// What the path did, frame by frame.
    pub verdicts: Vec<Verdict>,
    /// The kernel's states, sampled and compared (`--kernel-states`, TCP scenarios).
    pub kernel: Option<KernelReport>,
}

/// The BPF filter for the lab's own traffic: its port, the ICMP errors about it, and on the
/// veth link the address resolution that precedes the first packet.
pub fn filter(tcp: bool, port: u16, netns: bool) -> String {
    let mut f = if tcp {
        format!("tcp port {port}")
    } else {
        // ICMP errors quote the datagram: the quoted UDP destination port sits 30 bytes into
        // an ICMPv4 message (8 + a 20-byte IPv4 header + 2), and 90 bytes into an IPv6 packet
        // carrying ICMPv6 (40 + 8 + 40 + 2).
        format!(
            "udp port {port} or (icmp and icmp[0] == 3 and icmp[30:2] == {port}) or (icmp6 and ip6[40] == 1 and ip6[90:2] == {port})"
        )
    };
    if netns {
        f = format!("{f} or arp or (icmp6 and (ip6[40] == 135 or ip6[40] == 136))");
        if !tcp {
            // Between the namespaces all traffic is the lab's: every IP fragment (only the
            // first carries the UDP ports the filter above looks at), and ICMP time exceeded
            // (reassembly), whose quoted datagram is a fragment.
            f = format!(
                "{f} or (ip[6:2] & 0x3fff != 0) or (ip6 and ip6[6] == 44) or (icmp and icmp[0] == 11) or (icmp6 and ip6[40] == 3)"
            );
        }
    }
    f
}

/// A free port for the server, held (bound) until the capture is running. Chosen below the
/// kernel's ephemeral range (32768 and up), so no client of another program is given it in
/// the meantime.
fn hold_port(tcp: bool, ip: IpAddr, port: u16) -> Result<(Socket, u16), LabError> {
    let domain = if ip.is_ipv6() {
        Domain::IPV6
    } else {
        Domain::IPV4
    };
    let (ty, proto) = if tcp {
        (Type::STREAM, Protocol::TCP)
    } else {
        (Type::DGRAM, Protocol::UDP)
    };
    let io = |what: String| move |source| LabError::Io { what, source };
    let random = RandomState::new().hash_one(std::process::id());
    let tries: Vec<u16> = if port != 0 {
        vec![port]
    } else {
        (0..200u64)
            .map(|i| 20_000 + u16::try_from((random.wrapping_add(i * 7919)) % 12_768).unwrap_or(0))
            .collect()
    };
    let mut last = None;
    for p in tries {
        let s = Socket::new(domain, ty, Some(proto)).map_err(io("socket".into()))?;
        match s.bind(&SockAddr::from(SocketAddr::new(ip, p))) {
            Ok(()) => return Ok((s, p)),
            Err(e) => last = Some((p, e)),
        }
    }
    let (p, e) = last.unwrap_or((port, io::ErrorKind::AddrInUse.into()));
    Err(LabError::Io {
        what: format!("port {p} on {ip} is not free"),
        source: e,
    })
}

/// Where a lab runs: the namespaces, the path's rules and the capture's end.
struct Place {
    pair: Option<NetnsPair>,
    impair: Option<Impairments>,
    captured_at: Role,
}

impl Place {
    fn of(config: &LabConfig) -> Result<Place, LabError> {
        let own = config.scenario.path();
        let mut impair = match own {
            Some(setup) => setup.impairments(),
            None => Impairments::default(),
        };
        impair.merge(&config.impair);
        if config.ipv6 && impair.mtu.is_some_and(|m| m < netns::IPV6_MIN_MTU) {
            return Err(LabError::Netns(format!(
                "--mtu {} is below IPv6's minimum of {} (RFC 8200): no IPv6 on such a link",
                impair.mtu.unwrap_or_default(),
                netns::IPV6_MIN_MTU
            )));
        }
        let path = own.is_some() || impair.any();
        // Dropped on every return of `run`: the namespaces go with it.
        let pair = if config.netns || path {
            Some(NetnsPair::create(LinkShape {
                path,
                mtu: impair.mtu,
            })?)
        } else {
            None
        };
        Ok(Place {
            pair,
            impair: path.then_some(impair),
            captured_at: own.map_or(Role::Server, |s| s.capture),
        })
    }

    /// The capture's device, and the namespace it is in.
    fn device(&self) -> (&'static str, Option<Arc<netns::Namespace>>) {
        match (&self.pair, self.captured_at) {
            (None, _) => ("lo", None),
            (Some(p), Role::Client) => (netns::CLIENT_IF, Some(Arc::clone(&p.client))),
            (Some(p), Role::Server) => (netns::SERVER_IF, Some(Arc::clone(&p.server))),
        }
    }
}

/// Runs the lab. `interrupt` is set by the caller's signal handler (Ctrl-C): the programs
/// stop at their next step, the capture ends, and the namespaces are removed.
pub fn run(config: &LabConfig, interrupt: Arc<AtomicBool>) -> Result<LabRun, LabError> {
    let scenario = config.scenario;
    let place = Place::of(config)?;
    let netns = place.pair.is_some();
    let server_ns = place.pair.as_ref().map(|p| Arc::clone(&p.server));
    let client_ns = place.pair.as_ref().map(|p| Arc::clone(&p.client));
    let ip: IpAddr = match (netns, config.ipv6) {
        (true, v6) => NetnsPair::server_addr(v6),
        (false, false) => Ipv4Addr::LOCALHOST.into(),
        (false, true) => Ipv6Addr::LOCALHOST.into(),
    };
    if let (Some(setup), Some(pair)) = (scenario.path(), &place.pair) {
        for &(side, key, value) in setup.sysctls {
            let ns = match side {
                Role::Client => &pair.client,
                Role::Server => &pair.server,
            };
            ns.sysctl(key, value)?;
        }
    }
    // Declared after `place`, so dropped before it: the threads stop before the namespaces go.
    let forwarder = match (
        place.pair.as_ref().and_then(|p| p.path.as_ref()),
        &place.impair,
    ) {
        (Some(ns), Some(rules)) => Some(Forwarder::start(ns, PathEngine::new(rules.clone()))?),
        _ => None,
    };

    // The port is taken in the server's namespace, the capture opened in its end's.
    let (tcp, port) = (scenario.tcp, config.port);
    let (held, port) = in_namespace(server_ns.clone(), move || hold_port(tcp, ip, port))?;
    let server = SocketAddr::new(ip, port);
    let filter = filter(scenario.tcp, port, netns);
    let (device, capture_ns) = place.device();
    let prepare = capture_ns.map(|ns| -> Prepare { Box::new(move || ns.enter()) });
    let sampler = match config.kernel_states && tcp {
        true => Some(Arc::new(open_sampler(&place, port, ip.is_ipv6())?)),
        false => None,
    };
    let capture = Capture::start_tapped(device, &filter, prepare, None, sampler.clone())?;
    drop(held);

    let ctx = Ctx {
        log: CallLog::new(config.echo_calls).sampled_by(sampler.clone()),
        server,
        message: config.message.clone().into(),
        count: config.count.unwrap_or(scenario.default_count).max(1),
        delay: config.delay,
        interrupt: Arc::clone(&interrupt),
        client_ns,
        server_ns,
    };
    let result = scenario.run(&ctx);
    let (frames, stats) = capture.finish(&interrupt)?;
    let verdicts = match forwarder {
        Some(f) => f.finish()?,
        None => Vec::new(),
    };
    if interrupt.load(Ordering::SeqCst) {
        return Err(LabError::Interrupted);
    }
    result?;
    let Place {
        pair,
        impair,
        captured_at,
    } = place;
    drop(pair);

    let calls = ctx.log.take();
    let facts = facts(&frames);
    let placed = attach::attach(&calls, &facts);
    let kernel = sampler.map(|s| {
        let (samples, failed) = s.take();
        let geometry = Geometry {
            path: impair.as_ref().map(|i| (captured_at, i.latency)),
        };
        let mut report =
            super::kernel::compare::compare(&frames, &calls, &placed, samples, geometry);
        report.failed = failed;
        report
    });
    Ok(LabRun {
        scenario: scenario.name,
        device: device.to_owned(),
        filter,
        server,
        netns,
        frames,
        facts,
        calls,
        placed,
        stats,
        impair,
        captured_at,
        verdicts,
        kernel,
    })
}

/// A sampler with a netlink socket in each namespace of the run (opened by a thread that
/// entered it: the socket answers for the namespace it was made in), or in this one.
fn open_sampler(place: &Place, port: u16, v6: bool) -> Result<Sampler, LabError> {
    let open = || SockDiag::open().map_err(LabError::from);
    let diags = match &place.pair {
        None => vec![(None, open()?)],
        Some(pair) => vec![
            (
                Some(Role::Client),
                in_namespace(Some(Arc::clone(&pair.client)), open)?,
            ),
            (
                Some(Role::Server),
                in_namespace(Some(Arc::clone(&pair.server)), open)?,
            ),
        ],
    };
    Ok(Sampler::new(diags, Some(port), Some(v6)))
}

/// Runs `f` in a thread of namespace `ns` (or here, without one).
fn in_namespace<T: Send + 'static>(
    ns: Option<Arc<netns::Namespace>>,
    f: impl FnOnce() -> Result<T, LabError> + Send + 'static,
) -> Result<T, LabError> {
    match ns {
        None => f(),
        Some(ns) => thread::spawn(move || {
            ns.enter()?;
            f()
        })
        .join()
        .unwrap_or_else(|_| Err(LabError::Unexpected("a lab thread panicked".into()))),
    }
}

/// What the capture thread does before it opens the device: enter a namespace, say.
pub(crate) type Prepare = Box<dyn FnOnce() -> Result<(), LabError> + Send>;

/// The capture, running in its own thread (in the server's namespace with `--netns`).
pub(crate) struct Capture {
    stop: StopHandle,
    frames: Arc<Mutex<Vec<OwnedFrame>>>,
    last_packet: Arc<Mutex<Instant>>,
    thread: thread::JoinHandle<Result<LiveStats, CaptureError>>,
}

impl Capture {
    /// Returns once the capture is running, so the first socket call is seen; each frame
    /// is also sent to `tap` as it comes (a view that grows),
    /// and the kernel's socket states sampled after each (`--kernel-states`).
    pub(crate) fn start_tapped(
        device: &str,
        filter: &str,
        prepare: Option<Prepare>,
        tap: Option<mpsc::Sender<OwnedFrame>>,
        sampler: Option<Arc<Sampler>>,
    ) -> Result<Capture, LabError> {
        let mut config = LiveConfig::new(device);
        // The defaults (a 32 MiB TPACKET_V3 ring, capture/live.rs) hold far more than a lab sends.
        config.filter = Some(filter.to_owned());
        let frames: Arc<Mutex<Vec<OwnedFrame>>> = Arc::default();
        let last_packet = Arc::new(Mutex::new(Instant::now()));
        let (ready_tx, ready_rx) = mpsc::channel::<Result<StopHandle, LabError>>();
        let (frames_in, last_in) = (Arc::clone(&frames), Arc::clone(&last_packet));
        let thread = thread::spawn(move || {
            if let Some(prepare) = prepare
                && let Err(e) = prepare()
            {
                let _ = ready_tx.send(Err(e));
                return Ok(LiveStats::default());
            }
            let mut source = match LiveSource::open(&config) {
                Ok(s) => s,
                Err(e) => {
                    let _ = ready_tx.send(Err(e.into()));
                    return Ok(LiveStats::default());
                }
            };
            let _ = ready_tx.send(Ok(source.stop_handle()));
            while let Some(f) = source.next_frame()? {
                let owned = OwnedFrame::from(&f);
                let number = owned.number;
                if let Some(tap) = &tap {
                    let _ = tap.send(owned.clone());
                }
                frames_in
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(owned);
                *last_in.lock().unwrap_or_else(PoisonError::into_inner) = Instant::now();
                if let Some(sampler) = &sampler {
                    sampler.sample(Trigger::Frame(number));
                }
            }
            source.stats()
        });
        let stop = ready_rx
            .recv()
            .map_err(|_| LabError::Unexpected("the capture thread ended".into()))??;
        Ok(Capture {
            stop,
            frames,
            last_packet,
            thread,
        })
    }

    /// The frames captured so far (the capture thread appends to them).
    pub(crate) fn frames(&self) -> Arc<Mutex<Vec<OwnedFrame>>> {
        Arc::clone(&self.frames)
    }

    /// Waits until the wire has been quiet for [`QUIET`] (at once on Ctrl-C), then stops.
    pub(crate) fn finish(
        self,
        interrupt: &AtomicBool,
    ) -> Result<(Vec<OwnedFrame>, LiveStats), LabError> {
        let done = Instant::now();
        loop {
            let last = *self
                .last_packet
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let quiet_since = last.max(done);
            if interrupt.load(Ordering::SeqCst)
                || quiet_since.elapsed() >= QUIET
                || done.elapsed() >= QUIET_AT_MOST
            {
                break;
            }
            thread::sleep(Duration::from_millis(20));
        }
        self.stop.stop();
        let stats = self
            .thread
            .join()
            .unwrap_or_else(|_| Ok(LiveStats::default()))?;
        let frames =
            std::mem::take(&mut *self.frames.lock().unwrap_or_else(PoisonError::into_inner));
        Ok((frames, stats))
    }
}

/// Writes a finished run's frames into `file` (opened by the caller, as the user behind sudo:
/// see [`crate::os::output_file`]), named `path` in messages.
pub fn write_pcap(
    file: std::fs::File,
    path: &std::path::Path,
    frames: &[OwnedFrame],
) -> Result<(), CaptureError> {
    let link = frames.first().map_or(LinkType::ETHERNET, |f| f.link_type);
    let mut w = PcapWriter::new(PcapSink::File(file), path, link)?;
    // pcapng keeps each packet's step and findings as its comment: the frames come to this
    // function as bytes, so the engine tracks them again to say it.
    let mut engine = w.keeps_comments().then(Engine::new);
    let mut comment = String::new();
    for f in frames {
        comment.clear();
        let raw = f.raw();
        if let Some(e) = engine.as_mut() {
            e.frame_commented(
                &raw,
                &[],
                &mut crate::render::Discard,
                &mut io::sink(),
                Some(&mut comment),
            )
            .map_err(|e| CaptureError::Write {
                path: path.to_owned(),
                reason: e.to_string(),
            })?;
        }
        w.write_commented(&raw, &comment)?;
    }
    w.finish()
}

/// Decodes and tracks the frames once, through the engine, to learn what the matcher needs.
pub(crate) fn facts(frames: &[OwnedFrame]) -> Vec<PacketFacts> {
    let mut engine = Engine::new();
    let mut sink = FactsSink(Vec::with_capacity(frames.len()));
    for f in frames {
        // Writing into the sink's Vec cannot fail.
        let _ = engine.frame(&f.raw(), &mut sink, &mut io::sink());
    }
    sink.0
}

/// A renderer that keeps, of each packet, what the matcher needs.
struct FactsSink(Vec<PacketFacts>);

impl Renderer for FactsSink {
    fn file_start(&mut self, _: &mut dyn Write, _: &crate::render::FileInfo<'_>) -> io::Result<()> {
        Ok(())
    }

    fn packet(&mut self, _: &mut dyn Write, r: &crate::render::Record<'_, '_>) -> io::Result<()> {
        self.0.push(PacketFacts {
            ts: r.frame.ts,
            conn: r.info.map(|i| i.conn),
            what: what_of(
                r.packet,
                r.info.and_then(|i| i.tcp.as_ref()).map_or(0, |t| t.seq),
            ),
        });
        Ok(())
    }
}

/// What the matcher looks for in a packet: its TCP or UDP ends, the socket an ICMP error is
/// about, or address resolution.
fn what_of(packet: &crate::decode::Packet<'_>, seq: u32) -> What {
    let addrs = packet.ip_addrs();
    match (&packet.transport, addrs) {
        (Some(Transport::Tcp(t)), Some((s, d))) => What::Tcp {
            src: SocketAddr::new(s, t.sport),
            dst: SocketAddr::new(d, t.dport),
            flags: t.flags,
            payload: t.payload_len,
            seq,
        },
        (Some(Transport::Udp(u)), Some((s, d))) => What::Udp {
            src: SocketAddr::new(s, u.sport),
            dst: SocketAddr::new(d, u.dport),
            payload: u.payload_len,
        },
        (Some(Transport::Icmp(i)), _) => match (&i.quoted, i.version, i.icmp_type) {
            (Some(q), _, _) if q.ports.is_some() => {
                let (sp, dp) = q.ports.unwrap_or_default();
                What::IcmpError {
                    about_src: SocketAddr::new(q.src, sp),
                    about_dst: SocketAddr::new(q.dst, dp),
                }
            }
            (_, 6, 135 | 136) => What::Resolution,
            _ => What::Other,
        },
        _ if matches!(packet.net, Some(Net::Arp(_))) => What::Resolution,
        _ => What::Other,
    }
}

/// Sockets that listened: their close() is not a connection's.
fn listeners(calls: &[Call]) -> std::collections::HashSet<u32> {
    calls
        .iter()
        .filter(|c| matches!(c.kind, CallKind::Listen { .. }))
        .map(|c| c.socket)
        .collect()
}

/// The packets of a run and its calls, matched: what every view of the lab and of
/// `wirelab run` shows.
#[derive(Debug, Clone, Copy)]
pub struct Matched<'a> {
    pub frames: &'a [OwnedFrame],
    /// What the matcher knew of each frame (as `facts` reads them), kept so no view decodes them again.
    pub facts: &'a [PacketFacts],
    pub calls: &'a [Call],
    pub placed: &'a [Placed],
    /// What the lab's path did (`wirelab run` has no path: none).
    pub verdicts: &'a [Verdict],
}

impl LabRun {
    pub fn matched(&self) -> Matched<'_> {
        Matched {
            frames: &self.frames,
            facts: &self.facts,
            calls: &self.calls,
            placed: &self.placed,
            verdicts: &self.verdicts,
        }
    }
}

/// Where each verdict is shown: `(before, frame)`, `frame` the captured frame it is about
/// (the same bytes: the path forwards frames unchanged), if the capture saw it; else it goes
/// before the first frame captured after it was made.
pub fn place_verdicts(frames: &[OwnedFrame], verdicts: &[Verdict]) -> Vec<(usize, Option<usize>)> {
    let mut taken = vec![false; frames.len()];
    verdicts
        .iter()
        .map(|v| {
            let same = frames
                .iter()
                .enumerate()
                .position(|(i, f)| !taken.get(i).copied().unwrap_or(true) && f.data == v.bytes);
            if let Some(i) = same {
                if let Some(t) = taken.get_mut(i) {
                    *t = true;
                }
                return (i, Some(i));
            }
            let at = i128::try_from(v.at.as_nanos()).unwrap_or(i128::MAX);
            let after = frames.partition_point(|f| {
                i128::from(f.ts.secs) * 1_000_000_000 + i128::from(f.ts.nanos) <= at
            });
            (after, None)
        })
        .collect()
}

/// The words for each placed call; with several conversations each says which it is on. A
/// traced program's calls say which process made them: `python3[4242] connect(...)`.
fn texts(lang: Lang, run: Matched<'_>) -> Vec<String> {
    let listeners = listeners(run.calls);
    let sends = sends_by_segment(run);
    let mut conns = run.placed.iter().filter_map(|p| p.conn);
    let first = conns.next();
    let several = conns.any(|c| Some(c) != first);
    run.placed
        .iter()
        .map(|p| {
            let Some(call) = run.calls.get(p.call) else {
                return String::new();
            };
            // A send whose one segment carries other sends too: which ones.
            let together = match (&call.kind, p.caused.as_slice()) {
                (CallKind::Send { .. }, [frame]) => sends.get(frame).map(Vec::as_slice),
                _ => None,
            };
            let mut text = crate::annotate::calls::describe(
                lang,
                call,
                &p.caused,
                run.facts,
                listeners.contains(&call.socket),
                together.filter(|t| t.len() > 1).unwrap_or_default(),
            );
            if let (true, Some(conn)) = (several, p.conn) {
                let conn = conn.to_string();
                text = lang.text("call-conversation", &[("call", &text), ("conn", &conn)]);
            }
            match &call.process {
                Some(pr) => format!("{}[{}] {text}", pr.comm, pr.pid),
                None => text,
            }
        })
        .collect()
}

/// For each packet that TCP sends put on the wire, which of its socket's sends they were
/// (1 for the socket's first send, 2 for its second...), in order.
fn sends_by_segment(run: Matched<'_>) -> std::collections::HashMap<usize, Vec<u32>> {
    let mut nth: std::collections::HashMap<u32, u32> = std::collections::HashMap::new();
    let mut ordinal = vec![0u32; run.calls.len()];
    for (i, c) in run.calls.iter().enumerate() {
        if matches!(c.kind, CallKind::Send { .. }) {
            let n = nth.entry(c.socket).or_default();
            *n += 1;
            if let Some(slot) = ordinal.get_mut(i) {
                *slot = *n;
            }
        }
    }
    let mut by_frame: std::collections::HashMap<usize, Vec<u32>> = Default::default();
    for p in run.placed {
        let n = ordinal.get(p.call).copied().unwrap_or(0);
        for &frame in p.caused.iter().filter(|_| n > 0) {
            by_frame.entry(frame).or_default().push(n);
        }
    }
    for sends in by_frame.values_mut() {
        sends.sort_unstable();
        sends.dedup();
    }
    by_frame
}

/// The notes for each packet index (the last list: after the last packet).
/// The calls to show before each packet (index `frames.len()`: after the last one).
pub fn notes(lang: Lang, run: Matched<'_>) -> Vec<Vec<CallNote>> {
    notes_of(lang, run, texts(lang, run))
}

/// [`notes`], from the words of each placed call.
fn notes_of(lang: Lang, run: Matched<'_>, texts: Vec<String>) -> Vec<Vec<CallNote>> {
    let mut by_packet: Vec<Vec<CallNote>> = vec![Vec::new(); run.frames.len() + 1];
    for (p, text) in run.placed.iter().zip(texts) {
        let Some(call) = run.calls.get(p.call) else {
            continue;
        };
        let note = CallNote {
            side: call.side,
            call: call.kind.name(),
            text,
            conn: p.conn,
            caused: !p.caused.is_empty(),
        };
        if let Some(slot) = by_packet.get_mut(p.before.min(run.frames.len())) {
            slot.push(note);
        }
    }
    for (v, (before, _)) in run
        .verdicts
        .iter()
        .zip(place_verdicts(run.frames, run.verdicts))
    {
        if let Some(slot) = by_packet.get_mut(before.min(run.frames.len())) {
            slot.push(CallNote {
                side: v.side,
                call: "path",
                text: crate::annotate::path::describe(lang, v),
                conn: None,
                caused: false,
            });
        }
    }
    if !run.verdicts.is_empty() {
        for (i, side, text) in timer_notes(lang, run.facts) {
            if let Some(slot) = by_packet.get_mut(i) {
                slot.push(CallNote {
                    side,
                    call: "timer",
                    text,
                    conn: None,
                    caused: false,
                });
            }
        }
    }
    by_packet
}

/// Retransmissions the sender's timer made: a SYN, data or FIN sent again at least
/// [`TIMER_AT_LEAST`] after its previous copy, each with what its wait says about the
/// timer (`(frame index, sender, words)`). Shown on a lab run with a path, where the lab
/// made the loss.
fn timer_notes(lang: Lang, facts: &[PacketFacts]) -> Vec<(usize, Role, String)> {
    type Key = (SocketAddr, SocketAddr, u32, bool);
    // Per segment: when it was last sent, the wait before that, how many times again.
    let mut last: std::collections::HashMap<
        Key,
        (crate::capture::Timestamp, Option<Duration>, u32),
    > = std::collections::HashMap::new();
    let mut clients = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, f) in facts.iter().enumerate() {
        let What::Tcp {
            src,
            dst,
            flags,
            payload,
            seq,
        } = f.what
        else {
            continue;
        };
        let syn = flags.has(crate::decode::TcpFlags::SYN);
        if syn && !flags.has(crate::decode::TcpFlags::ACK) {
            clients.insert(src);
        }
        if payload == 0 && !syn && !flags.has(crate::decode::TcpFlags::FIN) {
            continue;
        }
        let key = (src, dst, seq, syn);
        let Some((then, before, k)) = last.get(&key).copied() else {
            last.insert(key, (f.ts, None, 0));
            continue;
        };
        let waited = f.ts.since(then);
        let waited = Duration::from_nanos(u64::try_from(waited.0).unwrap_or(0));
        if waited < TIMER_AT_LEAST {
            last.insert(key, (f.ts, before, k));
            continue;
        }
        let side = if clients.contains(&src) {
            Role::Client
        } else {
            Role::Server
        };
        let text = crate::annotate::path::timer(lang, syn, k + 1, waited, before);
        out.push((i, side, text));
        last.insert(key, (f.ts, Some(waited), k + 1));
    }
    out
}

/// A retransmission sooner than this after its previous copy is not the timer's (fast
/// retransmit answers duplicate ACKs within a round trip).
const TIMER_AT_LEAST: Duration = Duration::from_millis(150);

/// Renders the packets with their calls (in `lang`'s words), through any renderer.
pub fn render(
    lang: Lang,
    run: Matched<'_>,
    renderer: &mut dyn Renderer,
    out: &mut dyn Write,
) -> io::Result<()> {
    render_with_kernel(lang, run, None, renderer, out)
}

/// [`render`], with the kernel's states (`--kernel-states`) on every packet and call.
pub fn render_with_kernel(
    lang: Lang,
    run: Matched<'_>,
    kernel: Option<&KernelReport>,
    renderer: &mut dyn Renderer,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut texts = texts(lang, run);
    if let Some(report) = kernel {
        for (i, text) in texts.iter_mut().enumerate() {
            if let Some(suffix) = crate::annotate::kernel::call_suffix(lang, report, i) {
                text.push_str(&suffix);
            }
        }
    }
    let returned = super::returned::returned(run, &texts);
    let notes = notes_of(lang, run, texts);
    let mut engine = Engine::new();
    for (i, f) in run.frames.iter().enumerate() {
        let raw = f.raw();
        engine.saw(&raw);
        if let Some(report) = kernel {
            engine.kernel_note(Some(crate::annotate::kernel::frame_note(lang, report, i)));
        }
        engine.returned_note(Some(returned.get(i).cloned().unwrap_or_default()));
        let calls = notes.get(i).map(Vec::as_slice).unwrap_or_default();
        engine.frame_with_calls(&raw, calls, renderer, out)?;
    }
    if let Some(last) = notes.last() {
        renderer.notes(out, last)?;
    }
    engine.finish(renderer, out)?;
    renderer.flush(out)
}

/// `{"type":"lab"}`: the scenario, where it ran, and every call with the frames it caused
/// and the frame it is shown before (see docs/json.md); its words in `lang`'s.
pub fn lab_record(run: &LabRun, lang: Lang) -> serde_json::Value {
    serde_json::json!({
        "type": "lab",
        "scenario": run.scenario,
        "device": run.device,
        "netns": run.netns,
        "filter": run.filter,
        "server": run.server.to_string(),
        "packets": run.frames.len(),
        "dropped": run.stats.dropped,
        "calls": calls_with_kernel(run.matched(), run.kernel.as_ref(), lang),
        "captured_at": run.netns.then_some(run.captured_at.name()),
        "path": run.impair.as_ref().map(path_json),
    })
}

/// The `calls` of the lab and run records, each with its `kernel_state` on a
/// `--kernel-states` run.
pub fn calls_with_kernel(
    run: Matched<'_>,
    kernel: Option<&KernelReport>,
    lang: Lang,
) -> Vec<serde_json::Value> {
    let mut calls = calls_json(run, lang);
    if let Some(report) = kernel {
        for (i, call) in calls.iter_mut().enumerate() {
            if let (Some(obj), Some(k)) = (
                call.as_object_mut(),
                crate::annotate::kernel::call_json(lang, report, i),
            ) {
                obj.insert("kernel_state".into(), k);
            }
        }
    }
    calls
}

/// `{"type":"kernel"}`: what the kernel's samples said on a `--kernel-states` run, in sum
/// (see docs/json.md).
pub fn kernel_record(run: &LabRun, lang: Lang) -> Option<serde_json::Value> {
    run.kernel.as_ref().map(|k| kernel_record_of(k, lang))
}

/// [`kernel_record`] of a report (the lab's or `wirelab run`'s).
pub fn kernel_record_of(report: &KernelReport, lang: Lang) -> serde_json::Value {
    let kinds: serde_json::Map<String, serde_json::Value> = report
        .counts()
        .into_iter()
        .map(|(k, n)| (k.name().to_owned(), n.into()))
        .collect();
    let differences: Vec<serde_json::Value> = report
        .comparisons
        .iter()
        .filter(|c| c.kind != super::kernel::Kind::Agree)
        .map(|c| {
            let mut v = crate::annotate::kernel::comparison_json(lang, c);
            if let Some(obj) = v.as_object_mut() {
                obj.insert("side".into(), c.role.name().into());
                obj.insert("conn".into(), c.conv.into());
                obj.insert("after_frame".into(), c.after_frame.into());
            }
            v
        })
        .collect();
    serde_json::json!({
        "type": "kernel",
        "samples": report.samples.len(),
        "compared": report.comparisons.len(),
        "kinds": kinds,
        "listener_entries": report.listener_entries,
        "differences": differences,
        "failed": report.failed,
    })
}

/// The path's rules, as the lab record shows them.
fn path_json(imp: &Impairments) -> serde_json::Value {
    let specs = |v: &[super::path::FrameSpec]| -> Vec<String> {
        v.iter().map(ToString::to_string).collect()
    };
    serde_json::json!({
        "drop": specs(&imp.drop),
        "drop_retransmissions": imp.drop_retransmissions,
        "duplicate": specs(&imp.duplicate),
        "reorder": specs(&imp.reorder),
        "latency_ms": u64::try_from(imp.latency.as_millis()).unwrap_or(u64::MAX),
        "rate_bits": imp.rate,
        "loss_percent": f64::from(imp.loss_ppm) / 10_000.0,
        "seed": imp.seed,
        "mtu": imp.mtu,
    })
}

/// `{"type":"path"}`: one record per verdict of the path, in the order they were made
/// (see docs/json.md), each `text` in `lang`'s words.
pub fn path_records(run: &LabRun, lang: Lang) -> Vec<serde_json::Value> {
    let frame_no = |i: usize| run.frames.get(i).map(|f| f.number);
    run.verdicts
        .iter()
        .zip(place_verdicts(&run.frames, &run.verdicts))
        .map(|(v, (before, frame))| {
            serde_json::json!({
                "type": "path",
                "verdict": crate::annotate::path::action_name(&v.action),
                "side": v.side.name(),
                "what": v.kind.map(super::path::FrameKind::name),
                "nth": v.nth,
                "retransmission": match v.action {
                    super::path::Action::DroppedRetransmission { k, .. } => Some(k),
                    _ => None,
                },
                "text": crate::annotate::path::describe(lang, v),
                "at": v.at.as_secs_f64(),
                "frame": frame.and_then(frame_no),
                "before_frame": frame_no(before),
            })
        })
        .collect()
}

/// Every call of a run, with its words, the frames it caused and the frame it is shown
/// before (the `calls` of the `lab` and `run` records); `text` and `error_meaning` in
/// `lang`'s words, the keys and names the same in every language (docs/json.md).
pub fn calls_json(run: Matched<'_>, lang: Lang) -> Vec<serde_json::Value> {
    let texts = texts(lang, run);
    let frame_no = |i: usize| run.frames.get(i).map(|f| f.number);
    run.placed
        .iter()
        .zip(texts)
        .filter_map(|(p, text)| {
            let call = run.calls.get(p.call)?;
            let mut v = serde_json::to_value(call).ok()?;
            let obj = v.as_object_mut()?;
            obj.insert("text".into(), text.into());
            obj.insert(
                "frames".into(),
                p.caused.iter().filter_map(|&i| frame_no(i)).collect(),
            );
            obj.insert("before_frame".into(), frame_no(p.before).into());
            obj.insert("conn".into(), p.conn.into());
            if let Some(meaning) = call.error.as_deref().and_then(|e| errno_meaning(lang, e)) {
                obj.insert("error_meaning".into(), meaning.into());
            }
            Some(v)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::BpfFilter;

    #[test]
    fn every_filter_compiles() {
        for tcp in [true, false] {
            for netns in [true, false] {
                let f = filter(tcp, 20_001, netns);
                assert!(BpfFilter::compile(&f, LinkType::ETHERNET).is_ok(), "{f}");
            }
        }
    }
}
