//! HTTP/1.x request and status lines and the Host header, through the `httparse` crate.
//!
//! Only the segment at hand is read: a request or status line and its headers come first in
//! a message, so the first segment of a request or response holds what the line shows
//! (method, URI, version, Host; or status and reason) without reassembly. A segment in the
//! middle of a body, or a line cut before its version, is not HTTP to this parser.

/// Most headers read; a message with more still shows its request or status line.
const MAX_HEADERS: usize = 64;

/// A request line (with its Host header) or a status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Http<'a> {
    Request {
        method: &'a str,
        uri: &'a str,
        /// The minor version: 1 for HTTP/1.1.
        minor: u8,
        host: Option<&'a str>,
    },
    Response {
        minor: u8,
        status: u16,
        reason: &'a str,
    },
}

/// A payload that starts with a request line or a status line.
pub fn parse(payload: &[u8]) -> Option<Http<'_>> {
    // The shape, before the crate: a status line starts `HTTP/`, a request line with an
    // upper-case method (RFC 9110's methods are). Random bytes mostly stop here.
    if payload.starts_with(b"HTTP/") {
        return response(payload);
    }
    if !payload.first()?.is_ascii_uppercase() {
        return None;
    }
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    match req.parse(payload) {
        Ok(_) | Err(httparse::Error::TooManyHeaders) => {}
        Err(_) => return None,
    }
    let host = req
        .headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("host"))
        .and_then(|h| std::str::from_utf8(h.value).ok());
    Some(Http::Request {
        method: req.method?,
        uri: req.path?,
        minor: req.version?,
        host,
    })
}

fn response(payload: &[u8]) -> Option<Http<'_>> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut resp = httparse::Response::new(&mut headers);
    match resp.parse(payload) {
        Ok(_) | Err(httparse::Error::TooManyHeaders) => {}
        Err(_) => return None,
    }
    Some(Http::Response {
        minor: resp.version?,
        status: resp.code?,
        // A status line may end right after the code (the reason is optional).
        reason: resp.reason.unwrap_or(""),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_gives_method_uri_version_and_host() {
        let req = b"GET /index.html HTTP/1.1\r\nUser-Agent: t\r\nhost: example.com\r\n\r\n";
        assert_eq!(
            parse(req),
            Some(Http::Request {
                method: "GET",
                uri: "/index.html",
                minor: 1,
                host: Some("example.com"),
            })
        );
    }

    #[test]
    fn a_request_whose_headers_go_on_in_the_next_segment_still_has_its_line() {
        let req = b"POST /form HTTP/1.0\r\nHost: a.example\r\nContent-Le";
        let Some(Http::Request { method, host, .. }) = parse(req) else {
            panic!("not a request");
        };
        assert_eq!((method, host), ("POST", Some("a.example")));
    }

    #[test]
    fn a_status_line_gives_status_and_reason() {
        let resp = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
        assert_eq!(
            parse(resp),
            Some(Http::Response {
                minor: 1,
                status: 404,
                reason: "Not Found"
            })
        );
    }

    #[test]
    fn text_that_is_not_a_request_line_is_not_http() {
        assert_eq!(parse(b"hello, wirelab\n"), None);
        assert_eq!(parse(b"Hello there\n"), None);
        assert_eq!(parse(b"GET /cut"), None);
        assert_eq!(parse(b"\x16\x03\x01\x02\x00"), None);
    }
}
