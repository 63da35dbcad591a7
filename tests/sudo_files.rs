//! Under sudo, every file wirelab writes (`capture -w`, `lab -w`, `read -w`, `--quiz-log`) is
//! opened as the user who ran sudo: a user can only ever get, through wirelab, a file they
//! could have created themselves. Each test plays that user (uid 65534, through SUDO_UID/SUDO_GID as sudo
//! sets them) trying to take over a root-owned file, and checks the file is byte-for-byte
//! unchanged and still root's. Needs root.

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{capture, root_or_skip, stderr};

const NOBODY: u32 = 65534;
const SECRET: &[u8] = b"root's own bytes, not a pcap\n";

/// `wirelab ARGS` as sudo would start it for uid 65534.
fn as_sudo_user(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wirelab"))
        .current_dir(common::repo())
        .args(args)
        .env("SUDO_UID", NOBODY.to_string())
        .env("SUDO_GID", NOBODY.to_string())
        .output()
        .expect("run wirelab")
}

/// A place to play in: `user/` belongs to uid 65534, `root/` is root's alone and holds a
/// root-only file (0600) with [`SECRET`] in it.
struct Playground {
    _dir: tempfile::TempDir,
    user: PathBuf,
    root_file: PathBuf,
    root_dir: PathBuf,
}

impl Playground {
    fn new() -> Playground {
        let dir = tempfile::tempdir().unwrap();
        set_mode(dir.path(), 0o755);
        let user = dir.path().join("user");
        std::fs::create_dir(&user).unwrap();
        std::os::unix::fs::chown(&user, Some(NOBODY), Some(NOBODY)).unwrap();
        let root_dir = dir.path().join("root");
        std::fs::create_dir(&root_dir).unwrap();
        set_mode(&root_dir, 0o755);
        let root_file = root_dir.join("secret");
        std::fs::write(&root_file, SECRET).unwrap();
        set_mode(&root_file, 0o600);
        Playground {
            _dir: dir,
            user,
            root_file,
            root_dir,
        }
    }

    /// `user/cap.pcap` as a symbolic link to the root-only file.
    fn link_to_root_file(&self) -> PathBuf {
        let link = self.user.join("cap.pcap");
        std::os::unix::fs::symlink(&self.root_file, &link).unwrap();
        link
    }

    /// `user/cap.pcap` as a root-owned 0644 file in the user's own directory.
    fn root_file_in_user_dir(&self) -> PathBuf {
        let path = self.user.join("cap.pcap");
        std::fs::write(&path, SECRET).unwrap();
        set_mode(&path, 0o644);
        path
    }

    fn assert_root_file_untouched(&self, path: &Path) {
        assert_eq!(std::fs::read(path).unwrap(), SECRET, "{}", path.display());
        let meta = std::fs::metadata(path).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (0, 0), "{}", path.display());
    }
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn assert_refused(out: &Output, path: &Path) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let expected = format!(
        "wirelab: {}: cannot create: Permission denied (os error 13)",
        path.display()
    );
    assert!(err.contains(&expected), "{err}");
}

fn tcp_echo() -> String {
    capture("tcp-echo.pcap").to_str().unwrap().to_owned()
}

/// The subcommands that write `-w` (or `report`'s `-o`), each as it is run before it.
fn writer(sub: &str) -> Vec<String> {
    let words: &[&str] = match sub {
        "capture" => &["capture", "-i", "lo", "-c", "1"],
        "lab" => &["lab", "tcp-echo"],
        "report" => &["report"],
        _ => &["read"],
    };
    let mut args: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
    if sub == "read" || sub == "report" {
        args.push(tcp_echo());
    }
    args
}

/// `wirelab SUB ... -w PATH` as the sudo user, which must be refused.
fn refused(sub: &str, path: &Path) {
    let mut args = writer(sub);
    // `report` writes its page where `-o` says, by the same rules as `-w`.
    let flag = if sub == "report" { "-o" } else { "-w" };
    args.extend([flag.to_owned(), path.to_str().unwrap().to_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_refused(&as_sudo_user(&args), path);
}

/// `-w` names a link, in the user's own directory, to a root-only file.
fn link_to_a_root_file_is_refused(sub: &str, test: &str) {
    if !root_or_skip(test) {
        return;
    }
    let p = Playground::new();
    refused(sub, &p.link_to_root_file());
    p.assert_root_file_untouched(&p.root_file);
}

/// `-w` names a root-owned file in the user's own directory.
fn existing_root_file_is_refused(sub: &str, test: &str) {
    if !root_or_skip(test) {
        return;
    }
    let p = Playground::new();
    let path = p.root_file_in_user_dir();
    refused(sub, &path);
    p.assert_root_file_untouched(&path);
}

/// `-w` names a new file in a directory only root may write.
fn root_directory_is_refused(sub: &str, test: &str) {
    if !root_or_skip(test) {
        return;
    }
    let p = Playground::new();
    let path = p.root_dir.join("new.pcap");
    refused(sub, &path);
    assert!(!path.exists());
}

#[test]
fn capture_w_under_sudo_does_not_follow_a_link_to_a_root_file() {
    link_to_a_root_file_is_refused(
        "capture",
        "capture_w_under_sudo_does_not_follow_a_link_to_a_root_file",
    );
}

#[test]
fn capture_w_under_sudo_leaves_an_existing_root_file_alone() {
    existing_root_file_is_refused(
        "capture",
        "capture_w_under_sudo_leaves_an_existing_root_file_alone",
    );
}

#[test]
fn capture_w_under_sudo_cannot_create_in_a_directory_the_user_cannot_write() {
    root_directory_is_refused(
        "capture",
        "capture_w_under_sudo_cannot_create_in_a_directory_the_user_cannot_write",
    );
}

#[test]
fn read_w_under_sudo_does_not_follow_a_link_to_a_root_file() {
    link_to_a_root_file_is_refused(
        "read",
        "read_w_under_sudo_does_not_follow_a_link_to_a_root_file",
    );
}

#[test]
fn read_w_under_sudo_leaves_an_existing_root_file_alone() {
    existing_root_file_is_refused(
        "read",
        "read_w_under_sudo_leaves_an_existing_root_file_alone",
    );
}

#[test]
fn read_w_under_sudo_cannot_create_in_a_directory_the_user_cannot_write() {
    root_directory_is_refused(
        "read",
        "read_w_under_sudo_cannot_create_in_a_directory_the_user_cannot_write",
    );
}

#[test]
fn lab_w_under_sudo_does_not_follow_a_link_to_a_root_file() {
    link_to_a_root_file_is_refused(
        "lab",
        "lab_w_under_sudo_does_not_follow_a_link_to_a_root_file",
    );
}

#[test]
fn lab_w_under_sudo_leaves_an_existing_root_file_alone() {
    existing_root_file_is_refused("lab", "lab_w_under_sudo_leaves_an_existing_root_file_alone");
}

#[test]
fn lab_w_under_sudo_cannot_create_in_a_directory_the_user_cannot_write() {
    root_directory_is_refused(
        "lab",
        "lab_w_under_sudo_cannot_create_in_a_directory_the_user_cannot_write",
    );
}

#[test]
fn read_w_under_sudo_no_longer_leaves_root_owned_files() {
    if !root_or_skip("read_w_under_sudo_no_longer_leaves_root_owned_files") {
        return;
    }
    let p = Playground::new();
    let path = p.user.join("mine.pcap");
    let out = as_sudo_user(&["read", &tcp_echo(), "-w", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (NOBODY, NOBODY));
    // The shipped capture was written by wirelab too: the same bytes come back.
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(capture("tcp-echo.pcap")).unwrap()
    );
}

#[test]
fn report_o_under_sudo_does_not_follow_a_link_to_a_root_file() {
    link_to_a_root_file_is_refused(
        "report",
        "report_o_under_sudo_does_not_follow_a_link_to_a_root_file",
    );
}

#[test]
fn report_o_under_sudo_leaves_an_existing_root_file_alone() {
    existing_root_file_is_refused(
        "report",
        "report_o_under_sudo_leaves_an_existing_root_file_alone",
    );
}

#[test]
fn report_o_under_sudo_cannot_create_in_a_directory_the_user_cannot_write() {
    root_directory_is_refused(
        "report",
        "report_o_under_sudo_cannot_create_in_a_directory_the_user_cannot_write",
    );
}

#[test]
fn report_o_under_sudo_is_the_users_file() {
    if !root_or_skip("report_o_under_sudo_is_the_users_file") {
        return;
    }
    let p = Playground::new();
    let path = p.user.join("echo.html");
    let out = as_sudo_user(&["report", &tcp_echo(), "-o", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (NOBODY, NOBODY));
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
}

#[test]
fn read_under_sudo_cannot_open_a_root_only_input() {
    if !root_or_skip("read_under_sudo_cannot_open_a_root_only_input") {
        return;
    }
    let p = Playground::new();
    let out = as_sudo_user(&["read", p.root_file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Permission denied"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn lab_w_under_sudo_gives_a_file_the_user_created() {
    if !root_or_skip("lab_w_under_sudo_gives_a_file_the_user_created") {
        return;
    }
    let p = Playground::new();
    let path = p.user.join("lab.pcap");
    let out = as_sudo_user(&["lab", "tcp-echo", "-w", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (NOBODY, NOBODY));
    let back = common::wirelab(["read", path.to_str().unwrap(), "--summary"]);
    assert!(
        common::stdout(&back).contains(" SF "),
        "{}",
        common::stdout(&back)
    );
}

#[test]
fn user_root_says_root_is_kept() {
    if !root_or_skip("user_root_says_root_is_kept") {
        return;
    }
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = socket.local_addr().unwrap().port();
    let filter = format!("udp port {port}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_wirelab"))
        .args([
            "capture", "-i", "lo", "-c", "1", "-q", "-Z", "root", &filter,
        ])
        .env("SUDO_UID", NOBODY.to_string())
        .env("SUDO_GID", NOBODY.to_string())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        assert!(
            std::io::BufRead::read_line(&mut err, &mut line).unwrap() > 0,
            "{lines:?}"
        );
        let listening = line.starts_with("wirelab: listening on lo");
        lines.push(line.trim_end().to_owned());
        if listening {
            break;
        }
    }
    // One datagram ends the run (-c 1); sent a few times in case the first beats the filter.
    for _ in 0..20 {
        socket.send_to(b"x", ("127.0.0.1", port)).unwrap();
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let status = child.wait().unwrap();
    assert!(status.success(), "{lines:?}");
    assert!(
        lines.contains(
            &"wirelab: keeping root privileges: --user names root (uid 0 (root), gid 0)".to_owned()
        ),
        "{lines:?}"
    );
    assert!(
        !lines.iter().any(|l| l.contains("dropped root privileges")),
        "{lines:?}"
    );
}

/// `tui FILE --quiz --quiz-log PATH` (answers on lines: standard input is no terminal) as
/// the sudo user.
fn quiz_log_as_sudo_user(path: &Path) -> Output {
    as_sudo_user(&[
        "tui",
        &tcp_echo(),
        "--quiz",
        "--quiz-seed",
        "1",
        "--quiz-log",
        path.to_str().unwrap(),
    ])
}

#[test]
fn quiz_log_under_sudo_does_not_follow_a_link_to_a_root_file() {
    if !root_or_skip("quiz_log_under_sudo_does_not_follow_a_link_to_a_root_file") {
        return;
    }
    let p = Playground::new();
    let link = p.link_to_root_file();
    assert_refused(&quiz_log_as_sudo_user(&link), &link);
    p.assert_root_file_untouched(&p.root_file);
}

#[test]
fn quiz_log_under_sudo_is_the_users_file() {
    if !root_or_skip("quiz_log_under_sudo_is_the_users_file") {
        return;
    }
    let p = Playground::new();
    let path = p.user.join("answers.jsonl");
    let out = quiz_log_as_sudo_user(&path);
    assert!(out.status.success(), "{}", stderr(&out));
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (NOBODY, NOBODY));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.ends_with("\"seed\":1}\n"), "{text}");
    assert!(text.contains("{\"type\":\"quiz_score\""), "{text}");
}

#[test]
fn lab_quiz_log_under_sudo_does_not_follow_a_link_to_a_root_file() {
    if !root_or_skip("lab_quiz_log_under_sudo_does_not_follow_a_link_to_a_root_file") {
        return;
    }
    let p = Playground::new();
    let link = p.link_to_root_file();
    let out = as_sudo_user(&[
        "lab",
        "tcp-echo",
        "--quiz",
        "--quiz-log",
        link.to_str().unwrap(),
    ]);
    assert_refused(&out, &link);
    p.assert_root_file_untouched(&p.root_file);
}
