//! Starting the program: as the invoking user, traced, under the seccomp filter, and stopped
//! before its first instruction so that the capture is running before it can send anything.
//!
//! The one place in wirelab with `unsafe`: `CommandExt::pre_exec`, because the code between
//! `fork` and `exec` runs in a copy of a multi-threaded process and may only make
//! async-signal-safe calls. What it runs allocates nothing: every argument is made before
//! the fork, and each step is a single system call (nix's wrappers, seccompiler's
//! `apply_filter`).

#![allow(unsafe_code)]

use std::ffi::OsString;
use std::io;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command};

use nix::sched::CloneFlags;
use nix::sys::ptrace;
use nix::unistd::{self, Gid, Uid};
use seccompiler::BpfProgram;

use super::TraceError;
use crate::os::privilege::Identity;

/// What to start, and as whom.
#[derive(Debug)]
pub struct Launch {
    /// The program, found on PATH already (see [`find_program`]).
    pub program: PathBuf,
    /// Its arguments, the first (argv\[0\]) as the user typed it.
    pub args: Vec<OsString>,
    pub user: Identity,
    /// The user's home directory, for HOME (sudo may have set root's).
    pub home: Option<PathBuf>,
    /// Run in a network namespace of its own (only loopback, brought up by wirelab).
    pub netns: bool,
    /// Where the program's standard output and error go when the terminal is not its own
    /// (`run --tui`: the TUI has the screen); its standard input is then empty. `None`: the
    /// terminal's, as wirelab's.
    pub detached: Option<std::fs::File>,
}

/// Starts `launch` traced: it returns once the program has been exec'd and stopped there
/// (a traced process stops with SIGTRAP after exec), before any of its code ran.
pub fn spawn(launch: &Launch, filter: BpfProgram) -> Result<Child, TraceError> {
    let mut cmd = Command::new(&launch.program);
    if let Some((first, rest)) = launch.args.split_first() {
        cmd.arg0(first).args(rest);
    }
    if let Some(home) = &launch.home {
        cmd.env("HOME", home);
    }
    if let Some(name) = &launch.user.name {
        cmd.env("USER", name).env("LOGNAME", name);
    }
    if let Some(out) = &launch.detached {
        let copy = |f: &std::fs::File| {
            f.try_clone().map_err(|source| TraceError::Spawn {
                program: launch.program.display().to_string(),
                source,
            })
        };
        cmd.stdin(std::process::Stdio::null())
            .stdout(copy(out)?)
            .stderr(copy(out)?);
    }
    let groups: Vec<Gid> = launch
        .user
        .groups
        .iter()
        .copied()
        .map(Gid::from_raw)
        .collect();
    let (uid, gid) = (
        Uid::from_raw(launch.user.uid),
        Gid::from_raw(launch.user.gid),
    );
    let netns = launch.netns;
    // SAFETY: the closure runs in the forked child before exec. It makes only single system
    // calls with arguments prepared above (no allocation, no lock): unshare, setgroups,
    // setresgid, setresuid, ptrace(TRACEME), prctl(NO_NEW_PRIVS) and seccomp; each error
    // becomes an io::Error from its errno, which allocates nothing either.
    unsafe {
        cmd.pre_exec(move || in_child(netns, &groups, gid, uid, &filter));
    }
    cmd.spawn().map_err(|source| TraceError::Spawn {
        program: launch.program.display().to_string(),
        source,
    })
}

/// The child's set-up, in order: its own network namespace (needs root, so first), the
/// user's groups and ids (for good: the saved ids too), the tracer, then the filter, which
/// sets no_new_privs, so neither a setuid program nor file capabilities can take back what
/// was dropped.
fn in_child(
    netns: bool,
    groups: &[Gid],
    gid: Gid,
    uid: Uid,
    filter: &BpfProgram,
) -> io::Result<()> {
    let os = |e: nix::Error| io::Error::from_raw_os_error(e as i32);
    if netns {
        nix::sched::unshare(CloneFlags::CLONE_NEWNET).map_err(os)?;
    }
    unistd::setgroups(groups).map_err(os)?;
    unistd::setresgid(gid, gid, gid).map_err(os)?;
    unistd::setresuid(uid, uid, uid).map_err(os)?;
    ptrace::traceme().map_err(os)?;
    seccompiler::apply_filter(filter).map_err(|_| io::Error::from_raw_os_error(libc::EPERM))
}

/// `program` as exec would find it for `user`: a path as given, else the first file of that
/// name on PATH that `user` may run (root's PATH under sudo can name directories, such as a
/// version manager's in root's home, that the user may not enter). Looked up before the fork,
/// so that a typo or a file the user may not run gets a clear message.
pub fn find_program(program: &std::ffi::OsStr, user: &Identity) -> Result<PathBuf, TraceError> {
    let given = PathBuf::from(program);
    if program.to_string_lossy().contains('/') {
        return if runnable_by(&given, user) {
            Ok(given)
        } else {
            Err(TraceError::NotFound(given.display().to_string()))
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_else(|| "/usr/local/bin:/usr/bin:/bin".into());
    std::env::split_paths(&path)
        .map(|dir| dir.join(&given))
        .find(|p| runnable_by(p, user))
        .ok_or_else(|| TraceError::NotFound(given.display().to_string()))
}

/// Whether `user` may execute `path`: the file is executable for them, and every directory
/// above it may be searched by them (the owner's, group's or others' bits, as the kernel
/// checks them; access control lists are not read).
fn runnable_by(path: &std::path::Path, user: &Identity) -> bool {
    use std::os::unix::fs::MetadataExt;
    let allowed = |m: &std::fs::Metadata| {
        let mode = m.mode();
        if m.uid() == user.uid {
            mode & 0o100 != 0
        } else if m.gid() == user.gid || user.groups.contains(&m.gid()) {
            mode & 0o010 != 0
        } else {
            mode & 0o001 != 0
        }
    };
    let Ok(abs) = std::path::absolute(path) else {
        return false;
    };
    let file_ok = abs.metadata().is_ok_and(|m| m.is_file() && allowed(&m));
    file_ok
        && abs
            .ancestors()
            .skip(1)
            .all(|dir| dir.metadata().is_ok_and(|m| allowed(&m)))
}
