//! Every subcommand's `--help` has a description, and every example it shows runs as written
//! from the repository root (examples that need root run as root, as CI runs them).

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{repo, root_or_skip, stdout, wirelab};

/// Every subcommand, in the order `wirelab --help` lists them.
const SUBCOMMANDS: [&str; 10] = [
    "read",
    "report",
    "tui",
    "lab",
    "run",
    "explain",
    "interfaces",
    "capture",
    "completions",
    "man",
];

/// The subcommands `wirelab --help` lists, with their one-line descriptions.
fn subcommands() -> Vec<(String, String)> {
    let help = stdout(&wirelab(["--help"]));
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| {
            let (name, about) = l.trim().split_once(' ')?;
            Some((name.to_owned(), about.trim().to_owned()))
        })
        .filter(|(name, _)| name != "help")
        .collect()
}

/// The command lines under "Examples:" in `wirelab SUB --help`.
fn examples(sub: &str) -> Vec<String> {
    let help = stdout(&wirelab([sub, "--help"]));
    help.lines()
        .skip_while(|l| *l != "Examples:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| l.trim().to_owned())
        .collect()
}

#[test]
fn every_subcommand_has_a_description_of_its_own() {
    let subs = subcommands();
    let names: Vec<&str> = subs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, SUBCOMMANDS);
    for (name, about) in &subs {
        assert!(about.len() > 20, "{name}: {about:?}");
        let own = stdout(&wirelab([name.as_str(), "--help"]));
        let first = own.lines().next().unwrap_or_default();
        assert!(
            about.starts_with(first.trim_end_matches('.')),
            "{name}: --help opens with {first:?}, the list says {about:?}"
        );
    }
    let lab = stdout(&wirelab(["--help"]));
    let lab_line = lab
        .lines()
        .find(|l| l.trim_start().starts_with("lab "))
        .unwrap();
    assert!(lab_line.contains("client and a server"), "{lab_line}");
    let explain = lab
        .lines()
        .find(|l| l.trim_start().starts_with("explain "))
        .unwrap();
    assert!(explain.contains("Explain an address"), "{explain}");
}

#[test]
fn every_subcommand_shows_examples() {
    for (name, _) in subcommands() {
        let ex = examples(&name);
        assert!(!ex.is_empty(), "{name} --help has no examples");
        assert!(ex.iter().all(|e| e.contains("wirelab ")), "{name}: {ex:?}");
    }
}

/// Runs one example through `sh` in `dir` (where its output files land), with `captures/`
/// pointing into the repository. A capture waits for traffic that a quiet machine may not
/// have: it counts as running when it is still up after a second and stops cleanly on SIGTERM.
fn run_example(example: &str, dir: &std::path::Path) -> Result<(), String> {
    let line = example
        .trim_start_matches("sudo ")
        .replace("wirelab ", &format!("'{}' ", env!("CARGO_BIN_EXE_wirelab")))
        .replace("captures/", &format!("'{}/captures/'", repo().display()));
    let mut sh = Command::new("sh");
    if example.contains("wirelab run ") {
        // As sudo would leave it: the program runs as that user (nobody here).
        sh.env("SUDO_UID", "65534").env("SUDO_GID", "65534");
    }
    let mut child = sh
        .args(["-c", &format!("exec {line}")])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let start = Instant::now();
    let long_running = example.contains(" capture ");
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            let out = child.wait_with_output().map_err(|e| e.to_string())?;
            return if status.success() {
                Ok(())
            } else {
                Err(format!(
                    "{status}: {}",
                    String::from_utf8_lossy(&out.stderr)
                ))
            };
        }
        if start.elapsed() > Duration::from_secs(if long_running { 1 } else { 30 }) {
            let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).unwrap());
            let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM);
            let status = child.wait().map_err(|e| e.to_string())?;
            return if long_running && (status.success() || status.code() == Some(143)) {
                Ok(())
            } else {
                Err(format!(
                    "still running after {:?}: {status}",
                    start.elapsed()
                ))
            };
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn every_example_in_the_help_runs() {
    if !root_or_skip("every_example_in_the_help_runs") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // `wirelab run`'s examples run tests/programs/ as the user nobody, who must be able to
    // read them and to create the -o and -w files here.
    programs_for_nobody(dir.path());
    let mut ran = 0;
    for (name, _) in subcommands() {
        for example in examples(&name) {
            // The TUI needs a terminal; tests/tui_tmux.rs runs it in one. Here its file
            // arguments must exist.
            if example.contains("wirelab tui ") {
                for word in example
                    .split_whitespace()
                    .filter(|w| w.starts_with("captures/"))
                {
                    assert!(repo().join(word).exists(), "{example}: {word} is missing");
                }
                continue;
            }
            if let Err(e) = run_example(&example, dir.path()) {
                panic!("`{example}` ({name} --help) failed: {e}");
            }
            ran += 1;
        }
    }
    assert!(ran >= 15, "only {ran} examples ran");
}

#[test]
fn completions_load_in_bash_and_name_every_subcommand() {
    let script = wirelab(["completions", "bash"]);
    assert!(script.status.success());
    let text = stdout(&script);
    for sub in SUBCOMMANDS {
        assert!(text.contains(sub), "{sub} missing from the bash completion");
    }
    // Sourced by bash, it registers a completion for wirelab.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wirelab.bash");
    std::fs::write(&file, &script.stdout).unwrap();
    let out = Command::new("bash")
        .args([
            "-c",
            &format!("source '{}' && complete -p wirelab", file.display()),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout(&out).contains("wirelab"), "{}", stdout(&out));
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let out = wirelab(["completions", shell]);
        assert!(out.status.success() && !out.stdout.is_empty(), "{shell}");
    }
}

#[test]
fn the_manual_page_is_roff_and_lists_the_subcommands() {
    let out = wirelab(["man"]);
    assert!(out.status.success());
    let page = stdout(&out);
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "{}",
        &page[..page.len().min(200)]
    );
    assert!(
        page.lines().any(|l| l.starts_with(".TH wirelab")),
        "no .TH line"
    );
    for sub in SUBCOMMANDS {
        assert!(page.contains(sub), "{sub} missing from the manual page");
    }
}

/// A copy of tests/programs under `dir`, and `dir` open to every user.
fn programs_for_nobody(dir: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    let open = |p: &std::path::Path, mode| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    let programs = dir.join("tests/programs");
    std::fs::create_dir_all(&programs).unwrap();
    open(dir, 0o777);
    open(&dir.join("tests"), 0o755);
    open(&programs, 0o755);
    for e in std::fs::read_dir(repo().join("tests/programs")).unwrap() {
        let e = e.unwrap();
        let to = programs.join(e.file_name());
        std::fs::copy(e.path(), &to).unwrap();
        open(&to, 0o644);
    }
}
