//! `wirelab interfaces`: what this machine can capture on, with each address explained.
//!
//! The kernel's interface list (pnet's datalink part: name, index, MAC, addresses, flags) is
//! cross-checked with libpcap's device list, which says what libpcap can open and adds
//! pseudo-devices such as `any`. Listing needs no privilege; whether this process could
//! capture now is read from its capabilities. The default interface of `wirelab capture` is
//! chosen here, by tcpdump's rule, so that `interfaces` and `capture` always agree.

use std::fmt;
use std::net::IpAddr;

use serde::Serialize;

use crate::annotate::address::{self, FactKind};
use crate::annotate::lang::Lang;

/// An address of an interface, with what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InterfaceAddress {
    pub addr: IpAddr,
    /// Prefix length of the interface's network.
    pub prefix: u8,
    /// The same tag packet lines use ("loopback", "private", "link-local", "global", ...).
    pub label: &'static str,
    /// What `wirelab explain ADDR` says about it, one sentence each.
    pub facts: Vec<String>,
}

impl InterfaceAddress {
    pub fn new(addr: IpAddr, prefix: u8) -> InterfaceAddress {
        let info = address::describe(Lang::En, addr);
        InterfaceAddress {
            addr,
            prefix,
            label: info.label,
            facts: info.facts.iter().map(ToString::to_string).collect(),
        }
    }

    /// The fact that says what kind of address this is, in `lang`'s words: the
    /// special-purpose block rather than the historical IPv4 class (which every IPv4 address
    /// has, and which says little here).
    pub fn main_fact(&self, lang: Lang) -> Option<String> {
        let mut facts = address::describe(lang, self.addr).facts;
        let main = facts.iter().position(|f| f.kind != FactKind::Class);
        (!facts.is_empty()).then(|| facts.swap_remove(main.unwrap_or(0)).to_string())
    }
}

/// One kernel network interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Interface {
    pub name: String,
    /// The kernel's interface index (`ip link` shows it; SLL2 frames from `-i any` carry it).
    pub index: u32,
    /// Hardware address, `aa:bb:cc:dd:ee:ff`; `None` for links without one (tunnels).
    pub mac: Option<String>,
    pub addresses: Vec<InterfaceAddress>,
    /// Administratively up (`ip link set X up`).
    pub up: bool,
    /// The driver reports the link as usable (carrier present).
    pub running: bool,
    pub loopback: bool,
    /// libpcap lists the interface, so `wirelab capture -i NAME` can open it (with privilege).
    pub capturable: bool,
    /// libpcap's description, when it has one.
    pub description: Option<String>,
}

/// A device libpcap can open that is not a kernel interface (`any`, `nflog`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PseudoDevice {
    pub name: String,
    pub description: Option<String>,
}

/// Everything `wirelab interfaces` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InterfaceList {
    /// Kernel interfaces in index order.
    pub interfaces: Vec<Interface>,
    /// libpcap's other devices, in its order.
    pub pseudo_devices: Vec<PseudoDevice>,
    /// What `wirelab capture` opens without `-i`.
    pub default: Option<String>,
    /// Whether this process holds CAP_NET_RAW (`None`: could not tell).
    pub can_capture: Option<bool>,
}

/// A kernel interface as the OS reports it, before libpcap's view is added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KernelInterface {
    pub name: String,
    pub index: u32,
    pub mac: Option<[u8; 6]>,
    pub addresses: Vec<(IpAddr, u8)>,
    pub up: bool,
    pub running: bool,
    pub loopback: bool,
}

/// A device as libpcap lists it, in libpcap's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PcapDevice {
    pub name: String,
    pub description: Option<String>,
}

/// libpcap's device list could not be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot list libpcap's capture devices: {0}")]
pub struct ListError(String);

/// The kernel's interfaces, through pnet.
pub fn kernel_interfaces() -> Vec<KernelInterface> {
    pnet_datalink::interfaces()
        .into_iter()
        .map(|i| KernelInterface {
            up: i.is_up(),
            running: i.is_running(),
            loopback: i.is_loopback(),
            mac: i.mac.map(|m| [m.0, m.1, m.2, m.3, m.4, m.5]),
            addresses: i.ips.iter().map(|n| (n.ip(), n.prefix())).collect(),
            index: i.index,
            name: i.name,
        })
        .collect()
}

/// libpcap's devices (`pcap_findalldevs`), in its order: it puts interfaces that are up and
/// running, and not loopback, first.
pub fn pcap_devices() -> Result<Vec<PcapDevice>, ListError> {
    let devices = pcap::Device::list().map_err(|e| ListError(e.to_string()))?;
    Ok(devices
        .into_iter()
        .map(|d| PcapDevice {
            name: d.name,
            description: d.desc,
        })
        .collect())
}

/// Lists this machine's interfaces and libpcap's devices.
pub fn list() -> Result<InterfaceList, ListError> {
    Ok(assemble(
        kernel_interfaces(),
        &pcap_devices()?,
        crate::os::privilege::can_capture(),
    ))
}

/// The interface `-i WORD` names: a name as it is, or a number that no interface is called,
/// taken as the kernel's interface index (`wirelab interfaces` shows it: `lo (index 1)`).
pub fn resolve(word: &str) -> Result<String, String> {
    let kernel = kernel_interfaces();
    if kernel.iter().any(|k| k.name == word) {
        return Ok(word.to_owned());
    }
    let Ok(index) = word.parse::<u32>() else {
        return Ok(word.to_owned());
    };
    kernel
        .iter()
        .find(|k| k.index == index)
        .map(|k| k.name.clone())
        .ok_or_else(|| {
            let known: Vec<String> = kernel
                .iter()
                .map(|k| format!("{} {}", k.index, k.name))
                .collect();
            format!(
                "-i {index}: no interface has index {index}; there are: {}",
                known.join(", ")
            )
        })
}

/// What `wirelab capture` opens without `-i`, or `None` when no interface is up.
pub fn default_device() -> Result<Option<String>, ListError> {
    Ok(choose_default(&kernel_interfaces(), &pcap_devices()?))
}

/// tcpdump's rule: the first device in libpcap's order that is a kernel interface, up, and not
/// loopback; failing that, an up loopback interface (so a machine with no network still
/// captures something). Pseudo-devices (`any`, `nflog`) are never the default.
pub fn choose_default(kernel: &[KernelInterface], pcap: &[PcapDevice]) -> Option<String> {
    let kernel_of = |d: &PcapDevice| kernel.iter().find(|k| k.name == d.name);
    let up_where = |want_loopback: bool| {
        pcap.iter()
            .filter_map(kernel_of)
            .find(|k| k.up && k.loopback == want_loopback)
            .map(|k| k.name.clone())
    };
    up_where(false).or_else(|| up_where(true))
}

/// Joins the two views: every kernel interface (marked capturable when libpcap lists it),
/// then libpcap's devices that are not kernel interfaces.
pub fn assemble(
    mut kernel: Vec<KernelInterface>,
    pcap: &[PcapDevice],
    can_capture: Option<bool>,
) -> InterfaceList {
    let default = choose_default(&kernel, pcap);
    kernel.sort_by_key(|k| k.index);
    let interfaces = kernel
        .into_iter()
        .map(|k| {
            let listed = pcap.iter().find(|d| d.name == k.name);
            Interface {
                capturable: listed.is_some(),
                description: listed.and_then(|d| d.description.clone()),
                mac: k.mac.map(|m| {
                    m.iter()
                        .map(|b| format!("{b:02x}"))
                        .collect::<Vec<_>>()
                        .join(":")
                }),
                addresses: k
                    .addresses
                    .iter()
                    .map(|&(addr, prefix)| InterfaceAddress::new(addr, prefix))
                    .collect(),
                name: k.name,
                index: k.index,
                up: k.up,
                running: k.running,
                loopback: k.loopback,
            }
        })
        .collect::<Vec<_>>();
    let pseudo_devices = pcap
        .iter()
        .filter(|d| !interfaces.iter().any(|i| i.name == d.name))
        .map(|d| PseudoDevice {
            name: d.name.clone(),
            description: d.description.clone(),
        })
        .collect();
    InterfaceList {
        interfaces,
        pseudo_devices,
        default,
        can_capture,
    }
}

/// The text `wirelab interfaces` prints, in English ([`crate::annotate::interfaces::list`]
/// in any language).
impl fmt::Display for InterfaceList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::annotate::interfaces::list(Lang::En, self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kernel(name: &str, index: u32, up: bool, loopback: bool) -> KernelInterface {
        KernelInterface {
            name: name.into(),
            index,
            mac: Some([2, 0, 0, 0, 0, index as u8]),
            addresses: vec![],
            up,
            running: up,
            loopback,
        }
    }

    fn pcap(names: &[&str]) -> Vec<PcapDevice> {
        names
            .iter()
            .map(|n| PcapDevice {
                name: (*n).into(),
                description: None,
            })
            .collect()
    }

    #[test]
    fn the_default_is_the_first_up_non_loopback_interface_in_libpcaps_order() {
        let k = [
            kernel("lo", 1, true, true),
            kernel("eth0", 2, false, false),
            kernel("eth1", 3, true, false),
            kernel("wlan0", 4, true, false),
        ];
        let order = pcap(&["wlan0", "any", "eth1", "lo", "eth0"]);
        assert_eq!(choose_default(&k, &order).as_deref(), Some("wlan0"));
        let order = pcap(&["any", "eth0", "eth1", "lo"]);
        assert_eq!(choose_default(&k, &order).as_deref(), Some("eth1"));
    }

    #[test]
    fn loopback_is_the_default_only_when_nothing_else_is_up_and_any_never() {
        let mut k = vec![kernel("lo", 1, true, true), kernel("eth0", 2, false, false)];
        let order = pcap(&["any", "eth0", "lo"]);
        assert_eq!(choose_default(&k, &order).as_deref(), Some("lo"));
        k[0].up = false;
        assert_eq!(choose_default(&k, &order), None);
    }

    #[test]
    fn assemble_marks_capturable_and_keeps_pseudo_devices_apart() {
        let mut lo = kernel("lo", 1, true, true);
        lo.addresses = vec![("127.0.0.1".parse().unwrap(), 8)];
        let tun = KernelInterface {
            mac: None,
            ..kernel("tun0", 5, true, false)
        };
        let list = assemble(
            vec![tun, lo],
            &[
                PcapDevice {
                    name: "any".into(),
                    description: Some("Pseudo-device that captures on all interfaces".into()),
                },
                PcapDevice {
                    name: "lo".into(),
                    description: None,
                },
            ],
            Some(false),
        );
        let names: Vec<&str> = list.interfaces.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["lo", "tun0"], "index order");
        assert!(list.interfaces[0].capturable);
        assert!(!list.interfaces[1].capturable);
        assert_eq!(list.interfaces[1].mac, None);
        assert_eq!(list.interfaces[0].mac.as_deref(), Some("02:00:00:00:00:01"));
        assert_eq!(list.pseudo_devices.len(), 1);
        assert_eq!(list.pseudo_devices[0].name, "any");
        // tun0 is up and not loopback, but libpcap does not list it: not the default.
        assert_eq!(list.default.as_deref(), Some("lo"));
        let a = &list.interfaces[0].addresses[0];
        assert_eq!(a.label, "loopback");
        assert!(
            a.main_fact(Lang::En)
                .unwrap()
                .starts_with("loopback (127.0.0.0/8)")
        );

        let text = list.to_string();
        assert!(
            text.starts_with("lo (index 1): up, running, loopback; MAC 02:00:00:00:00:01; libpcap can capture on it; default for capture\n    127.0.0.1/8  loopback (127.0.0.0/8)"),
            "{text}"
        );
        assert!(text.contains("tun0 (index 5): up, running; no MAC; not in libpcap's device list\n    (no IP address)\n"), "{text}");
        assert!(text.contains("libpcap can also capture on:\n    any: Pseudo-device that captures on all interfaces\n"), "{text}");
        assert!(
            text.contains("This process may not capture (no CAP_NET_RAW)"),
            "{text}"
        );
    }
}
