//! `--timeline-format svg` and `wirelab report`: the SVG parses as XML with one arrow per
//! frame of a conversation, the page is self-contained and explains each frame as the TUI
//! does, and hostile payload text stays text.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::{capture, ethernet_pcap, packets, stderr, stdout, tcp_segment, wirelab};

/// Every capture in captures/.
fn captures() -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(common::repo().join("captures"))
        .expect("captures/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pcap"))
        .collect();
    all.sort();
    assert!(all.len() >= 10, "{all:?}");
    all
}

/// The frames of `file` that belong to a conversation (every TCP and UDP frame among them),
/// from `read --json`.
fn conversation_frames(file: &std::path::Path) -> Vec<u64> {
    let o = wirelab(["read".as_ref(), file.as_os_str(), "--json".as_ref()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let all = packets(&o);
    for p in &all {
        if p.get("tcp").is_some() || p.get("udp").is_some() {
            assert!(
                p.get("conn").is_some(),
                "a TCP/UDP frame outside conversations: {p}"
            );
        }
    }
    all.iter()
        .filter(|p| p.get("conn").is_some())
        .filter_map(|p| p["frame"].as_u64())
        .collect()
}

/// The `data-frame` numbers of a document's elements, in document order.
fn data_frames(doc: &roxmltree::Document<'_>) -> Vec<u64> {
    doc.descendants()
        .filter_map(|n| n.attribute("data-frame"))
        .map(|v| v.parse().expect("a frame number"))
        .collect()
}

#[test]
fn every_svg_ladder_parses_as_xml_with_one_arrow_per_tcp_and_udp_frame() {
    for file in captures() {
        let o = wirelab([
            "read".as_ref(),
            file.as_os_str(),
            "--timeline".as_ref(),
            "--timeline-format".as_ref(),
            "svg".as_ref(),
        ]);
        assert!(o.status.success(), "{}: {}", file.display(), stderr(&o));
        let text = stdout(&o);
        let doc = roxmltree::Document::parse(&text)
            .unwrap_or_else(|e| panic!("{}: not XML: {e}", file.display()));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        let mut drawn = data_frames(&doc);
        drawn.sort_unstable();
        let mut want = conversation_frames(&file);
        want.sort_unstable();
        assert_eq!(drawn, want, "{}", file.display());
        // Each arrow carries its label, and a step name where tracking named one.
        let arrows: Vec<_> = doc
            .descendants()
            .filter(|n| n.attribute("data-frame").is_some())
            .collect();
        for a in &arrows {
            let texts: Vec<&str> = a.descendants().filter_map(|n| n.text()).collect();
            assert!(
                texts
                    .iter()
                    .any(|t| t.contains("seq=") || t.starts_with("UDP") || t.contains("ICMP")),
                "{}: {texts:?}",
                file.display()
            );
        }
    }
}

#[test]
fn the_svg_of_tcp_echo_names_the_steps_and_both_states() {
    let o = wirelab([
        "read",
        "captures/tcp-echo.pcap",
        "--timeline",
        "--timeline-format",
        "svg",
    ]);
    let text = stdout(&o);
    let doc = roxmltree::Document::parse(&text).expect("XML");
    let first = doc
        .descendants()
        .find(|n| n.attribute("data-frame") == Some("1"))
        .expect("frame 1's arrow");
    let words: Vec<&str> = first.descendants().filter_map(|n| n.text()).collect();
    assert!(words.contains(&"SYN seq=0"), "{words:?}");
    assert!(words.contains(&"handshake 1/3: client SYN"), "{words:?}");
    assert!(words.contains(&"SYN-SENT"), "{words:?}");
    assert!(words.contains(&"LISTEN"), "{words:?}");
    assert!(text.contains("teardown 4/4"), "{text}");
}

#[test]
fn svg_ladder_of_the_tcp_echo_capture() {
    let o = wirelab([
        "read",
        "captures/tcp-echo.pcap",
        "--timeline",
        "--timeline-format",
        "svg",
    ]);
    // The style is pinned by its own file; the drawing is what the snapshot shows.
    let svg = stdout(&o);
    let start = svg.find("<style>").expect("a style");
    let end = svg.find("</style>").expect("its end");
    insta::assert_snapshot!(format!(
        "{}{}",
        &svg[..start],
        &svg[end + "</style>".len()..]
    ));
}

/// A capture whose payloads and port-less words try to break out of the markup.
const HOSTILE: &[u8] = b"</script><b x=\"1\">&amp;]]></g>'";

fn hostile_capture(dir: &tempfile::TempDir) -> PathBuf {
    let path = dir.path().join("hostile.pcap");
    let frames = [
        tcp_segment(true, 40000, 100, 0, "S", b""),
        tcp_segment(false, 40000, 900, 101, "SA", b""),
        tcp_segment(true, 40000, 101, 901, "A", b""),
        tcp_segment(true, 40000, 101, 901, "AP", HOSTILE),
        tcp_segment(false, 40000, 901, 101 + HOSTILE.len() as u32, "A", b""),
    ];
    ethernet_pcap(&path, &frames, 1000);
    path
}

#[test]
fn hostile_payload_text_stays_text_in_the_svg_and_the_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = hostile_capture(&dir);
    let o = wirelab([
        "read".as_ref(),
        input.as_os_str(),
        "--timeline".as_ref(),
        "--timeline-format".as_ref(),
        "svg".as_ref(),
    ]);
    let svg = stdout(&o);
    let doc = roxmltree::Document::parse(&svg).expect("still XML");
    let shown: String = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("data"))
        .filter_map(|n| n.text())
        .collect();
    // The preview quotes the text (a `"` in it as `\"`), and shows every character.
    assert_eq!(shown, r#""</script><b x=\"1\">&amp;]]></g>'""#);
    assert_eq!(data_frames(&doc), [1, 2, 3, 4, 5]);

    let page = dir.path().join("hostile.html");
    let o = wirelab([
        "report".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        page.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(&page).expect("the page");
    // Only the page's own two script elements end.
    assert_eq!(html.matches("</script>").count(), 2, "{html}");
    assert!(!html.contains("<b x="), "{html}");
    let frames = page_frames(&html);
    let fields = frames["4"]["fields"].to_string();
    assert!(
        fields.contains("</script>"),
        "the fields keep the text: {fields}"
    );
}

/// The per-frame JSON a page embeds.
fn page_frames(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/json\" id=\"frames\">")
        .expect("the frames' script")
        + "<script type=\"application/json\" id=\"frames\">".len();
    let end = start + html[start..].find("</script>").expect("its end");
    let data: serde_json::Value = serde_json::from_str(&html[start..end]).expect("JSON");
    data["frames"].clone()
}

#[test]
fn the_report_is_self_contained_lists_the_summary_and_explains_each_frame() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("echo.html");
    let o = wirelab([
        "report".as_ref(),
        capture("tcp-echo.pcap").as_os_str(),
        "-o".as_ref(),
        page.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(&page).expect("the page");
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Nothing is fetched: no external script, style, font or image.
    for fetch in ["src=", "<link", "@import", "url(", "https://", "http://cdn"] {
        assert!(!html.contains(fetch), "{fetch} in the page");
    }
    // The table is the --summary table.
    let summary = stdout(&wirelab(["read", "captures/tcp-echo.pcap", "--summary"]));
    for line in summary.lines() {
        assert!(html.contains(line.trim_end()), "{line} missing");
    }
    let frames = page_frames(&html);
    let map = frames.as_object().expect("an object");
    assert_eq!(map.len(), 11, "one entry per frame");
    // The folded layers: the rows, the nesting line, then (a loopback capture) the client's
    // out layers and the server's in layers, as `read -L` writes them.
    let layers: Vec<&str> = frames["4"]["layers"]
        .as_array()
        .expect("frame 4's layers")
        .iter()
        .filter_map(|l| l.as_str())
        .collect();
    let read_l = stdout(&wirelab([
        "read",
        "captures/tcp-echo.pcap",
        "-L",
        "-c",
        "4",
    ]));
    // From the nesting line on, the page's lines are read -L's (its layer rows are laid out
    // for the panel, `link (1–2) · Ethernet 14 · …`).
    let from_nesting = |lines: Vec<&str>| -> Vec<String> {
        lines
            .into_iter()
            .map(str::trim)
            .skip_while(|l| !l.starts_with("Ethernet 14 ["))
            .map(str::to_owned)
            .collect()
    };
    let frame_4: Vec<&str> = read_l
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("4 "))
        .skip(1)
        .collect();
    assert_eq!(
        from_nesting(layers.clone()),
        from_nesting(frame_4),
        "{layers:#?}"
    );
    assert_eq!(layers.len(), 4 + 1 + 11, "{layers:#?}");
    assert!(
        layers.contains(&"out: client") && layers.contains(&"in: server"),
        "{layers:#?}"
    );
    let first = &frames["1"];
    assert_eq!(
        first["title"],
        "frame 1 · client → server · handshake 1/3: client SYN"
    );
    assert!(
        first["states"][0]
            .as_str()
            .unwrap()
            .contains("CLOSED → SYN-SENT")
    );
    assert_eq!(
        first["fields"][16], "TCP 43250 → 8001",
        "{}",
        first["fields"]
    );
    assert_eq!(
        first["fields"][21],
        "  header length 40 bytes, flags SYN (0x002)"
    );
    let bytes = first["bytes"].as_str().unwrap();
    let frame = std::fs::read(capture("tcp-echo.pcap")).expect("the capture");
    // pcap header (24 bytes), record header (16), then the frame.
    let hex: String = frame[40..40 + bytes.len() / 2]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(bytes, hex);
    // The notes on the whole conversation are written once, after the packets' own.
    assert_eq!(first["conv"], 1);
    assert!(
        !first["notes"].to_string().contains("server port"),
        "{first}"
    );
    let start = html.find("id=\"frames\">").expect("the data") + "id=\"frames\">".len();
    let data: serde_json::Value =
        serde_json::from_str(&html[start..start + html[start..].find("</script>").unwrap()])
            .expect("JSON");
    let shared = data["conversations"]["1"].to_string();
    assert!(shared.contains("conversation findings: -"), "{shared}");
    assert!(shared.contains("server port 8001/tcp"), "{shared}");
    let data = &frames["4"];
    assert!(
        data["what"][0]
            .as_str()
            .unwrap()
            .contains("15 bytes of data"),
        "{data}"
    );
    // One arrow per frame in the page's ladder too.
    let arrows = html.matches("data-frame=\"").count();
    assert_eq!(arrows, 11);
}

#[test]
fn the_report_refuses_to_write_over_its_input_and_names_missing_conversations() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("echo.pcap");
    std::fs::copy(capture("tcp-echo.pcap"), &input).expect("copy");
    let before = std::fs::read(&input).expect("read");
    let o = wirelab([
        "report".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        input.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("same file as the input"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&input).expect("read"), before);

    let page = dir.path().join("x.html");
    let o = wirelab([
        "report".as_ref(),
        input.as_os_str(),
        "--conn".as_ref(),
        "7".as_ref(),
        "-o".as_ref(),
        page.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--conn 7: no such conversation"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn max_conversations_lists_every_conversation_and_draws_the_first_n() {
    let o = wirelab([
        "report",
        "captures/tcp-many.pcap",
        "--max-conversations",
        "2",
        "-o",
        "-",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = stdout(&o);
    let sections: Vec<&str> = html
        .split("data-conv=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert_eq!(sections, ["1", "2"]);
    let summary = stdout(&wirelab(["read", "captures/tcp-many.pcap", "--summary"]));
    let rows = summary.lines().count() - 1;
    assert!(rows > 2, "{summary}");
    for line in summary.lines() {
        assert!(html.contains(line.trim_end()), "{line} missing");
    }
    let mut by_conv: BTreeMap<u64, usize> = BTreeMap::new();
    let json = wirelab(["read", "captures/tcp-many.pcap", "--json"]);
    for p in packets(&json) {
        *by_conv.entry(p["conn"].as_u64().unwrap_or(0)).or_default() += 1;
    }
    let drawn = by_conv[&1] + by_conv[&2];
    assert_eq!(page_frames(&html).as_object().map(|m| m.len()), Some(drawn));
}

#[test]
fn timeline_format_html_is_the_report_of_one_conversation() {
    let o = wirelab([
        "read",
        "captures/tcp-many.pcap",
        "--timeline",
        "--timeline-format",
        "html",
        "--conn",
        "3",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = stdout(&o);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<section class=\"conv\"").count(), 1);
    assert!(html.contains("id=\"conv-3\""));
}

/// The time-sequence graphs of a page, parsed: (direction, data-seg frames).
fn graphs(html: &str) -> Vec<(String, Vec<u64>)> {
    html.split("<svg ")
        .skip(1)
        .filter(|s| s.starts_with("xmlns=\"http://www.w3.org/2000/svg\" class=\"wl tsg\""))
        .map(|rest| {
            let end = rest.find("</svg>").expect("its end") + "</svg>".len();
            let text = format!("<svg {}", &rest[..end]);
            let doc = roxmltree::Document::parse(&text).expect("the graph is XML");
            let root = doc.root_element();
            let title = root
                .children()
                .find(|n| n.has_tag_name("title"))
                .and_then(|n| n.text())
                .unwrap_or_default();
            assert!(title.starts_with("time-sequence"), "{title}");
            let segs = doc
                .descendants()
                .filter_map(|n| n.attribute("data-seg"))
                .map(|v| v.parse().expect("a frame number"))
                .collect();
            (root.attribute("data-dir").unwrap_or("").to_owned(), segs)
        })
        .collect()
}

#[test]
fn every_tcp_data_segment_is_one_bar_of_its_senders_time_sequence_graph() {
    for file in captures() {
        let o = wirelab([
            "report".as_ref(),
            file.as_os_str(),
            "-o".as_ref(),
            "-".as_ref(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let html = stdout(&o);
        let json = wirelab(["read".as_ref(), file.as_os_str(), "--json".as_ref()]);
        for (dir, side) in [("c2s", "client"), ("s2c", "server")] {
            let want: Vec<u64> = packets(&json)
                .iter()
                .filter(|p| p["dir"] == dir && p["tcp"]["len"].as_u64().unwrap_or(0) > 0)
                .filter_map(|p| p["frame"].as_u64())
                .collect();
            let mut got: Vec<u64> = graphs(&html)
                .into_iter()
                .filter(|(d, _)| d == side)
                .flat_map(|(_, segs)| segs)
                .collect();
            // The graphs are in conversation order, the frames in capture order.
            got.sort_unstable();
            assert_eq!(got, want, "{} {side}", file.display());
        }
        // The axis label, as report::escape writes its apostrophe.
        let text = html.contains("time since the conversation&#39;s first packet (s)");
        assert_eq!(text, !graphs(&html).is_empty(), "{}", file.display());
    }
}

#[test]
fn lab_report_draws_every_captured_packet_with_the_calls_beside_them() {
    if !common::root_or_skip("lab_report_draws_every_captured_packet_with_the_calls_beside_them") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("lab.html");
    let o = wirelab([
        "lab".as_ref(),
        "tcp-echo".as_ref(),
        "--summary".as_ref(),
        "--report".as_ref(),
        page.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(&page).expect("the page");
    assert!(html.contains("<title>wirelab report: lab tcp-echo</title>"));
    let frames = page_frames(&html);
    assert_eq!(html.matches("data-frame=\"").count(), 11, "{html}");
    assert_eq!(frames.as_object().map(|m| m.len()), Some(11));
    // The calls stand on their side: the client's left of its line, the server's right.
    for (call, anchor) in [
        ("client: connect(", "end"),
        ("client: close() → FIN", "end"),
        ("server: close() → FIN", "start"),
    ] {
        let at = html.find(call).unwrap_or_else(|| panic!("{call} missing"));
        let tag = &html[html[..at].rfind("<text").expect("its element")..at];
        assert!(tag.contains("class=\"call\""), "{tag}");
        assert!(tag.contains(&format!("text-anchor=\"{anchor}\"")), "{tag}");
    }
}

#[test]
fn a_page_draws_at_most_1000_packets_a_conversation_and_3000_in_all() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("long.pcap");
    let mut frames = Vec::new();
    for port in 40001..=40004 {
        frames.push(tcp_segment(true, port, 100, 0, "S", b""));
        frames.push(tcp_segment(false, port, 900, 101, "SA", b""));
        frames.push(tcp_segment(true, port, 101, 901, "A", b""));
        for i in 0..1000 {
            frames.push(tcp_segment(true, port, 101 + i, 901, "AP", b"x"));
        }
    }
    ethernet_pcap(&input, &frames, 1000);
    let o = wirelab([
        "report".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        "-".as_ref(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = stdout(&o);
    assert_eq!(html.matches("data-frame=\"").count(), 3000);
    assert_eq!(html.matches("<section class=\"conv\"").count(), 3);
    assert_eq!(html.matches("… 3 more packets not drawn").count(), 3);
    assert_eq!(page_frames(&html).as_object().map(|m| m.len()), Some(3000));
    // The table lists the fourth conversation all the same.
    assert!(
        html.contains("10.0.0.1:40004"),
        "the table lacks conversation 4"
    );
}

/// A segment between 10.0.0.1:40000 (the client) and 10.0.0.2:80 with ACK, window `win`
/// and, when given, one SACK block.
fn acked(
    from_client: bool,
    seq: u32,
    ack: u32,
    win: u16,
    sack: Option<(u32, u32)>,
    data: &[u8],
) -> Vec<u8> {
    let (src, dst, sp, dp) = if from_client {
        ([10, 0, 0, 1], [10, 0, 0, 2], 40000, 80)
    } else {
        ([10, 0, 0, 2], [10, 0, 0, 1], 80, 40000)
    };
    let b = etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
        .ipv4(src, dst, 64)
        .tcp(sp, dp, seq, win)
        .ack(ack);
    let b = match sack {
        Some(block) => b
            .options(&[etherparse::TcpOptionElement::SelectiveAcknowledgement(
                block, [None; 3],
            )])
            .expect("a SACK option"),
        None => b,
    };
    let mut frame = Vec::new();
    b.write(&mut frame, data).expect("a segment");
    frame
}

#[test]
fn the_time_sequence_graph_marks_retransmissions_sack_blocks_and_zero_windows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("loss.pcap");
    let d = [0x61u8; 100];
    // Client ISN 100, server ISN 900; the client's second segment is lost, the server
    // SACKs the third, the client sends the second again, and the server's window closes.
    let frames = [
        tcp_segment(true, 40000, 100, 0, "S", b""),
        tcp_segment(false, 40000, 900, 101, "SA", b""),
        acked(true, 101, 901, 1000, None, b""),
        acked(true, 101, 901, 1000, None, &d),
        acked(true, 201, 901, 1000, None, &d),
        acked(true, 301, 901, 1000, None, &d),
        acked(false, 901, 201, 1000, None, b""),
        acked(false, 901, 201, 1000, Some((301, 401)), b""),
        acked(true, 201, 901, 1000, None, &d),
        acked(false, 901, 401, 0, None, b""),
    ];
    ethernet_pcap(&input, &frames, 1_000_000);
    let o = wirelab([
        "report".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        "-".as_ref(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = stdout(&o);
    let all = graphs(&html);
    assert_eq!(all, [("client".to_owned(), vec![4, 5, 6, 9])]);
    let start = html.find("class=\"wl tsg\"").expect("the graph");
    let graph = &html[start..start + html[start..].find("</svg>").unwrap()];
    assert_eq!(
        graph
            .matches("<g class=\"seg retrans\" data-seg=\"9\">")
            .count(),
        1,
        "{graph}"
    );
    assert_eq!(graph.matches(">R</text>").count(), 1);
    assert_eq!(graph.matches("class=\"sack\"").count(), 1);
    assert_eq!(graph.matches("<circle class=\"zero\"").count(), 1);
    // The SACK block stands from relative 201 to 301, as the bars of frame 6 do.
    let y_of = |frame: &str| -> (String, String) {
        let at = graph.find(&format!("data-seg=\"{frame}\"")).unwrap();
        let bar = &graph[at..];
        let attr = |name: &str| {
            let i = bar.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            bar[i..i + bar[i..].find('"').unwrap()].to_owned()
        };
        (attr("y1"), attr("y2"))
    };
    let sack = &graph[graph.find("class=\"sack\"").unwrap()..];
    let attr = |name: &str| {
        let i = sack.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        sack[i..i + sack[i..].find('"').unwrap()].to_owned()
    };
    assert_eq!((attr("y1"), attr("y2")), y_of("6"));
}

/// The frames a ladder draws of `file`, by the report's rule: in capture order, the first
/// 50 conversations, at most 1,000 packets each and 3,000 in all.
fn drawn_by_rule(file: &std::path::Path) -> Vec<u64> {
    let o = wirelab(["read".as_ref(), file.as_os_str(), "--json".as_ref()]);
    let (mut convs, mut kept, mut drawn): (BTreeMap<u64, usize>, usize, Vec<u64>) =
        (BTreeMap::new(), 0, Vec::new());
    for p in packets(&o) {
        let Some(conn) = p["conn"].as_u64() else {
            continue;
        };
        if !convs.contains_key(&conn) && convs.len() < 50 && kept < 3000 {
            convs.insert(conn, 0);
        }
        if let Some(rows) = convs.get_mut(&conn)
            && *rows < 1000
            && kept < 3000
        {
            *rows += 1;
            kept += 1;
            drawn.push(p["frame"].as_u64().expect("a frame number"));
        }
    }
    drawn.sort_unstable();
    drawn
}

#[test]
fn every_corpus_capture_s_svg_and_page_graphs_parse_as_xml() {
    if !common::corpus_or_skip("every_corpus_capture_s_svg_and_page_graphs_parse_as_xml") {
        return;
    }
    let mut checked = 0;
    for file in common::corpus_captures() {
        let o = wirelab([
            "read".as_ref(),
            file.as_os_str(),
            "--timeline".as_ref(),
            "--timeline-format".as_ref(),
            "svg".as_ref(),
        ]);
        let text = stdout(&o);
        if text.is_empty() {
            // An input that cannot be opened at all is an error, not a drawing.
            assert_eq!(o.status.code(), Some(1), "{}", file.display());
            continue;
        }
        let doc = roxmltree::Document::parse(&text)
            .unwrap_or_else(|e| panic!("{}: not XML: {e}", file.display()));
        let mut frames = data_frames(&doc);
        frames.sort_unstable();
        assert_eq!(frames, drawn_by_rule(&file), "{}", file.display());
        let page = wirelab([
            "report".as_ref(),
            file.as_os_str(),
            "-o".as_ref(),
            "-".as_ref(),
        ]);
        // Each time-sequence graph parses (graphs() asserts it) and has a bar at least.
        for (dir, segs) in graphs(&stdout(&page)) {
            assert!(!segs.is_empty(), "{}: {dir}", file.display());
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} corpus captures drawn");
}
