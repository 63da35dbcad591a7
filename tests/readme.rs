//! The README is a front door: short, its links lead somewhere, its set-up command installs
//! what CI installs, and the package metadata `cargo package` wants is there.

mod common;

use common::repo;

fn read(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_readme_is_a_front_door_of_at_most_150_lines() {
    let readme = read("README.md");
    let lines = readme.lines().count();
    assert!(lines <= 150, "README.md has {lines} lines");
    for must in [
        "## Set-up: two commands",
        "cargo test",
        "docs/guide.md",
        "LICENSE",
    ] {
        assert!(readme.contains(must), "README.md lacks {must:?}");
    }
}

/// Every relative link `](path)` or `](path#anchor)` in `doc` names a file that exists.
fn links_resolve(doc: &str) {
    let text = read(doc);
    let dir = repo().join(doc).parent().unwrap().to_owned();
    for piece in text.split("](").skip(1) {
        let target = piece.split(')').next().unwrap_or_default();
        let path = target.split('#').next().unwrap_or_default();
        if path.is_empty() || path.contains("://") {
            continue;
        }
        assert!(
            dir.join(path).exists(),
            "{doc}: link to {target} leads nowhere"
        );
    }
}

#[test]
fn every_link_in_the_readme_and_the_docs_leads_somewhere() {
    links_resolve("README.md");
    for entry in std::fs::read_dir(repo().join("docs")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".md") {
            links_resolve(&format!("docs/{name}"));
        }
    }
}

#[test]
fn the_readme_installs_what_ci_installs_and_ci_runs_the_readme_tests() {
    let packages = |text: &str| -> Vec<String> {
        let line = text
            .lines()
            .find(|l| l.contains("apt-get install -y"))
            .expect("an apt-get install line");
        let after = line.split("apt-get install -y").nth(1).unwrap();
        let mut words: Vec<String> = after
            .split_whitespace()
            .take_while(|w| !w.starts_with('&') && !w.starts_with('>'))
            .filter(|w| !w.starts_with('-'))
            .map(str::to_owned)
            .collect();
        words.sort();
        words
    };
    let readme = read("README.md");
    let ci = read(".ci/run");
    assert_eq!(packages(&readme), packages(&ci));
    assert!(
        ci.lines().any(|l| l.trim() == "cargo test"),
        ".ci/run runs cargo test"
    );
}

#[test]
fn the_package_metadata_is_there() {
    let manifest = read("Cargo.toml");
    for key in [
        "description = ",
        "license = \"MIT\"",
        "readme = \"README.md\"",
        "keywords = ",
    ] {
        assert!(manifest.contains(key), "Cargo.toml lacks {key}");
    }
    assert!(read("LICENSE").starts_with("MIT License"));
}

/// The text of section `heading` (from its `## ` line to the next one).
fn section<'a>(readme: &'a str, heading: &str) -> &'a str {
    let start = readme
        .find(heading)
        .unwrap_or_else(|| panic!("README.md lacks {heading:?}"));
    let rest = &readme[start + heading.len()..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

/// The lines of the ```sh blocks of `text`.
fn commands(text: &str) -> Vec<&str> {
    text.split("```sh\n")
        .skip(1)
        .flat_map(|block| block.split("```").next().unwrap_or_default().lines())
        .collect()
}

/// The Chinese section says what wirelab is, gives the same two set-up commands as the
/// English set-up, and how to choose Chinese (`--lang zh`, a zh_CN locale).
#[test]
fn the_chinese_section_names_the_same_two_commands() {
    let readme = read("README.md");
    let setup = commands(section(&readme, "## Set-up: two commands"));
    assert_eq!(setup.len(), 2, "{setup:?}");
    assert!(setup[0].contains("apt-get install -y"), "{setup:?}");
    assert_eq!(setup[1], "cargo test");
    let chinese = section(&readme, "## 中文说明");
    let shown = commands(chinese);
    for command in &setup {
        assert!(
            shown.contains(command),
            "the Chinese section lacks {command:?}"
        );
    }
    for words in [
        "--lang zh",
        "LANG=zh_CN.UTF-8",
        "三次握手",
        "四次挥手",
        "套接字",
    ] {
        assert!(
            chinese.contains(words),
            "the Chinese section lacks {words:?}"
        );
    }
}
