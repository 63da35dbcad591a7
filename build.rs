//! Gathers the message catalogues: every `i18n/<tag>/*.ftl` file, sorted by name, becomes one
//! `include_str!` in `$OUT_DIR/catalogues.rs`, so a new area of words is a new file and no
//! list in the code has to name it (src/annotate/lang.rs includes the generated list).

use std::fmt::Write as _;
use std::path::Path;

/// The languages, as `annotate::lang::Lang::index` orders them.
const TAGS: [&str; 2] = ["en", "zh-CN"];

fn main() {
    println!("cargo:rerun-if-changed=i18n");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n");
    let mut out =
        String::from("/// Every catalogue file of each language, in `Lang::index` order.\n");
    out.push_str("pub const FILES: [&[(&str, &str)]; 2] = [\n");
    for tag in TAGS {
        let dir = root.join(tag);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
            .collect();
        files.sort();
        out.push_str("    &[\n");
        for path in files {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "        ({name:?}, include_str!({:?})),",
                path.display().to_string()
            );
        }
        out.push_str("    ],\n");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("catalogues.rs");
    std::fs::write(dest, out).expect("write catalogues.rs");
}
