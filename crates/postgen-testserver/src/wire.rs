//! HTTP/1.1 request framing: the request head and chunked bodies.

/// The parsed request line and header block.
#[derive(Debug, PartialEq)]
pub(crate) struct Head {
    pub method: String,
    pub target: String,
    pub version: String,
    pub headers: Vec<(String, String)>,
}

impl Head {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `true` when the last transfer coding is `chunked`.
    pub fn is_chunked(&self) -> bool {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("transfer-encoding"))
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .rfind(|t| !t.is_empty())
            .is_some_and(|t| t.eq_ignore_ascii_case("chunked"))
    }

    pub fn content_length(&self) -> Result<Option<usize>, String> {
        match self.header("content-length") {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse::<usize>()
                .map(Some)
                .map_err(|_| format!("bad Content-Length {v:?}")),
        }
    }

    pub fn expects_continue(&self) -> bool {
        self.header("expect")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("100-continue"))
    }

    /// Whether the connection stays open after this request.
    pub fn keep_alive(&self) -> bool {
        let tokens = |name: &str| {
            self.headers
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case("connection"))
                .flat_map(|(_, v)| v.split(','))
                .any(|t| t.trim().eq_ignore_ascii_case(name))
        };
        if self.version.eq_ignore_ascii_case("HTTP/1.0") {
            tokens("keep-alive")
        } else {
            !tokens("close")
        }
    }
}

/// Position just past the blank line ending the head, if the buffer holds a whole head.
pub(crate) fn head_end(buf: &[u8]) -> Option<usize> {
    find(buf, b"\r\n\r\n").map(|p| p + 4)
}

/// Parses a request head (request line + headers + blank line).
pub(crate) fn parse_head(raw: &[u8]) -> Result<Head, String> {
    let text = String::from_utf8_lossy(raw);
    let mut lines = text.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.splitn(3, ' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(format!("bad request line {request_line:?}"));
    };
    if method.is_empty() || target.is_empty() || !version.starts_with("HTTP/") {
        return Err(format!("bad request line {request_line:?}"));
    }
    let mut headers = Vec::new();
    for line in lines {
        if line.is_empty() {
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("bad header line {line:?}"));
        };
        if name.is_empty() || name.contains([' ', '\t']) {
            return Err(format!("bad header name {name:?}"));
        }
        headers.push((
            name.to_string(),
            value.trim_matches([' ', '\t']).to_string(),
        ));
    }
    Ok(Head {
        method: method.to_string(),
        target: target.to_string(),
        version: version.to_string(),
        headers,
    })
}

/// Decodes a chunked body at the start of `buf`.
///
/// `Ok(None)`: more bytes are needed. `Ok(Some((body, consumed)))`: the whole chunked body
/// (including the last chunk and trailers) took `consumed` bytes.
pub(crate) fn dechunk(buf: &[u8]) -> Result<Option<(Vec<u8>, usize)>, String> {
    let mut body = Vec::new();
    let mut pos = 0;
    loop {
        let Some(line_len) = find(&buf[pos..], b"\r\n") else {
            return if buf.len() - pos > 1024 {
                Err("chunk size line too long".into())
            } else {
                Ok(None)
            };
        };
        let line = &buf[pos..pos + line_len];
        let size_text = line.split(|&b| b == b';').next().unwrap_or_default();
        let size_text = std::str::from_utf8(size_text)
            .map_err(|_| "chunk size is not ASCII".to_string())?
            .trim_matches([' ', '\t']);
        if size_text.is_empty() || size_text.len() > 15 {
            return Err(format!("bad chunk size {size_text:?}"));
        }
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("bad chunk size {size_text:?}"))?;
        pos += line_len + 2;
        if size == 0 {
            // Trailer section: header lines up to an empty line.
            loop {
                let Some(len) = find(&buf[pos..], b"\r\n") else {
                    return Ok(None);
                };
                pos += len + 2;
                if len == 0 {
                    return Ok(Some((body, pos)));
                }
            }
        }
        if buf.len() < pos + size + 2 {
            return Ok(None);
        }
        body.extend_from_slice(&buf[pos..pos + size]);
        pos += size;
        if &buf[pos..pos + 2] != b"\r\n" {
            return Err("chunk data not followed by CRLF".into());
        }
        pos += 2;
    }
}

pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

pub(crate) fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_is_parsed_with_names_as_received() {
        let raw = b"GET /v2/a%2Fb?x=1&y HTTP/1.1\r\nHost: h\r\nX-Thing:  a b \r\nx-thing:c\r\n\r\n";
        assert_eq!(head_end(raw), Some(raw.len()));
        let head = parse_head(raw).unwrap();
        assert_eq!(head.method, "GET");
        assert_eq!(head.target, "/v2/a%2Fb?x=1&y");
        assert_eq!(head.version, "HTTP/1.1");
        assert_eq!(
            head.headers,
            vec![
                ("Host".to_string(), "h".to_string()),
                ("X-Thing".to_string(), "a b".to_string()),
                ("x-thing".to_string(), "c".to_string()),
            ]
        );
        assert_eq!(head.header("X-THING"), Some("a b"));
        assert!(head.keep_alive());
    }

    #[test]
    fn bad_heads_are_rejected() {
        assert!(parse_head(b"GET\r\n\r\n").is_err());
        assert!(parse_head(b"GET / FTP/1\r\n\r\n").is_err());
        assert!(parse_head(b"GET / HTTP/1.1\r\nNoColon\r\n\r\n").is_err());
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: x\r\n"), None);
    }

    #[test]
    fn connection_semantics() {
        let h = parse_head(b"GET / HTTP/1.1\r\nConnection: keep-alive, Close\r\n\r\n").unwrap();
        assert!(!h.keep_alive());
        let h = parse_head(b"GET / HTTP/1.0\r\n\r\n").unwrap();
        assert!(!h.keep_alive());
        let h = parse_head(b"GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").unwrap();
        assert!(h.keep_alive());
    }

    #[test]
    fn framing_headers() {
        let h = parse_head(
            b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\nExpect: 100-Continue\r\nContent-Length: 12\r\n\r\n",
        )
        .unwrap();
        assert!(h.is_chunked());
        assert!(h.expects_continue());
        assert_eq!(h.content_length(), Ok(Some(12)));
        let h = parse_head(
            b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\nContent-Length: x\r\n\r\n",
        )
        .unwrap();
        assert!(!h.is_chunked());
        assert!(h.content_length().is_err());
    }

    #[test]
    fn dechunk_whole_body_with_extensions_and_trailers() {
        let raw = b"5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\nNEXT";
        let (body, used) = dechunk(raw).unwrap().unwrap();
        assert_eq!(body, b"hello, world");
        assert_eq!(&raw[used..], b"NEXT");
    }

    #[test]
    fn dechunk_hex_sizes_and_binary() {
        let mut raw = b"1A\r\n".to_vec();
        raw.extend((0u8..26).collect::<Vec<_>>());
        raw.extend_from_slice(b"\r\n0\r\n\r\n");
        let (body, used) = dechunk(&raw).unwrap().unwrap();
        assert_eq!(body, (0u8..26).collect::<Vec<_>>());
        assert_eq!(used, raw.len());
    }

    #[test]
    fn dechunk_needs_more_at_every_cut() {
        let raw = b"3\r\nabc\r\n0\r\n\r\n";
        for cut in 0..raw.len() {
            assert_eq!(dechunk(&raw[..cut]), Ok(None), "cut at {cut}");
        }
        assert_eq!(dechunk(raw), Ok(Some((b"abc".to_vec(), raw.len()))));
    }

    #[test]
    fn dechunk_errors() {
        assert!(dechunk(b"zz\r\n").is_err());
        assert!(dechunk(b"\r\n").is_err());
        assert!(dechunk(b"3\r\nabcXY").is_err());
        assert!(dechunk(b"ffffffffffffffff\r\n").is_err());
    }
}
