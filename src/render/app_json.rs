//! The `"app"` member of a packet: what the application said (docs/json.md), from the same
//! message the text line words (annotate/app.rs).

use std::net::IpAddr;

use super::jsonw::Json;
use crate::annotate::app::{self, dhcp_type, dns_type, opcode, rcode};
use crate::annotate::lang::Lang;
use crate::annotate::text::{Encoding, preview};
use crate::decode::app::{AppMessage, Dhcp, Dns, DnsRecord, Http};
use crate::k;

/// Columns of the text preview in JSON (longer than the line's: a program reads it).
const TEXT_COLUMNS: usize = 200;

/// `"app":{"kind":…,"line":…,…}`.
pub(super) fn app_json(o: &mut Json<'_>, msg: &AppMessage<'_>, lang: Lang) {
    o.obj(k!("app"), |j| {
        match msg {
            AppMessage::Dns(d) => dns_json(j, d),
            AppMessage::Http(h) => http_json(j, h),
            AppMessage::Dhcp(d) => dhcp_json(j, d),
            AppMessage::Text(bytes) => {
                j.name(k!("kind"), "text")
                    .text(k!("preview"), preview(bytes, Encoding::Utf8, TEXT_COLUMNS));
            }
        }
        // The `line` is the text view's, in the reader's words; `kind` and the other
        // members stay the same in every language.
        j.text(k!("line"), app::line(lang, msg, Encoding::Utf8));
    });
}

fn dns_json(j: &mut Json<'_>, d: &Dns) {
    j.name(k!("kind"), "dns")
        .num(k!("id"), d.id)
        .name(k!("qr"), if d.response { "response" } else { "query" })
        .name(k!("opcode"), &opcode(d.opcode))
        .name(k!("rcode"), &rcode(d.rcode))
        .arr(k!("questions"), |a| {
            for q in &d.questions {
                a.item_obj(|x| {
                    x.text(k!("name"), &q.name)
                        .name(k!("type"), &dns_type(q.qtype));
                });
            }
        })
        .arr(k!("answers"), |a| records_json(a, &d.answers))
        .arr(k!("authority"), |a| records_json(a, &d.authority))
        .arr(k!("additional"), |a| records_json(a, &d.additional));
}

fn records_json(a: &mut Json<'_>, records: &[DnsRecord]) {
    for r in records {
        a.item_obj(|x| {
            x.text(k!("name"), &r.name)
                .name(k!("type"), &dns_type(r.rtype))
                .text(k!("data"), &r.data);
        });
    }
}

fn http_json(j: &mut Json<'_>, h: &Http<'_>) {
    j.name(k!("kind"), "http");
    match h {
        Http::Request {
            method,
            uri,
            minor,
            host,
        } => {
            j.text(k!("method"), method)
                .text(k!("uri"), uri)
                .plain(k!("version"), format_args!("HTTP/1.{minor}"));
            if let Some(host) = host {
                j.text(k!("host"), host);
            }
        }
        Http::Response {
            minor,
            status,
            reason,
        } => {
            j.plain(k!("version"), format_args!("HTTP/1.{minor}"))
                .num(k!("status"), *status)
                .text(k!("reason"), reason);
        }
    }
}

fn dhcp_json(j: &mut Json<'_>, d: &Dhcp) {
    j.name(k!("kind"), "dhcp")
        .name(k!("message_type"), &dhcp_type(d.message_type))
        .num(k!("op"), d.op)
        .plain(k!("xid"), format_args!("0x{:08x}", d.xid));
    if let Some(mac) = d.client_mac {
        j.mac(k!("client_mac"), mac.0);
    }
    j.ip(k!("ciaddr"), IpAddr::V4(d.ciaddr))
        .ip(k!("yiaddr"), IpAddr::V4(d.yiaddr));
    if let Some(a) = d.requested {
        j.ip(k!("requested"), IpAddr::V4(a));
    }
    if let Some(a) = d.server_id {
        j.ip(k!("server_id"), IpAddr::V4(a));
    }
}
