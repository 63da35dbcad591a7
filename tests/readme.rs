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
