//! Who may capture, and giving up the right to once the capture is open.
//!
//! Opening a packet socket needs the CAP_NET_RAW capability: root has it, or a binary given it
//! with `setcap`. wirelab needs it only for the moment it opens the interface (and, under
//! `sudo`, creates the `-w` file): afterwards [`drop_to`] switches to the user who ran `sudo`
//! (SUDO_UID/SUDO_GID) or to a named user, as `tcpdump -Z` does, so that the rest of the run
//! (decoding untrusted packets, writing output) has no privileges and the files it writes
//! belong to that user. The exact words of [`permission_help`] are documented in docs/faq.md.

use std::ffi::CString;
use std::fmt;

use nix::unistd::{self, Gid, Uid, User};

/// The command that gives the binary the capabilities it needs, for users who would rather
/// not run it under sudo each time.
pub const SETCAP_COMMAND: &str = "sudo setcap cap_net_raw,cap_net_admin=eip $(which wirelab)";

/// CAP_NET_RAW's bit in the capability sets of /proc/PID/status (linux/capability.h).
const CAP_NET_RAW_BIT: u32 = 13;

/// What failed while changing identity. Each variant says which step, so a message shows
/// where the drop stopped (a half-dropped process is never left running: the caller exits).
#[derive(Debug, thiserror::Error)]
pub enum PrivilegeError {
    #[error("SUDO_UID/SUDO_GID: {0}")]
    SudoEnv(String),
    #[error("no user named '{0}'")]
    NoSuchUser(String),
    #[error("cannot look up user '{name}': {reason}")]
    Lookup { name: String, reason: String },
    #[error("cannot {step}: {reason}")]
    Drop { step: &'static str, reason: String },
    #[error(
        "dropping privileges did not take: uid {ruid}/{euid}, gid {rgid}/{egid} (real/effective), wanted {uid}/{gid}"
    )]
    NotDropped {
        ruid: u32,
        euid: u32,
        rgid: u32,
        egid: u32,
        uid: u32,
        gid: u32,
    },
}

/// A user to become: numeric ids, supplementary groups, and where the choice came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub uid: u32,
    pub gid: u32,
    /// Supplementary groups (from the group database; empty when the user has no entry).
    pub groups: Vec<u32>,
    /// The user's name, when the password database has one.
    pub name: Option<String>,
    /// "SUDO_UID/SUDO_GID" or "--user".
    pub source: &'static str,
}

impl fmt::Display for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "uid {}", self.uid)?;
        if let Some(name) = &self.name {
            write!(f, " ({name})")?;
        }
        write!(f, ", gid {}", self.gid)
    }
}

/// Whether this process holds CAP_NET_RAW in its effective set, read from /proc/self/status
/// (`None` where that file cannot be read or parsed). Root normally has every capability.
pub fn can_capture() -> Option<bool> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    cap_net_raw_in_status(&status)
}

fn cap_net_raw_in_status(status: &str) -> Option<bool> {
    let hex = status
        .lines()
        .find_map(|line| line.strip_prefix("CapEff:"))?
        .trim();
    let caps = u64::from_str_radix(hex, 16).ok()?;
    Some(caps & (1 << CAP_NET_RAW_BIT) != 0)
}

/// What to tell a user whose capture failed for lack of privilege. `command` is the command
/// line they ran (shown again after `sudo`), `reason` libpcap's words. Documented in
/// docs/faq.md; tests assert these exact lines.
pub fn permission_help(device: &str, reason: &str, command: &str) -> String {
    format!(
        "wirelab: cannot capture on {device}: {reason}\n\
         Capturing packets needs the CAP_NET_RAW capability, which this process does not have.\n\
         Run it as root:\n    \
         sudo {command}\n\
         or let the binary capture for every user of this machine:\n    \
         {SETCAP_COMMAND}\n\
         (see \"Why does capturing need root?\" in docs/faq.md)"
    )
}

/// `args` as one shell command line, quoting the words a shell would split or expand.
pub fn shell_command(args: &[String]) -> String {
    let word = |a: &String| {
        let plain = !a.is_empty()
            && a.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./=:,@%+".contains(c));
        if plain {
            a.clone()
        } else {
            format!("'{}'", a.replace('\'', r"'\''"))
        }
    };
    args.iter().map(word).collect::<Vec<_>>().join(" ")
}

/// The user who ran `sudo`, from SUDO_UID and SUDO_GID; `None` when they are not set (not run
/// through sudo) or name root (root ran sudo: there is nobody to drop to).
pub fn invoking_user() -> Result<Option<Identity>, PrivilegeError> {
    let uid = std::env::var("SUDO_UID").ok();
    let gid = std::env::var("SUDO_GID").ok();
    let (uid, gid) = match (uid, gid) {
        (None, None) => return Ok(None),
        (Some(u), Some(g)) => (u, g),
        _ => {
            return Err(PrivilegeError::SudoEnv(
                "only one of the two is set; set both or neither".into(),
            ));
        }
    };
    let parse = |what: &str, v: &str| {
        v.trim()
            .parse::<u32>()
            .map_err(|_| PrivilegeError::SudoEnv(format!("{what}={v:?} is not a number")))
    };
    let (uid, gid) = (parse("SUDO_UID", &uid)?, parse("SUDO_GID", &gid)?);
    if uid == 0 {
        return Ok(None);
    }
    let user = User::from_uid(Uid::from_raw(uid)).ok().flatten();
    let name = user.as_ref().map(|u| u.name.clone());
    let groups = match &name {
        Some(n) => groups_of(n, gid)?,
        None => Vec::new(),
    };
    Ok(Some(Identity {
        uid,
        gid,
        groups,
        name,
        source: "SUDO_UID/SUDO_GID",
    }))
}

/// The user `name` (or a numeric uid) from the password database, with its primary group and
/// supplementary groups, for `--user NAME`.
pub fn user_named(name: &str) -> Result<Identity, PrivilegeError> {
    let lookup = |r: nix::Result<Option<User>>| {
        r.map_err(|e| PrivilegeError::Lookup {
            name: name.to_owned(),
            reason: e.desc().to_owned(),
        })
    };
    let user = match lookup(User::from_name(name))? {
        Some(u) => u,
        None => match name.parse::<u32>() {
            Ok(uid) => lookup(User::from_uid(Uid::from_raw(uid)))?
                .ok_or_else(|| PrivilegeError::NoSuchUser(name.to_owned()))?,
            Err(_) => return Err(PrivilegeError::NoSuchUser(name.to_owned())),
        },
    };
    let groups = groups_of(&user.name, user.gid.as_raw())?;
    Ok(Identity {
        uid: user.uid.as_raw(),
        gid: user.gid.as_raw(),
        groups,
        name: Some(user.name),
        source: "--user",
    })
}

fn groups_of(name: &str, gid: u32) -> Result<Vec<u32>, PrivilegeError> {
    let fail = |reason: String| PrivilegeError::Lookup {
        name: name.to_owned(),
        reason,
    };
    let cname = CString::new(name).map_err(|e| fail(e.to_string()))?;
    let groups =
        unistd::getgrouplist(&cname, Gid::from_raw(gid)).map_err(|e| fail(e.desc().to_owned()))?;
    Ok(groups.into_iter().map(Gid::as_raw).collect())
}

/// Becomes `id` for good: supplementary groups, then real/effective/saved gid, then uid (in
/// that order, since changing groups needs the privilege that changing the uid gives up), and
/// checks the result, including that root cannot be taken back.
pub fn drop_to(id: &Identity) -> Result<(), PrivilegeError> {
    let step = |step: &'static str| {
        move |e: nix::Error| PrivilegeError::Drop {
            step,
            reason: e.desc().to_owned(),
        }
    };
    let groups: Vec<Gid> = id.groups.iter().copied().map(Gid::from_raw).collect();
    unistd::setgroups(&groups).map_err(step("set the supplementary groups"))?;
    let gid = Gid::from_raw(id.gid);
    unistd::setresgid(gid, gid, gid).map_err(step("change the group id"))?;
    let uid = Uid::from_raw(id.uid);
    unistd::setresuid(uid, uid, uid).map_err(step("change the user id"))?;

    let (ruid, euid) = (unistd::getuid().as_raw(), unistd::geteuid().as_raw());
    let (rgid, egid) = (unistd::getgid().as_raw(), unistd::getegid().as_raw());
    let regained = id.uid != 0 && unistd::setuid(Uid::from_raw(0)).is_ok();
    if ruid != id.uid || euid != id.uid || rgid != id.gid || egid != id.gid || regained {
        return Err(PrivilegeError::NotDropped {
            ruid,
            euid,
            rgid,
            egid,
            uid: id.uid,
            gid: id.gid,
        });
    }
    Ok(())
}

/// Whom the files wirelab writes are opened as ([`crate::os::output_file::create`]): under sudo,
/// the user who ran it, whatever `--user` or `--stay-root` say, since the paths are theirs;
/// `None` (this process itself) otherwise.
pub fn file_owner() -> Result<Option<Identity>, PrivilegeError> {
    if !is_root() {
        return Ok(None);
    }
    invoking_user()
}

/// Whether this process runs as root (effective uid 0), i.e. has something to drop.
pub fn is_root() -> bool {
    unistd::geteuid().is_root()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_net_raw_is_bit_13_of_the_effective_set() {
        let root = "Name:\tx\nCapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\nCapEff:\t000001ffffffffff\n";
        assert_eq!(cap_net_raw_in_status(root), Some(true));
        let user = "CapEff:\t0000000000000000\n";
        assert_eq!(cap_net_raw_in_status(user), Some(false));
        // setcap cap_net_raw,cap_net_admin=eip: bits 12 and 13.
        assert_eq!(
            cap_net_raw_in_status("CapEff:\t0000000000003000\n"),
            Some(true)
        );
        assert_eq!(
            cap_net_raw_in_status("CapEff:\t0000000000001000\n"),
            Some(false)
        );
        assert_eq!(cap_net_raw_in_status("no such line"), None);
    }

    #[test]
    fn the_help_names_sudo_with_the_same_command_and_setcap() {
        let cmd = shell_command(&[
            "wirelab".into(),
            "capture".into(),
            "-i".into(),
            "lo".into(),
            "tcp port 8001".into(),
            "it's".into(),
        ]);
        assert_eq!(cmd, r"wirelab capture -i lo 'tcp port 8001' 'it'\''s'");
        let help = permission_help("lo", "socket: Operation not permitted", &cmd);
        let lines: Vec<&str> = help.lines().collect();
        assert_eq!(
            lines,
            [
                "wirelab: cannot capture on lo: socket: Operation not permitted",
                "Capturing packets needs the CAP_NET_RAW capability, which this process does not have.",
                "Run it as root:",
                r"    sudo wirelab capture -i lo 'tcp port 8001' 'it'\''s'",
                "or let the binary capture for every user of this machine:",
                "    sudo setcap cap_net_raw,cap_net_admin=eip $(which wirelab)",
                "(see \"Why does capturing need root?\" in docs/faq.md)",
            ]
        );
    }

    #[test]
    fn identity_display_names_the_user() {
        let id = Identity {
            uid: 65534,
            gid: 65534,
            groups: vec![],
            name: Some("nobody".into()),
            source: "--user",
        };
        assert_eq!(id.to_string(), "uid 65534 (nobody), gid 65534");
    }
}
