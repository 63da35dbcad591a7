//! The report in a real browser: headless Chromium opens the page of every capture in
//! captures/ (driven over the DevTools protocol by tests/browser/cdp.py), and the page must
//! raise no console error, draw an arrow for every frame of a conversation and a bar for every
//! TCP data segment, and fill its panel on a real click (frame 1 of tcp-echo: "handshake
//! 1/3") and on Enter, zoom a time-sequence graph on a drag, and print on A4 a page per
//! conversation after the table's. A screenshot of each page is kept in target/browser/.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{capture, chromium, chromium_or_skip, packets, repo, stderr, wirelab};

/// What cdp.py saw on one page.
#[derive(Debug, serde::Deserialize)]
struct Seen {
    page: String,
    errors: Vec<String>,
    arrows: Vec<u64>,
    bars: Vec<(String, usize)>,
    clicked: Option<String>,
    panel: Option<String>,
    entered: Option<String>,
    zoomed: Option<String>,
    pdf_pages: usize,
    screenshot_bytes: usize,
}

/// What the capture's `read --json` says the page must show: the frames of conversations,
/// and the data segments each side sent over TCP.
struct Want {
    frames: Vec<u64>,
    conversations: usize,
    data: [usize; 2],
    first: Option<u64>,
}

fn want(file: &Path) -> Want {
    let o = wirelab(["read".as_ref(), file.as_os_str(), "--json".as_ref()]);
    let all = packets(&o);
    let mut frames: Vec<u64> = all
        .iter()
        .filter(|p| p.get("conn").is_some())
        .filter_map(|p| p["frame"].as_u64())
        .collect();
    let first = frames.first().copied();
    let mut conns: Vec<u64> = all.iter().filter_map(|p| p["conn"].as_u64()).collect();
    conns.sort_unstable();
    conns.dedup();
    frames.sort_unstable();
    let data = |dir: &str| {
        all.iter()
            .filter(|p| p["dir"] == dir && p["tcp"]["len"].as_u64().unwrap_or(0) > 0)
            .count()
    };
    Want {
        frames,
        conversations: conns.len(),
        data: [data("c2s"), data("s2c")],
        first,
    }
}

/// The width and height a PNG's IHDR chunk gives.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(bytes.get(..8), Some(&b"\x89PNG\r\n\x1a\n"[..]), "not a PNG");
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
    (be(16), be(20))
}

#[test]
fn every_capture_s_report_works_in_headless_chromium() {
    if !chromium_or_skip("every_capture_s_report_works_in_headless_chromium") {
        return;
    }
    let out = repo().join("target/browser");
    std::fs::create_dir_all(&out).expect("target/browser");
    let names = [
        "tcp-chat",
        "tcp-echo-ipv6",
        "tcp-echo-netns",
        "tcp-echo",
        "tcp-half-close",
        "tcp-many",
        "tcp-refused",
        "tcp-reset",
        "tcp-server-closes-first",
        "udp-chat",
        "udp-echo",
        "udp-unreachable",
    ];
    let mut args: Vec<PathBuf> = Vec::new();
    for name in names {
        let page = out.join(format!("{name}.html"));
        let o = wirelab([
            "report".as_ref(),
            capture(&format!("{name}.pcap")).as_os_str(),
            "-o".as_ref(),
            page.as_os_str(),
        ]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        args.push(page);
        args.push(out.join(format!("{name}.png")));
    }
    let profile = tempfile::tempdir().expect("a profile directory");
    let mut driver = Command::new("python3");
    driver
        .arg(repo().join("tests/browser/cdp.py"))
        .arg(chromium())
        .arg(profile.path());
    // Chromium refuses to run as root with its sandbox (CI runs as root); only here.
    if nix::unistd::geteuid().is_root() {
        driver.arg("--no-sandbox");
    }
    let o = driver.args(&args).output().expect("run cdp.py");
    assert!(o.status.success(), "cdp.py: {}", stderr(&o));
    let seen: Vec<Seen> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON line a page"))
        .collect();
    assert_eq!(seen.len(), names.len(), "{}", stderr(&o));
    for (name, s) in names.iter().zip(&seen) {
        check(name, s);
    }
}

fn check(name: &str, s: &Seen) {
    let want = want(&capture(&format!("{name}.pcap")));
    assert!(s.errors.is_empty(), "{name}: console errors {:?}", s.errors);
    let mut arrows = s.arrows.clone();
    arrows.sort_unstable();
    assert_eq!(arrows, want.frames, "{name}: the arrows");
    for (i, side) in ["client", "server"].iter().enumerate() {
        let bars: usize = s
            .bars
            .iter()
            .filter(|(d, _)| d == side)
            .map(|(_, n)| n)
            .sum();
        assert_eq!(bars, want.data[i], "{name}: the {side}'s bars");
    }
    let clicked = s.clicked.as_deref().unwrap_or_default();
    assert!(
        clicked.starts_with(&format!("frame {} ·", want.first.unwrap_or(0))),
        "{name}: {clicked}"
    );
    // The panel shows the packet's fields and bytes, and the notes on its conversation.
    let panel = s.panel.as_deref().unwrap_or_default();
    for part in ["fields", "Frame: ", "0000  ", "server port"] {
        assert!(
            panel.contains(part),
            "{name}: {part:?} not in the panel: {panel}"
        );
    }
    if name.starts_with("tcp-") {
        assert!(
            panel.contains("client CLOSED → SYN-SENT"),
            "{name}: {panel}"
        );
        assert!(clicked.contains("handshake 1/3"), "{name}: {clicked}");
    }
    if name == "tcp-echo" {
        assert_eq!(
            clicked,
            "frame 1 · client → server · handshake 1/3: client SYN"
        );
    }
    if let Some(second) = s.arrows.get(1) {
        let entered = s.entered.as_deref().unwrap_or_default();
        assert!(
            entered.starts_with(&format!("frame {second} ·")),
            "{name}: {entered}"
        );
    }
    // A drag across the first graph zooms in on the rectangle dragged (30–60% of the width).
    if want.data.iter().sum::<usize>() > 0 {
        let view: Vec<f64> = s
            .zoomed
            .as_deref()
            .unwrap_or_default()
            .split(' ')
            .filter_map(|v| v.parse().ok())
            .collect();
        assert_eq!(view.len(), 4, "{name}: {:?}", s.zoomed);
        assert!(
            (view[0] - 300.0).abs() < 5.0 && (view[2] - 300.0).abs() < 5.0,
            "{name}: {view:?}"
        );
    }
    // Printed on A4: the table's page, then a page per conversation (each is short).
    assert_eq!(s.pdf_pages, 1 + want.conversations, "{name}: printed pages");
    let png = std::fs::read(Path::new(&s.page).with_extension("png")).expect("the screenshot");
    assert_eq!(png.len(), s.screenshot_bytes);
    assert_eq!(png_size(&png), (1400, 1000), "{name}");
    // A blank page of that size compresses to a few kB; the drawn one to more.
    assert!(
        (30_000..4_000_000).contains(&png.len()),
        "{name}: a screenshot of {} bytes",
        png.len()
    );
}

/// The same page in Firefox's engine (Gecko), headless: it lays the page out and paints it
/// (a screenshot of the window's size, over 100 kB where a blank page's is 37 kB), with
/// nothing fetched, as the page is self-contained. Firefox's headless mode takes screenshots
/// but has no pipe for scripts, so the clicks are tested in Chromium only.
#[test]
fn the_report_renders_in_headless_firefox() {
    if !common::firefox_or_skip("the_report_renders_in_headless_firefox") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("tcp-echo.html");
    let out = wirelab([
        "report".as_ref(),
        capture("tcp-echo.pcap").as_os_str(),
        "-o".as_ref(),
        page.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let profile = dir.path().join("profile");
    std::fs::create_dir(&profile).unwrap();
    let shot = dir.path().join("firefox.png");
    let run = Command::new("timeout")
        .arg("120")
        .arg("firefox-esr")
        .args(["--headless", "--no-remote", "--profile"])
        .arg(&profile)
        .args(["--window-size", "1200,1600", "--screenshot"])
        .arg(&shot)
        .arg(format!("file://{}", page.display()))
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let png = std::fs::read(&shot).expect("Firefox wrote the screenshot");
    assert_eq!(png_size(&png), (1200, 1600));
    assert!(
        png.len() > 100_000,
        "a nearly blank page: {} bytes",
        png.len()
    );
    let kept = repo().join("target/browser/firefox-tcp-echo.png");
    let _ = std::fs::create_dir_all(kept.parent().unwrap());
    let _ = std::fs::copy(&shot, kept);
}
