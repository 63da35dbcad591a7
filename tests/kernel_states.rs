//! `wirelab lab --kernel-states`: the states wirelab infers from the packets against the
//! kernel's own (netlink sock_diag, sampled at every call and after every frame), for every
//! lab scenario, live (root, as CI runs it). Every sample must agree, or differ in one of
//! the kinds docs/annotations.md ("Inferred vs kernel") explains; the test prints the table
//! that section keeps.

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;

use serde_json::Value;

use common::{repo, root_or_skip, stderr, stdout, wirelab};

/// The kinds of difference the documentation explains.
const EXPLAINED: [&str; 3] = ["between_packets", "not_on_wire", "far_end"];

fn records(args: &[&str]) -> Vec<Value> {
    let out = wirelab(args);
    assert!(
        out.status.success(),
        "wirelab {args:?} failed: {}",
        stderr(&out)
    );
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

fn of_type<'a>(all: &'a [Value], kind: &str) -> Vec<&'a Value> {
    all.iter().filter(|r| r["type"] == kind).collect()
}

/// The scenarios, as `lab --list --json` names them, with their protocol.
fn scenarios() -> Vec<(String, String)> {
    records(&["lab", "--list", "--json"])
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_owned(),
                s["proto"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// One TCP scenario's run: checks it and returns its row of the table.
fn check_tcp(name: &str, all: &[Value]) -> String {
    let kernel = of_type(all, "kernel");
    assert_eq!(kernel.len(), 1, "{name}: one kernel record");
    let k = kernel[0];
    assert!(k["failed"].as_array().unwrap().is_empty(), "{name}: {k}");
    let compared = k["compared"].as_u64().unwrap();
    let count = |kind: &str| k["kinds"][kind].as_u64().unwrap();
    assert!(
        compared > 0 && count("agree") > 0,
        "{name}: nothing compared: {k}"
    );
    assert_eq!(
        count("unexplained"),
        0,
        "{name}: unexplained differences: {k}"
    );
    for d in k["differences"].as_array().unwrap() {
        let kind = d["kind"].as_str().unwrap();
        assert!(EXPLAINED.contains(&kind), "{name}: {d}");
        assert!(d["text"].as_str().is_some_and(|t| !t.is_empty()), "{d}");
        // Only the responder waits for its answer to be seen; only a path has a far end.
        if kind == "not_on_wire" {
            assert_eq!(d["side"], "server", "{name}: {d}");
            assert_eq!(d["inferred"], "unknown", "{name}: {d}");
        }
        if kind == "far_end" {
            let lab = of_type(all, "lab")[0];
            assert!(
                !lab["path"].is_null(),
                "{name}: a far end without a path: {d}"
            );
            assert_ne!(lab["captured_at"], d["side"], "{name}: {d}");
        }
    }
    // What the rows show is what the record counts.
    for p in of_type(all, "packet") {
        if let Some(ks) = p.get("kernel_state") {
            for side in ["client", "server"] {
                if let Some(kind) = ks.get(side).and_then(|s| s["kind"].as_str()) {
                    assert!(kind == "agree" || EXPLAINED.contains(&kind), "{name}: {p}");
                }
            }
        }
    }
    let kinds: Vec<String> = ["agree", "between_packets", "not_on_wire", "far_end"]
        .iter()
        .map(|kind| count(kind).to_string())
        .collect();
    format!(
        "| `{name}` | {} | {compared} | {} | {} |",
        k["samples"],
        kinds.join(" | "),
        k["listener_entries"]
    )
}

#[test]
fn every_scenario_agrees_with_the_kernel_but_for_explained_differences() {
    if !root_or_skip("every_scenario_agrees_with_the_kernel") {
        return;
    }
    let mut table = vec![
        "| scenario | samples | compared | agree | between packets | not on the wire | far end | listener entries |".to_owned(),
        "| --- | --- | --- | --- | --- | --- | --- | --- |".to_owned(),
    ];
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let list = scenarios();
    assert!(list.len() >= 20, "{list:?}");
    for (name, proto) in &list {
        let all = records(&["lab", name, "--kernel-states", "--json"]);
        if proto == "udp" {
            // UDP has no TCP states: nothing is sampled.
            assert!(of_type(&all, "kernel").is_empty(), "{name}");
            assert!(
                all.iter().all(|r| r.get("kernel_state").is_none()),
                "{name}"
            );
            *seen.entry("udp").or_default() += 1;
            continue;
        }
        table.push(check_tcp(name, &all));
        *seen.entry("tcp").or_default() += 1;
    }
    eprintln!("{}", table.join("\n"));
    assert!(seen.get("tcp").is_some_and(|&n| n >= 15), "{seen:?}");
}

/// The same over IPv6 (`--ipv6`, on `::1` and in namespaces on unique-local addresses):
/// sock_diag is asked for AF_INET6 sockets, and every sample agrees or is explained.
#[test]
fn ipv6_scenarios_agree_with_the_kernel_too() {
    if !root_or_skip("ipv6_scenarios_agree_with_the_kernel_too") {
        return;
    }
    for args in [
        &["lab", "tcp-echo", "--ipv6", "--kernel-states", "--json"][..],
        &[
            "lab",
            "tcp-server-closes-first",
            "--ipv6",
            "--kernel-states",
            "--json",
        ],
        &[
            "lab",
            "tcp-echo",
            "--ipv6",
            "--netns",
            "--kernel-states",
            "--json",
        ],
    ] {
        let all = records(args);
        let row = check_tcp(args[1], &all);
        let k = of_type(&all, "kernel");
        assert!(
            k.first().is_some_and(|k| k["samples"].as_u64() > Some(5)),
            "{args:?}: {row}"
        );
    }
}

#[test]
fn tcp_echo_shows_the_kernel_column_listen_and_time_wait() {
    if !root_or_skip("tcp_echo_shows_the_kernel_column") {
        return;
    }
    for v6 in [false, true] {
        let mut args = vec!["lab", "tcp-echo", "--kernel-states"];
        if v6 {
            args.push("--ipv6");
        }
        let out = wirelab(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stdout(&out);
        let listen = text.lines().find(|l| l.contains("listen(backlog")).unwrap();
        assert!(
            listen.ends_with("[kernel: LISTEN (TCP_LISTEN)]"),
            "{listen}"
        );
        // The last ACK: the client in TIME-WAIT, the server's socket gone.
        let last = text.lines().rfind(|l| l.contains("teardown 4/4")).unwrap();
        assert!(
            last.contains("kernel TIME-WAIT    CLOSED      "),
            "{last}\n{text}"
        );
        args.push("--json");
        let all = records(&args);
        let lab = of_type(&all, "lab")[0];
        let calls = lab["calls"].as_array().unwrap();
        let listen = calls.iter().find(|c| c["call"] == "listen").unwrap();
        assert_eq!(listen["kernel_state"]["linux"], "TCP_LISTEN", "{listen}");
        let client_close = calls
            .iter()
            .find(|c| c["call"] == "close" && c["side"] == "client")
            .unwrap();
        // FIN-WAIT-1 until the server's ACK of the FIN, which its delayed-ACK timer sends
        // some 40 ms later in every run seen; FIN-WAIT-2 would be right too.
        let state = client_close["kernel_state"]["linux"].as_str().unwrap();
        assert!(
            ["TCP_FIN_WAIT1", "TCP_FIN_WAIT2"].contains(&state),
            "{client_close}"
        );
    }
    // Without the flag nothing is sampled and the column is not there.
    let out = wirelab(["lab", "tcp-echo"]);
    assert!(!stdout(&out).contains("kernel"), "{}", stdout(&out));
}

#[test]
fn run_of_a_python_tcp_echo_agrees_with_the_kernel() {
    if !root_or_skip("run_of_a_python_tcp_echo_agrees_with_the_kernel") {
        return;
    }
    // The tutorial's echo server and client (tests/programs/), as the user nobody, in a
    // directory that user may read.
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    for name in ["tcp_echo_server.py", "tcp_echo_client.py"] {
        let to = dir.path().join(name);
        std::fs::copy(repo().join("tests/programs").join(name), &to).unwrap();
        std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let script = format!(
        "/usr/bin/python3 {0}/tcp_echo_server.py {port} & /usr/bin/python3 {0}/tcp_echo_client.py {port} hello; wait",
        dir.path().display()
    );
    let report = dir.path().join("report.jsonl");
    let out = common::wirelab_command()
        .args(["run", "--kernel-states", "--json", "-o"])
        .arg(&report)
        .args(["--", "/bin/sh", "-c", &script])
        .current_dir(dir.path())
        .env("SUDO_UID", "65534")
        .env("SUDO_GID", "65534")
        .env_remove("SUDO_USER")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all: Vec<Value> = std::fs::read_to_string(&report)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let k = of_type(&all, "kernel");
    assert_eq!(k.len(), 1, "{all:?}");
    let k = k[0];
    assert!(k["compared"].as_u64().unwrap() > 10, "{k}");
    assert_eq!(k["kinds"]["unexplained"], 0, "{k}");
    for d in k["differences"].as_array().unwrap() {
        assert!(EXPLAINED.contains(&d["kind"].as_str().unwrap()), "{d}");
    }
    // The server's listen() saw its listening socket; the last ACK, the client in TIME-WAIT.
    let run = of_type(&all, "run")[0];
    let calls = run["calls"].as_array().unwrap();
    let listen = calls.iter().find(|c| c["call"] == "listen").unwrap();
    assert_eq!(listen["kernel_state"]["linux"], "TCP_LISTEN", "{listen}");
    let time_wait = of_type(&all, "packet")
        .into_iter()
        .any(|p| p["kernel_state"]["client"]["linux"] == "TCP_TIME_WAIT");
    assert!(time_wait, "no TIME-WAIT sample: {all:?}");
}
