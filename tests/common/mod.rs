//! Helpers shared by the black-box CLI tests.
#![allow(dead_code)]

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

/// `wirelab ARGS...`, colour off unless a test asks, run from the repository root.
pub fn wirelab<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_wirelab"))
        .current_dir(repo())
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run wirelab")
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
