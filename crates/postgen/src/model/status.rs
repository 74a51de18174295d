//! HTTP status codes → names for error variants (`400` → `BadRequest`).

/// The standard reason phrase of `status`, if it has one.
pub fn reason(status: u16) -> Option<&'static str> {
    Some(match status {
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a Teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => return None,
    })
}

/// The variant name for `status`: its reason phrase in `UpperCamelCase`, else `Status{code}`.
pub fn variant(status: u16) -> String {
    match reason(status) {
        Some(r) => crate::model::names::camel(r).unwrap_or_else(|| format!("Status{status}")),
        None => format!("Status{status}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn variants() {
        assert_eq!(super::variant(400), "BadRequest");
        assert_eq!(super::variant(429), "TooManyRequests");
        assert_eq!(super::variant(418), "ImATeapot");
        assert_eq!(super::variant(299), "Status299");
    }
}
