//! `--netns`: two network namespaces, client and server, joined by a veth pair, so that the
//! lab's packets cross a real Ethernet link (MAC addresses, ARP, NDP) instead of loopback.
//! With an impairment (`--drop`, `--mtu`...), a third namespace, the path, sits between
//! them: two veth pairs, `wl-c` ↔ `wl-pc` and `wl-ps` ↔ `wl-s`, and wirelab's forwarder
//! (`lab::path`) moving frames between `wl-pc` and `wl-ps`. The path's ends have no address
//! and the path does no IP forwarding, so client and server stay on one subnet.
//!
//! Made with iproute2's `ip` (the tool a reader would use to do the same by hand). Addresses
//! come from 198.18.0.0/15, the RFC 2544 benchmarking range, and a unique-local IPv6 prefix;
//! neither namespace has a route anywhere else, so nothing leaves them. The namespaces are
//! removed when [`NetnsPair`] is dropped (every exit path of the lab, Ctrl-C included, unwinds
//! to that), and namespaces left by a lab that was killed outright are removed by the next one.

use std::fs::File;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use nix::sched::CloneFlags;

use super::LabError;

/// Every lab namespace is called `wirelab-<pid>-<n>-c` or `-s`.
pub const PREFIX: &str = "wirelab-";

/// The client's end of the veth pair (inside the client namespace).
pub const CLIENT_IF: &str = "wl-c";
/// The server's end (inside the server namespace): the lab captures here.
pub const SERVER_IF: &str = "wl-s";
/// The path's end facing the client (inside the path namespace).
pub const PATH_CLIENT_IF: &str = "wl-pc";
/// The path's end facing the server.
pub const PATH_SERVER_IF: &str = "wl-ps";

pub const CLIENT_V4: Ipv4Addr = Ipv4Addr::new(198, 18, 0, 1);
pub const SERVER_V4: Ipv4Addr = Ipv4Addr::new(198, 18, 0, 2);
/// fd00:198:18::/64: unique-local (RFC 4193), spelled after the IPv4 range.
pub const CLIENT_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0x198, 0x18, 0, 0, 0, 0, 1);
pub const SERVER_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0x198, 0x18, 0, 0, 0, 0, 2);

/// A named network namespace (`ip netns` keeps it at /run/netns/NAME).
#[derive(Debug)]
pub struct Namespace {
    pub name: String,
}

impl Namespace {
    fn path(&self) -> PathBuf {
        Path::new("/run/netns").join(&self.name)
    }

    /// Sets a sysctl of the namespace (`net.ipv4.tcp_syn_retries`): written from a thread
    /// inside it, since /proc/sys/net shows the writer's namespace. A key this kernel does
    /// not have is skipped (older kernels lack some), and says so.
    pub fn sysctl(
        self: &Arc<Self>,
        key: &'static str,
        value: &'static str,
    ) -> Result<bool, LabError> {
        let ns = Arc::clone(self);
        std::thread::spawn(move || -> Result<bool, LabError> {
            ns.enter()?;
            let path = Path::new("/proc/sys").join(key.replace('.', "/"));
            match std::fs::write(&path, value) {
                Ok(()) => Ok(true),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
                Err(e) => Err(LabError::Netns(format!(
                    "sysctl {key}={value} in {}: {e}",
                    ns.name
                ))),
            }
        })
        .join()
        .unwrap_or_else(|_| Err(LabError::Unexpected("a lab thread panicked".into())))
    }

    /// Moves the calling thread into the namespace (threads have their own: the rest of the
    /// process stays where it is).
    pub fn enter(&self) -> Result<(), LabError> {
        let file = File::open(self.path())
            .map_err(|e| LabError::Netns(format!("open {}: {e}", self.path().display())))?;
        nix::sched::setns(file, CloneFlags::CLONE_NEWNET)
            .map_err(|e| LabError::Netns(format!("enter {}: {e}", self.name)))
    }
}

/// The namespaces and the links between them; removed on drop.
#[derive(Debug)]
pub struct NetnsPair {
    pub client: Arc<Namespace>,
    pub server: Arc<Namespace>,
    /// The path between them, when the lab impairs the link.
    pub path: Option<Arc<Namespace>>,
}

/// IPv6's minimum link MTU (RFC 8200 section 5).
pub const IPV6_MIN_MTU: u32 = 1280;

/// How the link between client and server is built.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkShape {
    /// A path namespace between the two (for wirelab's forwarder).
    pub path: bool,
    /// The MTU of every veth end (the kernel's 1500 when `None`).
    pub mtu: Option<u32>,
}

static RUNS: AtomicU32 = AtomicU32::new(0);

/// Runs `ip ARGS`, turning a failure into a message that shows the command.
fn ip(args: &[&str]) -> Result<String, LabError> {
    run("ip", "iproute2's ip", args)
}

/// Runs `program ARGS` (`package` says where it comes from, for the message when it is
/// missing).
fn run(program: &str, package: &str, args: &[&str]) -> Result<String, LabError> {
    let out = Command::new(program).args(args).output().map_err(|e| {
        LabError::Netns(format!(
            "cannot run `{program}` ({e}); --netns needs {package} command"
        ))
    })?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(LabError::Netns(format!(
            "`{program} {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }
}

impl NetnsPair {
    /// Creates the namespaces, the veth pair (or, with a path, the two pairs) and the
    /// addresses.
    pub fn create(shape: LinkShape) -> Result<NetnsPair, LabError> {
        remove_stale();
        let run = RUNS.fetch_add(1, Ordering::SeqCst);
        let base = format!("{PREFIX}{}-{run}", std::process::id());
        let unnamed = || {
            // Not created yet: a failed `add` below must not delete someone else's.
            Arc::new(Namespace {
                name: String::new(),
            })
        };
        let mut pair = NetnsPair {
            client: unnamed(),
            server: unnamed(),
            path: None,
        };
        let add = |suffix: &str| -> Result<Arc<Namespace>, LabError> {
            let name = format!("{base}-{suffix}");
            ip(&["netns", "add", &name])?;
            Ok(Arc::new(Namespace { name }))
        };
        pair.client = add("c")?;
        if shape.path {
            pair.path = Some(add("p")?);
        }
        pair.server = add("s")?;
        let (c, s) = (pair.client.name.as_str(), pair.server.name.as_str());
        let mut ends = vec![(c, CLIENT_IF), (s, SERVER_IF)];
        if let Some(p) = pair.path.as_deref() {
            let p = p.name.as_str();
            veth(c, CLIENT_IF, p, PATH_CLIENT_IF)?;
            veth(p, PATH_SERVER_IF, s, SERVER_IF)?;
            ends.extend([(p, PATH_CLIENT_IF), (p, PATH_SERVER_IF)]);
        } else {
            veth(c, CLIENT_IF, s, SERVER_IF)?;
        }
        for &(ns, dev) in &ends {
            prepare_end(ns, dev, shape.mtu)?;
        }
        for (ns, dev, a4, a6) in [
            (c, CLIENT_IF, CLIENT_V4, CLIENT_V6),
            (s, SERVER_IF, SERVER_V4, SERVER_V6),
        ] {
            ip(&["-n", ns, "addr", "add", &format!("{a4}/24"), "dev", dev])?;
            // Below IPv6's minimum MTU the kernel turns IPv6 off on the device.
            if shape.mtu.is_none_or(|m| m >= IPV6_MIN_MTU) {
                let a6 = format!("{a6}/64");
                ip(&["-n", ns, "addr", "add", &a6, "dev", dev, "nodad"])?;
            }
        }
        for &(ns, dev) in &ends {
            ip(&["-n", ns, "link", "set", dev, "up"])?;
        }
        wait_for_carrier(&ends)?;
        Ok(pair)
    }

    /// The server's address in the namespaces.
    pub fn server_addr(ipv6: bool) -> IpAddr {
        if ipv6 {
            SERVER_V6.into()
        } else {
            SERVER_V4.into()
        }
    }
}

/// A veth pair created straight into its two namespaces.
fn veth(ns_a: &str, a: &str, ns_b: &str, b: &str) -> Result<(), LabError> {
    ip(&[
        "-n", ns_a, "link", "add", a, "type", "veth", "peer", "name", b, "netns", ns_b,
    ])?;
    Ok(())
}

/// Readies one veth end before it goes up.
fn prepare_end(ns: &str, dev: &str, mtu: Option<u32>) -> Result<(), LabError> {
    // No link-local address: no duplicate address detection or router solicitation from
    // the kernel in the middle of the lab; the unique-local address is usable at once
    // (nodad) and neighbour discovery works with it.
    ip(&["-n", ns, "link", "set", dev, "addrgenmode", "none"])?;
    if let Some(mtu) = mtu {
        ip(&["-n", ns, "link", "set", dev, "mtu", &mtu.to_string()])?;
    }
    // veth hands TCP a segmentation offload: the kernel then passes segments of up to 64 KiB
    // that are cut to the MTU only on a real NIC, so a capture (and a forwarder) on a veth
    // end would see frames bigger than the MTU, and checksums left for the hardware to fill
    // in. Off, every frame is what a wire would carry.
    run(
        "ip",
        "iproute2's ip",
        &[
            "netns", "exec", ns, "ethtool", "-K", dev, "tx", "off", "tso", "off", "gso", "off",
            "gro", "off",
        ],
    )
    .map_err(|e| LabError::Netns(format!("{e} (is Debian's ethtool installed?)")))?;
    Ok(())
}

/// Waits until every end reports carrier (each does once its peer is up too).
fn wait_for_carrier(ends: &[(&str, &str)]) -> Result<(), LabError> {
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let mut all = true;
        for &(ns, dev) in ends {
            all &= ip(&["-n", ns, "link", "show", dev])?.contains("LOWER_UP");
        }
        if all {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(LabError::Netns("the veth pairs did not come up".into()));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

impl Drop for NetnsPair {
    fn drop(&mut self) {
        for ns in [Some(&self.client), self.path.as_ref(), Some(&self.server)]
            .into_iter()
            .flatten()
        {
            if !ns.name.is_empty() {
                // Deleting a namespace removes its end of the veth pair, and so both ends.
                let _ = ip(&["netns", "del", &ns.name]);
            }
        }
    }
}

/// The pid in a lab namespace's name.
fn owner(name: &str) -> Option<u32> {
    name.strip_prefix(PREFIX)?.split('-').next()?.parse().ok()
}

/// Removes lab namespaces whose process is gone (a lab killed with SIGKILL cannot clean up).
pub fn remove_stale() {
    let Ok(list) = ip(&["netns", "list"]) else {
        return;
    };
    for name in list.lines().filter_map(|l| l.split_whitespace().next()) {
        if let Some(pid) = owner(name)
            && !Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = ip(&["netns", "del", name]);
        }
    }
}

/// Lab namespaces of process `pid` that exist now.
pub fn namespaces_of(pid: u32) -> Result<Vec<String>, LabError> {
    Ok(ip(&["netns", "list"])?
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| owner(n) == Some(pid))
        .map(str::to_owned)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_owner_is_read_from_the_name() {
        assert_eq!(owner("wirelab-4242-0-c"), Some(4242));
        assert_eq!(owner("wirelab-x-0-c"), None);
        assert_eq!(owner("other-4242-0-c"), None);
    }

    #[test]
    fn the_addresses_are_in_the_benchmarking_and_unique_local_ranges() {
        for a in [CLIENT_V4, SERVER_V4] {
            assert_eq!(a.octets()[..2], [198, 18], "inside 198.18.0.0/15");
        }
        for a in [CLIENT_V6, SERVER_V6] {
            assert_eq!(a.segments()[0] & 0xfe00, 0xfc00, "inside fc00::/7");
        }
    }
}
