//! The shape docs/architecture.md promises of the source: no function in src/ longer than
//! 100 lines, so that each can be read in a screen or two. A function that grows past it is
//! split, or named here with the reason it may not be.

use std::path::{Path, PathBuf};

/// Functions allowed past the limit, with why (docs/architecture.md names them too).
const EXCEPTIONS: &[(&str, &str)] = &[];

const LIMIT: usize = 100;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src/") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The line without its comment and the contents of its string and character literals, so
/// that only the braces of the code are counted.
fn code_of(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => break,
            '"' => {
                while let Some(s) = chars.next() {
                    match s {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            // A character literal ('{', '\''), not a lifetime ('a).
            '\'' => {
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with('\\') {
                    chars.next();
                    chars.next();
                    chars.next();
                } else if rest.chars().nth(1) == Some('\'') {
                    chars.next();
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// The name of the function a line starts, if it starts one.
fn fn_name(line: &str) -> Option<&str> {
    let mut words = line.split_whitespace().peekable();
    while let Some(w) = words.next() {
        match w {
            "pub" | "const" | "async" | "unsafe" | "extern" | "\"C\"" => continue,
            w if w.starts_with("pub(") => continue,
            "fn" => {
                let name = words.next()?;
                let end = name.find(['<', '(']).unwrap_or(name.len());
                return name.get(..end);
            }
            _ => return None,
        }
    }
    None
}

/// (lines, file, first line, name) of every function with a body.
fn functions(path: &Path) -> Vec<(usize, String, usize, String)> {
    let text = std::fs::read_to_string(path).expect("read a source file");
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = fn_name(line) else { continue };
        let (mut depth, mut started) = (0i64, false);
        for (j, l) in lines.iter().enumerate().skip(i) {
            let code = code_of(l);
            for c in code.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        started = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            if !started && code.trim_end().ends_with(';') {
                break; // a declaration without a body (a trait's)
            }
            if started && depth <= 0 {
                found.push((
                    j - i + 1,
                    path.display().to_string(),
                    i + 1,
                    name.to_owned(),
                ));
                break;
            }
        }
    }
    found
}

#[test]
fn no_function_in_src_is_longer_than_100_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut long: Vec<String> = files
        .iter()
        .flat_map(|f| functions(f))
        .filter(|(n, _, _, name)| *n > LIMIT && !EXCEPTIONS.iter().any(|(e, _)| e == name))
        .map(|(n, file, line, name)| format!("{file}:{line} {name}: {n} lines"))
        .collect();
    long.sort();
    assert!(
        long.is_empty(),
        "functions over {LIMIT} lines (split them):\n{}",
        long.join("\n")
    );
}

#[test]
fn the_counter_sees_a_long_function() {
    // The check above is only as good as its counting: a made-up long function is seen, its
    // braces in strings and characters are not counted, and a trait's declaration is not one.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.rs");
    let mut text = String::from("trait T { fn declared(&self); }\npub(crate) fn long() {\n");
    for _ in 0..120 {
        text.push_str("    let _ = \"{\"; let _ = '{';\n");
    }
    text.push_str("}\nfn short() {}\n");
    std::fs::write(&file, text).unwrap();
    let found = functions(&file);
    let names: Vec<(&str, usize)> = found.iter().map(|(n, _, _, s)| (s.as_str(), *n)).collect();
    assert_eq!(names, [("long", 122), ("short", 1)]);
}
