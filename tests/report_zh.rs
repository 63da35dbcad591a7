//! The HTML report and the SVG ladder in Simplified Chinese (`--lang zh`, or a zh_CN
//! locale): the page says `lang="zh-CN"`, its headings, panel and the graphs' axes are in
//! Chinese, its SVG still parses (roxmltree), and its table is the Chinese `--summary`.
//! The words the page takes from annotate/ (step explanations, notes) are translated there.

mod common;

use common::{capture, stderr, stdout, wirelab};

fn report(args: &[&str], env: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("echo.html");
    let mut cmd = common::wirelab_command();
    cmd.arg("report")
        .arg(capture("tcp-echo.pcap"))
        .arg("-o")
        .arg(&page)
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().expect("run wirelab");
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::read_to_string(&page).expect("the page")
}

/// Every `<svg>` element of the page, parsed.
fn svgs(html: &str) -> Vec<String> {
    html.split("<svg ")
        .skip(1)
        .map(|rest| {
            let end = rest.find("</svg>").expect("its end") + "</svg>".len();
            let text = format!("<svg {}", &rest[..end]);
            roxmltree::Document::parse(&text).expect("the SVG is XML");
            text
        })
        .collect()
}

/// The texts of the elements of `doc` with class `class`.
fn texts_of(svg: &str, class: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("XML");
    doc.descendants()
        .filter(|n| n.attribute("class") == Some(class))
        .filter_map(|n| n.text().map(str::to_owned))
        .collect()
}

fn frames(html: &str) -> serde_json::Value {
    let tag = "<script type=\"application/json\" id=\"frames\">";
    let start = html.find(tag).expect("the frames' script") + tag.len();
    let end = start + html[start..].find("</script>").expect("its end");
    serde_json::from_str(&html[start..end]).expect("JSON")
}

#[test]
fn the_report_in_chinese() {
    let html = report(&["--lang", "zh"], &[]);
    assert!(html.contains("<html lang=\"zh-CN\">"), "{}", &html[..200]);
    for words in [
        "<h1>wirelab 报告：",
        "<h2>会话</h2>",
        "<h3>梯形图</h3>",
        "<h3>时间-序号图</h3>",
        "<h2 id=\"panel-title\">数据包</h2>",
        "点击一个箭头",
        "下面画出 1 个会话",
    ] {
        assert!(html.contains(words), "{words} not in the page");
    }
    // The table is the Chinese --summary, line for line.
    let summary = stdout(&wirelab([
        "read",
        "captures/tcp-echo.pcap",
        "--summary",
        "--lang",
        "zh",
    ]));
    assert!(summary.contains("四次挥手"), "{summary}");
    for line in summary.lines() {
        assert!(html.contains(line.trim_end()), "{line} missing");
    }
    // A CJK-capable font stack, in the page's style and the drawings'.
    assert!(html.contains("\"Noto Sans CJK SC\""));
    assert!(html.contains("\"Noto Sans Mono CJK SC\""));

    let data = frames(&html);
    assert_eq!(
        data["frames"]["1"]["title"],
        "第 1 帧 · 客户端 → 服务端 · 握手 1/3：客户端发送 SYN"
    );
    let states = data["frames"]["1"]["states"][0].as_str().unwrap();
    assert!(
        states.contains("CLOSED（关闭） → SYN-SENT（同步已发送）"),
        "{states}"
    );
    assert_eq!(data["labels"]["states"], "状态：之前 → 之后");
    assert_eq!(data["labels"]["bytes"], "字节");

    let svgs = svgs(&html);
    assert_eq!(svgs.len(), 3, "the ladder and a graph per direction");
    let ladder = &svgs[0];
    assert_eq!(texts_of(ladder, "col"), ["帧", "间隔", "客户端", "服务端"]);
    let heading = texts_of(ladder, "heading");
    assert!(
        heading[0].starts_with("会话 1（tcp）：客户端 127.0.0.1"),
        "{heading:?}"
    );
    assert!(texts_of(ladder, "note").contains(&"握手 1/3：客户端发送 SYN".to_owned()));
    for graph in &svgs[1..] {
        let title = &texts_of(graph, "heading")[0];
        assert!(title.starts_with("时间-序号图："), "{title}");
        assert_eq!(
            texts_of(graph, "axislabel"),
            ["自会话第一个数据包起的时间（秒）", "相对序号（字节）"]
        );
        let legend = &texts_of(graph, "legend")[0];
        assert!(legend.starts_with("竖条：数据报文段"), "{legend}");
    }

    // The page's own words have no English left: headings, hint, panel, axes, legend.
    let mut own: Vec<String> = Vec::new();
    for tag in ["h2", "h3", "p"] {
        for piece in html.split(&format!("<{tag}")).skip(1) {
            let body = &piece[piece.find('>').unwrap() + 1..];
            let text = &body[..body.find(&format!("</{tag}>")).unwrap_or(0)];
            if !text.contains('<') {
                own.push(text.to_owned());
            }
        }
    }
    for svg in &svgs {
        for class in ["col", "axislabel", "legend"] {
            own.extend(texts_of(svg, class));
        }
    }
    let own = own.join("\n");
    assert!(own.contains("点击一个箭头"), "{own}");
    let allow = [
        "wirelab",
        "tcp",
        "max",
        "conversations",
        "ACK",
        "SACK",
        "Enter",
        "Tab",
        "SF",
        "SYN",
        "FIN",
        "RST",
        "ShADadFf",
        // The outcome line's verdicts are annotate/'s words, translated there.
        "complete",
        "four",
        "way",
    ];
    let english = common::english_words(&own, &allow);
    assert!(
        english.is_empty(),
        "English in the page's own words: {english:?}\n{own}"
    );
}

#[test]
fn the_svg_ladder_in_chinese_parses_and_names_the_steps() {
    let o = wirelab([
        "read",
        "captures/tcp-echo.pcap",
        "--timeline",
        "--timeline-format",
        "svg",
        "--lang",
        "zh",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = stdout(&o);
    let doc = roxmltree::Document::parse(&svg).expect("XML");
    let first = doc
        .descendants()
        .find(|n| n.attribute("data-frame") == Some("1"))
        .expect("frame 1's arrow");
    assert_eq!(first.attribute("aria-label"), Some("第 1 帧：SYN seq=0"));
    let words: Vec<&str> = first.descendants().filter_map(|n| n.text()).collect();
    assert!(words.contains(&"握手 1/3：客户端发送 SYN"), "{words:?}");
    assert!(svg.contains("挥手 4/4：客户端确认 FIN"), "{svg}");
    // The attributes a script reads stay the same in every language.
    assert!(svg.contains("class=\"st client"), "{svg}");
}

#[test]
fn the_locale_chooses_the_report_s_language_and_english_stays_the_default() {
    let zh = report(&[], &[("LANG", "zh_CN.UTF-8")]);
    assert!(zh.contains("<html lang=\"zh-CN\">"));
    assert!(zh.contains("<h2>会话</h2>"));
    let en = report(&[], &[]);
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("<h2>Conversations</h2>"));
    assert!(en.contains("<h1>wirelab report: "));
    assert_eq!(report(&["--lang", "en"], &[("LANG", "zh_CN.UTF-8")]), en);
}
