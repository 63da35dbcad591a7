//! Helpers shared by the black-box CLI tests.
#![allow(dead_code)]

pub mod synth;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A capture shipped in captures/.
pub fn capture(name: &str) -> PathBuf {
    repo().join("captures").join(name)
}

/// A capture of ../shared/corpus.
pub fn corpus(name: &str) -> PathBuf {
    repo().join("../shared/corpus").join(name)
}

/// The built wirelab, run from the repository root with `NO_COLOR` and the locale cleared:
/// for a test that sets more of the environment before it runs.
pub fn wirelab_command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wirelab"));
    cmd.current_dir(repo())
        .env_remove("NO_COLOR")
        // The locale chooses the language (--lang aside): tests see English unless they ask.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    cmd
}

/// `wirelab ARGS...`, colour off unless a test asks, run from the repository root.
pub fn wirelab<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    wirelab_command().args(args).output().expect("run wirelab")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The JSON packet objects of a run.
pub fn packets(o: &Output) -> Vec<serde_json::Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON line"))
        .filter(|v| v["type"] == "packet")
        .collect()
}

/// Whether a test that needs root can run. Outside CI a non-root run says "skipped: why" and
/// passes; in CI (`CI` set) it fails, so that CI can never skip it.
pub fn root_or_skip(test: &str) -> bool {
    if nix::unistd::geteuid().is_root() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: needs root, and CI must run it as root"
    );
    skipped(&format!(
        "{test} needs root (run the tests as root, as CI does)"
    ));
    false
}

/// Every pcap and pcapng file of ../shared/corpus, in name order.
pub fn corpus_captures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("../shared/corpus"))
        .expect("../shared/corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".pcap") || name.ends_with(".pcapng")
        })
        .collect();
    files.sort();
    files
}

/// Whether ../shared/corpus is there for a test that compares with it. Outside CI its
/// absence says "skipped: ../shared/corpus not found" and the test passes; in CI (`CI` set)
/// it fails, so that CI can never skip the comparison.
pub fn corpus_or_skip(test: &str) -> bool {
    if repo().join("../shared/corpus").is_dir() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: ../shared/corpus not found, and CI must compare with it"
    );
    skipped(&format!("{test}: ../shared/corpus not found"));
    false
}

/// Says why a test did nothing, where the person running `cargo test` sees it: straight to
/// stderr, past the test harness's capture (which takes only `print!` and `eprint!`).
fn skipped(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipped: {why}");
}

/// Whether tshark is installed, for a test that compares with it on the spot. Outside CI its
/// absence says "skipped: ..." and the test passes; in CI (`CI` set) it fails, so that CI can
/// never skip the comparison (CI must install tshark).
pub fn tshark_or_skip(test: &str) -> bool {
    let found = Command::new("tshark")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: tshark not found, and CI must compare with it"
    );
    skipped(&format!("{test}: tshark not found"));
    false
}

/// Debian's headless browser, for the tests that open the report in it; `CHROMIUM` names
/// another binary.
pub fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("chromium"), PathBuf::from)
}

/// Whether Chromium (and python3, which drives it) can run, for the real-browser tests of
/// `wirelab report`. Outside CI its absence says "skipped: ..." and the test passes; in CI
/// (`CI` set) it fails, so that CI can never skip them (CI installs Debian's `chromium`).
pub fn chromium_or_skip(test: &str) -> bool {
    let runs = |program: &Path| {
        Command::new(program)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let missing = if !runs(&chromium()) {
        "chromium not found (apt-get install chromium)"
    } else if !runs(Path::new("python3")) {
        "python3 not found"
    } else {
        return true;
    };
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: {missing}, and CI must run the browser tests"
    );
    skipped(&format!("{test}: {missing}"));
    false
}

/// Whether Firefox (Debian's `firefox-esr`) runs, for the test that the report renders in a
/// second browser engine. Skips outside CI when missing; fails in CI, which installs it.
pub fn firefox_or_skip(test: &str) -> bool {
    let runs = Command::new("firefox-esr")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if runs {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: firefox-esr not found, and CI must run the browser tests"
    );
    skipped(&format!(
        "{test}: firefox-esr not found (apt-get install firefox-esr)"
    ));
    false
}

/// `tshark -n -r FILE -T fields` with relative sequence numbers (as the corpus oracles were
/// made) and every occurrence of a field joined by commas: one row of fields per frame.
pub fn tshark_fields(file: &Path, fields: &[&str]) -> Vec<Vec<String>> {
    tshark_fields_with(file, &[], fields)
}

/// [`tshark_fields`] with more of tshark's options (`-o NAME:VALUE`, ...) first.
pub fn tshark_fields_with(file: &Path, options: &[&str], fields: &[&str]) -> Vec<Vec<String>> {
    let mut cmd = Command::new("tshark");
    cmd.arg("-n").args(options).arg("-r").arg(file).args([
        "-T",
        "fields",
        "-E",
        "separator=/t",
        "-E",
        "occurrence=a",
        "-E",
        "aggregator=,",
        "-o",
        "tcp.relative_sequence_numbers:TRUE",
        "-o",
        "tcp.analyze_sequence_numbers:TRUE",
    ]);
    for f in fields {
        cmd.args(["-e", f]);
    }
    let out = cmd.output().expect("run tshark");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

/// tshark's analysis flags (the `-e` of each finding, `tcp.analysis.NAME`) and the `kind`
/// wirelab's JSON gives each.
pub const TSHARK_ANALYSIS: &[(&str, &str)] = &[
    ("tcp.analysis.retransmission", "retransmission"),
    ("tcp.analysis.fast_retransmission", "fast_retransmission"),
    (
        "tcp.analysis.spurious_retransmission",
        "spurious_retransmission",
    ),
    ("tcp.analysis.out_of_order", "out_of_order"),
    ("tcp.analysis.lost_segment", "lost_segment"),
    ("tcp.analysis.ack_lost_segment", "acked_unseen_segment"),
    ("tcp.analysis.duplicate_ack", "duplicate_ack"),
    ("tcp.analysis.zero_window", "zero_window"),
    ("tcp.analysis.zero_window_probe", "zero_window_probe"),
    (
        "tcp.analysis.zero_window_probe_ack",
        "zero_window_probe_ack",
    ),
    ("tcp.analysis.window_update", "window_update"),
    ("tcp.analysis.window_full", "window_full"),
    ("tcp.analysis.keep_alive", "keep_alive"),
    ("tcp.analysis.keep_alive_ack", "keep_alive_ack"),
];

/// Whether python3 can import pandas, for the test that runs docs/json.md's one-liner. Its
/// absence says "skipped: pandas not installed" and the test passes, in CI too: CI installs
/// no Python packages (`pip install pandas` to run it).
pub fn pandas_or_skip(test: &str) -> bool {
    let found = Command::new("python3")
        .args(["-c", "import pandas"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        skipped(&format!(
            "{test}: pandas not installed (pip install pandas)"
        ));
    }
    found
}

/// Where `npm install --prefix DIR mermaid` put Mermaid for scripts/mermaid-parse.mjs:
/// `WIRELAB_MERMAID_DIR`, else target/mermaid-check (git-ignored).
pub fn mermaid_dir() -> PathBuf {
    std::env::var_os("WIRELAB_MERMAID_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target/mermaid-check"))
}

/// Whether node and the Mermaid package are there, for the test that parses the timeline's
/// diagrams with Mermaid's own parser. Without them it says "skipped: ..." and passes, in CI
/// too: CI installs no npm packages (docs/correctness.md says how to run it).
pub fn mermaid_or_skip(test: &str) -> bool {
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let package = mermaid_dir().join("node_modules/mermaid/package.json");
    if !node {
        skipped(&format!("{test}: node not installed"));
    } else if !package.is_file() {
        skipped(&format!(
            "{test}: mermaid not installed (npm install --prefix target/mermaid-check mermaid)"
        ));
    }
    node && package.is_file()
}

/// Writes `frames` (Ethernet) to a pcap at `path`, numbered from 1, the first at
/// 1,700,000,000 s and each `step_nanos` after the one before.
pub fn ethernet_pcap<F: AsRef<[u8]>>(path: &Path, frames: &[F], step_nanos: u32) {
    use wirelab::capture::{LinkType, PcapWriter, RawFrame, Timestamp};
    let mut w = PcapWriter::create(path, LinkType::ETHERNET).unwrap();
    for (i, frame) in frames.iter().enumerate() {
        let data = frame.as_ref();
        let i = u32::try_from(i).unwrap();
        w.write(&RawFrame {
            number: u64::from(i) + 1,
            link_type: LinkType::ETHERNET,
            ts: Timestamp {
                secs: 1_700_000_000,
                nanos: i * step_nanos,
            },
            len: u32::try_from(data.len()).unwrap(),
            data,
            ts_fixed: false,
        })
        .unwrap();
    }
    w.finish().unwrap();
}

/// A capture of `n` UDP datagrams over IPv4 between two hosts, 1 ms apart: big enough that a
/// debug build takes a while over it, or that a small file-size limit cuts it.
pub fn udp_capture(path: &Path, n: u32) {
    use wirelab::capture::{LinkType, PcapWriter, RawFrame, Timestamp};
    let mut w = PcapWriter::create(path, LinkType::ETHERNET).unwrap();
    for i in 0..n {
        let mut frame = Vec::new();
        etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .udp(40000 + u16::try_from(i % 1000).unwrap(), 53)
            .write(&mut frame, &[0x61u8; 64])
            .unwrap();
        let raw = RawFrame {
            number: u64::from(i) + 1,
            link_type: LinkType::ETHERNET,
            ts: Timestamp {
                secs: 1_700_000_000 + i64::from(i / 1000),
                nanos: (i % 1000) * 1_000_000,
            },
            len: u32::try_from(frame.len()).unwrap(),
            data: &frame,
            ts_fixed: false,
        };
        w.write(&raw).unwrap();
    }
    w.finish().unwrap();
}

/// What tcpdump says reading `path` back (its error output; empty when the file is whole).
pub fn tcpdump_complaints(path: &Path) -> String {
    let out = Command::new("tcpdump")
        .args(["-nn", "-r"])
        .arg(path)
        .output()
        .expect("tcpdump (apt-get install tcpdump)");
    stderr(&out)
        .lines()
        .filter(|l| !l.starts_with("reading from file"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `wirelab read INPUT -w OUTPUT` under a file-size limit of `blocks` 512-byte blocks, with
/// SIGXFSZ ignored so that the write fails with EFBIG instead of killing the process: a disk
/// that fills up mid-batch.
pub fn read_under_a_file_size_limit(input: &Path, output: &Path, blocks: u32) -> Output {
    let script = format!(
        "trap '' XFSZ; ulimit -f {blocks}; exec '{}' read '{}' -w '{}' > /dev/null",
        env!("CARGO_BIN_EXE_wirelab"),
        input.display(),
        output.display()
    );
    Command::new("sh").args(["-c", &script]).output().unwrap()
}

/// One TCP echo exchange on lo ("hello" there and back), with the server on `listener`, so
/// that a live capture has a whole connection to show.
pub fn echo_once(listener: std::net::TcpListener) {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut buf = [0u8; 5];
        s.read_exact(&mut buf).unwrap();
        s.write_all(&buf).unwrap();
    });
    let mut client = TcpStream::connect(("127.0.0.1", port)).unwrap();
    client.write_all(b"hello").unwrap();
    let mut echo = [0u8; 5];
    client.read_exact(&mut echo).unwrap();
    drop(client);
    server.join().unwrap();
}

/// An Ethernet frame with a TCP segment between 10.0.0.1:`port` (the client) and
/// 10.0.0.2:80; `flags` among "SAFRP" (SYN, ACK with `ack`, FIN, RST, PSH).
pub fn tcp_segment(
    from_client: bool,
    port: u16,
    seq: u32,
    ack: u32,
    flags: &str,
    data: &[u8],
) -> Vec<u8> {
    const CLIENT: [u8; 4] = [10, 0, 0, 1];
    const SERVER: [u8; 4] = [10, 0, 0, 2];
    let (src, dst, sp, dp) = if from_client {
        (CLIENT, SERVER, port, 80)
    } else {
        (SERVER, CLIENT, 80, port)
    };
    let mut b = etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
        .ipv4(src, dst, 64)
        .tcp(sp, dp, seq, 65535);
    for f in flags.chars() {
        b = match f {
            'S' => b.syn(),
            'A' => b.ack(ack),
            'F' => b.fin(),
            'R' => b.rst(),
            'P' => b.psh(),
            _ => b,
        };
    }
    let mut frame = Vec::new();
    b.write(&mut frame, data).unwrap();
    frame
}

/// A little-endian pcap (version 2.4, Ethernet) of `frames`, each with its time in
/// microseconds after 1,700,000,000 s: for tests that write the file or pipe it.
pub fn ethernet_pcap_bytes(frames: &[(Vec<u8>, u64)]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&4u16.to_le_bytes());
    // Time zone, accuracy, snap length, link type (Ethernet).
    for v in [0u32, 0, 65535, 1] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for (frame, micros) in frames {
        let len = u32::try_from(frame.len()).unwrap();
        let secs = 1_700_000_000 + u32::try_from(micros / 1_000_000).unwrap();
        let usecs = u32::try_from(micros % 1_000_000).unwrap();
        for v in [secs, usecs, len, len] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(frame);
    }
    out
}

/// Rows of a tab-separated table with a header line; `#` lines are comments.
pub fn tsv_rows(text: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut cells = l.split('\t');
            header
                .iter()
                .map(|k| (k.to_string(), cells.next().unwrap_or_default().to_string()))
                .collect()
        })
        .collect()
}

/// The ASCII words every translated view may keep, whatever its area: TCP flags, the RFC 9293
/// state spellings (kept beside their Chinese names), protocol names, option and field
/// abbreviations, and units.
pub const ALWAYS_ALLOWED_WORDS: &[&str] = &[
    // TCP flags, as wirelab prints them alone and joined (SYN-ACK).
    "SYN",
    "ACK",
    "FIN",
    "RST",
    "PSH",
    "URG",
    "ECE",
    "CWR",
    "NS",
    // RFC 9293 states.
    "CLOSED",
    "LISTEN",
    "SYN-SENT",
    "SYN-RECEIVED",
    "ESTABLISHED",
    "FIN-WAIT-1",
    "FIN-WAIT-2",
    "CLOSE-WAIT",
    "CLOSING",
    "LAST-ACK",
    "TIME-WAIT",
    // Protocols.
    "TCP",
    "UDP",
    "IP",
    "IPv4",
    "IPv6",
    "ICMP",
    "ICMPv6",
    "ARP",
    "DNS",
    "HTTP",
    "TLS",
    // Options, fields and measures.
    "MSS",
    "SACK",
    "sackOK",
    "RTT",
    "iRTT",
    "TS",
    "TSval",
    "TSecr",
    "val",
    "ecr",
    "nop",
    "eol",
    "wscale",
    "seq",
    "ack",
    "win",
    "len",
    "ttl",
    "id",
    "MTU",
    "TTL",
    // Units.
    "ms",
    "us",
    "µs",
    "ns",
    "KiB",
    "MiB",
    "GiB",
];

/// The English words of `text` a translated view should not print: every ASCII word that is
/// not in [`ALWAYS_ALLOWED_WORDS`] or `allow`, in order of first appearance, each once.
///
/// A word is a run of ASCII letters, digits, `-` and `_`. Not words: runs without two ASCII
/// letters (numbers, addresses, `1/3`, a lone unit letter), hex (`0x1f`, `a3f0`, the groups
/// of an IPv6 or MAC address: all hex digits with a digit among them, or every `:`-separated
/// chunk of a whitespace-separated token hex), and a number's unit (`12ms` is checked as `ms`).
/// A hyphenated or underscored word not allowed whole is checked part by part, so `SYN-ACK`
/// passes and `SYN-foo` does not.
pub fn english_words(text: &str, allow: &[&str]) -> Vec<String> {
    let allowed = |w: &str| ALWAYS_ALLOWED_WORDS.contains(&w) || allow.contains(&w);
    let mut out: Vec<String> = Vec::new();
    for chunk in text.split_whitespace() {
        if looks_like_an_address(chunk) {
            continue;
        }
        let is_word_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        for word in chunk.split(|c: char| !is_word_char(c)) {
            let word = word.trim_matches(|c| c == '-' || c == '_');
            if !is_english_word(word, &allowed) || out.iter().any(|w| w == word) {
                continue;
            }
            out.push(word.to_owned());
        }
    }
    out
}

/// An IPv6 or MAC address (maybe in brackets, with a port or a zone): hex groups and colons.
fn looks_like_an_address(chunk: &str) -> bool {
    let bare = chunk.trim_matches(|c: char| "[](),;".contains(c));
    bare.matches(':').count() >= 2
        && bare.split([':', '.', '%', ']', '[']).all(|g| {
            g.chars().all(|c| c.is_ascii_hexdigit())
                || g.chars().all(|c| c.is_ascii_alphanumeric())
                    && g.len() <= 5
                    && g.chars().any(|c| c.is_ascii_digit())
        })
}

fn is_english_word(word: &str, allowed: &impl Fn(&str) -> bool) -> bool {
    if word.chars().filter(char::is_ascii_alphabetic).count() < 2 || allowed(word) {
        return false;
    }
    let hex = word.strip_prefix("0x").unwrap_or(word);
    if hex.chars().all(|c| c.is_ascii_hexdigit())
        && (hex.len() < word.len() || hex.chars().any(|c| c.is_ascii_digit()))
    {
        return false;
    }
    if word.contains(['-', '_']) {
        return word
            .split(['-', '_'])
            .any(|part| is_english_word(part, allowed));
    }
    // A number with its unit: "12ms", "1448B".
    let unit = word.trim_start_matches(|c: char| c.is_ascii_digit());
    if unit.len() < word.len() {
        return is_english_word(unit, allowed);
    }
    true
}

/// The TUI's screen for `app` at its own size, drawn without colours by ratatui's test
/// backend, as the snapshot tests compare it.
pub fn tui_screen(app: &wirelab::tui::app::App) -> String {
    use wirelab::tui::view::{self, Theme};
    let backend = ratatui::backend::TestBackend::new(app.size.0, app.size.1);
    let mut terminal = ratatui::Terminal::new(backend).expect("a test terminal");
    terminal
        .draw(|f| view::draw(f, app, &Theme::new(false)))
        .expect("drawn");
    terminal.backend().to_string()
}

/// One VLAN-tagged (42) UDP datagram, 10.0.0.1:5000 → 10.0.0.2:53 carrying "hi", padded to
/// Ethernet's 64 bytes, as a pcap file at `path`.
pub fn vlan_udp_pcap(path: &Path) {
    let mut frame = Vec::new();
    etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
        .single_vlan(42.try_into().unwrap())
        .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
        .udp(5000, 53)
        .write(&mut frame, b"hi")
        .expect("a frame");
    frame.resize(64, 0);
    ethernet_pcap(path, &[frame], 1000);
}
