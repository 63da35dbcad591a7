//! Opening the files wirelab writes (`-w`), so that under sudo the user who ran it only ever
//! gets a file they could have created themselves.
//!
//! Under sudo, wirelab runs as root while the path it is given comes from the user. Creating
//! the path as root and handing it over afterwards (`chown`) lets that user take over any file
//! on the machine: a symbolic link in their own directory pointing at a root-only file is
//! enough. So the file is opened with the invoking user's *filesystem* identity (fsuid, fsgid
//! and supplementary groups): the kernel itself then checks every directory, link and existing
//! file as it would for that user, and a file it creates belongs to them from the start.
//! Nothing is ever chowned. The fsuid is per thread on Linux; the supplementary groups are
//! process-wide, so this runs before other threads start and puts everything back at once.
//!
//! An output that is the same file (device and inode) as one of the inputs is refused before
//! anything is truncated: `read x.pcap -w x.pcap` would otherwise destroy its own input.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use nix::unistd::{self, Gid, Uid};

use crate::os::privilege::Identity;

/// Why an output file was not opened. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum OutputFileError {
    #[error(
        "{path}: is the same file as the input {input}; writing it would destroy what is being read"
    )]
    SameAsInput { path: PathBuf, input: PathBuf },
    #[error("{path}: cannot create: {reason}{}", as_user.as_ref().map(|u| format!(" (checked as {u}, who ran sudo)")).unwrap_or_default())]
    Open {
        path: PathBuf,
        reason: String,
        /// The user the file was opened as, under sudo.
        as_user: Option<String>,
    },
    #[error("{path}: {reason}")]
    Owner { path: PathBuf, reason: String },
    #[error("{path}: cannot open it as {user}: {reason}")]
    Identity {
        path: PathBuf,
        user: String,
        reason: String,
    },
}

/// Opens `path` for writing as the user behind sudo ([`crate::os::privilege::file_owner`]),
/// or as this process when not under sudo: every `-w` file is opened this way, whoever the
/// run itself goes on as.
pub fn create_for_invoker(path: &Path, inputs: &[PathBuf]) -> Result<File, OutputFileError> {
    let owner = crate::os::privilege::file_owner().map_err(|e| OutputFileError::Owner {
        path: path.to_owned(),
        reason: e.to_string(),
    })?;
    create(path, owner.as_ref(), inputs)
}

/// Opens `path` for writing as `owner` would (the user behind sudo; `None`: as this process
/// is), refusing it when it is one of `inputs` (`-` in `inputs` is standard input). A regular
/// file is emptied only after these checks; a device such as /dev/null is written as it is.
pub fn create(
    path: &Path,
    owner: Option<&Identity>,
    inputs: &[PathBuf],
) -> Result<File, OutputFileError> {
    let _as_owner = match owner {
        Some(id) => Some(
            FsIdentity::become_(id).map_err(|reason| OutputFileError::Identity {
                path: path.to_owned(),
                user: id.to_string(),
                reason,
            })?,
        ),
        None => None,
    };
    let open_err = |e: std::io::Error| OutputFileError::Open {
        path: path.to_owned(),
        reason: e.to_string(),
        as_user: owner.map(Identity::to_string),
    };
    // Checked before opening too, so that even a file the open would not empty is left alone.
    if let Ok(meta) = std::fs::metadata(path) {
        refuse_inputs(path, &meta, inputs)?;
    }
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .custom_flags(nix::libc::O_NOCTTY)
        .open(path)
        .map_err(open_err)?;
    // The link or file may have changed between the two looks: what counts is what was opened.
    let meta = file.metadata().map_err(open_err)?;
    refuse_inputs(path, &meta, inputs)?;
    if meta.is_file() {
        file.set_len(0).map_err(open_err)?;
    }
    Ok(file)
}

fn refuse_inputs(
    path: &Path,
    out: &std::fs::Metadata,
    inputs: &[PathBuf],
) -> Result<(), OutputFileError> {
    for input in inputs {
        let meta = if input == Path::new("-") {
            stdin_metadata()
        } else {
            std::fs::metadata(input).ok()
        };
        if meta.is_some_and(|m| m.dev() == out.dev() && m.ino() == out.ino()) {
            return Err(OutputFileError::SameAsInput {
                path: path.to_owned(),
                input: input.clone(),
            });
        }
    }
    Ok(())
}

/// What standard input is, when it is a file (`wirelab read - < x.pcap -w x.pcap`).
fn stdin_metadata() -> Option<std::fs::Metadata> {
    use std::os::fd::AsFd;
    let fd = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
    File::from(fd).metadata().ok()
}

/// This thread's filesystem identity switched to another user's until dropped.
struct FsIdentity {
    groups: Vec<Gid>,
    uid: Uid,
    gid: Gid,
}

impl FsIdentity {
    fn become_(id: &Identity) -> Result<FsIdentity, String> {
        // Made first, so that whatever fails below is put back when it is dropped.
        let saved = FsIdentity {
            groups: unistd::getgroups().map_err(|e| format!("getgroups: {}", e.desc()))?,
            uid: unistd::geteuid(),
            gid: unistd::getegid(),
        };
        let wanted: Vec<Gid> = id.groups.iter().copied().map(Gid::from_raw).collect();
        unistd::setgroups(&wanted).map_err(|e| format!("setgroups: {}", e.desc()))?;
        unistd::setfsgid(Gid::from_raw(id.gid));
        unistd::setfsuid(Uid::from_raw(id.uid));
        // setfsuid reports no failure; asking again with an impossible id returns the current.
        let now_uid = unistd::setfsuid(Uid::from_raw(u32::MAX));
        let now_gid = unistd::setfsgid(Gid::from_raw(u32::MAX));
        if now_uid.as_raw() != id.uid || now_gid.as_raw() != id.gid {
            return Err(format!(
                "the filesystem identity is uid {now_uid}, gid {now_gid}, not uid {}, gid {}",
                id.uid, id.gid
            ));
        }
        Ok(saved)
    }
}

impl Drop for FsIdentity {
    fn drop(&mut self) {
        unistd::setfsuid(self.uid);
        unistd::setfsgid(self.gid);
        let _ = unistd::setgroups(&self.groups);
    }
}
