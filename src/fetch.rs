//! Documents fetched from the web for `add URL`: HTTPS (or HTTP) through `ureq` with rustls (no
//! OpenSSL), bounded in time, size and redirects, each failure a typed error that says which.
//!
//! Layer: no other layer of the crate; `ops` turns a fetched document into a source to import.

use std::time::Duration;

/// The redirects followed before giving up.
pub const MAX_REDIRECTS: u32 = 5;

/// What a fetched document is, by its `Content-Type` (or, without one, its first bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An HTML page.
    Html,
    /// Plain text.
    Text,
    /// A PDF file.
    Pdf,
    /// A Word file (`.docx`).
    Docx,
}

/// A fetched document.
#[derive(Clone, Debug)]
pub struct Fetched {
    /// The URL it was finally fetched from, after redirects.
    pub url: String,
    /// What it is.
    pub kind: Kind,
    /// The character encoding its `Content-Type` names, if any.
    pub charset: Option<String>,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Why a document could not be fetched.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FetchError {
    /// Not a URL that can be fetched.
    #[error("not a web address that can be fetched: {0}")]
    BadUrl(String),
    /// The host name is not known.
    #[error("host not found: {0}")]
    HostNotFound(String),
    /// No connection could be made.
    #[error("cannot connect to {0}")]
    Connect(String),
    /// No complete answer in time.
    #[error("no answer within {0} s")]
    Timeout(u64),
    /// The secure connection failed (a certificate not trusted, a protocol error).
    #[error("secure connection failed: {0}")]
    Tls(String),
    /// The server answered with an error status.
    #[error("the server answered {0}")]
    Status(u16),
    /// The server is busy (429 Too Many Requests, 503 Service Unavailable) and said when to
    /// ask again (`Retry-After`, in seconds).
    #[error("the server answered {status} and asked to retry after {secs} s")]
    RetryAfter {
        /// The status.
        status: u16,
        /// The seconds to wait.
        secs: u64,
    },
    /// Redirected more often than [`MAX_REDIRECTS`].
    #[error("redirected more than {MAX_REDIRECTS} times")]
    TooManyRedirects,
    /// Larger than the limit.
    #[error("larger than the {0}-byte limit")]
    TooLarge(u64),
    /// Not a document this tool imports.
    #[error("not a web page, text, PDF or Word file (Content-Type: {0})")]
    NotADocument(String),
    /// Anything else the connection failed on.
    #[error("the transfer failed: {0}")]
    Transfer(String),
}

/// Whether a command-line argument names a web address rather than a file.
pub fn is_url(arg: &str) -> bool {
    let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Fetches `url`: at most `limit` bytes, within `timeout` in all, following at most
/// [`MAX_REDIRECTS`] redirects.
pub fn fetch(url: &str, limit: u64, timeout: Duration) -> Result<Fetched, FetchError> {
    match fetch_if_changed(url, limit, timeout, &Validators::default())? {
        Answer::Changed(fetched, _) => Ok(fetched),
        // Never asked for without validators; a server that answers so all the same has
        // answered with a status that is not a document.
        Answer::NotModified => Err(FetchError::Status(304)),
    }
}

/// What a server said identifies the version of a document it sent (`ETag`,
/// `Last-Modified`), to be sent back so that it answers "not modified" while it has no other.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` header's value, as sent (quotes and `W/` included).
    pub etag: Option<String>,
    /// The `Last-Modified` header's value, as sent.
    pub last_modified: Option<String>,
}

/// The answer to a conditional request.
#[derive(Clone, Debug)]
pub enum Answer {
    /// The document, and the validators of this version (none when the server sent none).
    Changed(Fetched, Validators),
    /// `304 Not Modified`: the version the validators name is still the current one.
    NotModified,
}

/// [`fetch`], asking the server to answer `304 Not Modified` if the document is still the
/// version `previous` names (`If-None-Match`, `If-Modified-Since`).
pub fn fetch_if_changed(
    url: &str,
    limit: u64,
    timeout: Duration,
    previous: &Validators,
) -> Result<Answer, FetchError> {
    use ureq::ResponseExt;
    if !is_url(url) {
        return Err(FetchError::BadUrl(url.to_string()));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(MAX_REDIRECTS)
        .http_status_as_error(false)
        .user_agent(concat!("communique/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let secs = timeout.as_secs();
    let mut request = agent.get(url);
    if let Some(etag) = &previous.etag {
        request = request.header("If-None-Match", etag);
    }
    if let Some(date) = &previous.last_modified {
        request = request.header("If-Modified-Since", date);
    }
    let mut response = request.call().map_err(|e| error(e, url, limit, secs))?;
    let status = response.status().as_u16();
    let header =
        |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(|v| v.trim().to_string());
    if status == 304 && *previous != Validators::default() {
        return Ok(Answer::NotModified);
    }
    if !(200..300).contains(&status) {
        if let (429 | 503, Some(secs)) = (status, header("retry-after").and_then(|v| v.parse().ok())) {
            return Err(FetchError::RetryAfter { status, secs });
        }
        return Err(FetchError::Status(status));
    }
    let validators = Validators { etag: header("etag"), last_modified: header("last-modified") };
    let final_url = response.get_uri().to_string();
    let content_type = header("content-type");
    let bytes = response
        .body_mut()
        .with_config()
        .limit(limit)
        .read_to_vec()
        .map_err(|e| error(e, url, limit, secs))?;
    let (kind, charset) = match &content_type {
        Some(value) => kind_of(value).ok_or_else(|| FetchError::NotADocument(value.clone()))?,
        None => (sniff(&bytes), None),
    };
    Ok(Answer::Changed(Fetched { url: final_url, kind, charset, bytes }, validators))
}

/// What a `Content-Type` value names, and its charset parameter.
fn kind_of(content_type: &str) -> Option<(Kind, Option<String>)> {
    let mut parts = content_type.split(';');
    let mime = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let charset = parts.find_map(|p| {
        let (name, value) = p.split_once('=')?;
        name.trim().eq_ignore_ascii_case("charset").then(|| value.trim().trim_matches('"').to_string())
    });
    let kind = match mime.as_str() {
        "text/html" | "application/xhtml+xml" => Kind::Html,
        "text/plain" => Kind::Text,
        "application/pdf" => Kind::Pdf,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => Kind::Docx,
        _ => return None,
    };
    Some((kind, charset))
}

/// What a document without a `Content-Type` is, by its first bytes.
fn sniff(bytes: &[u8]) -> Kind {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).trim_start().to_ascii_lowercase();
    if bytes.starts_with(b"%PDF-") {
        Kind::Pdf
    } else if bytes.starts_with(b"PK\x03\x04") {
        Kind::Docx
    } else if head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body") {
        Kind::Html
    } else {
        Kind::Text
    }
}

/// The error a failed transfer is.
fn error(e: ureq::Error, url: &str, limit: u64, secs: u64) -> FetchError {
    let host =
        || url.split("://").nth(1).unwrap_or(url).split(['/', '?', '#']).next().unwrap_or("").to_string();
    match e {
        ureq::Error::StatusCode(code) => FetchError::Status(code),
        ureq::Error::HostNotFound => FetchError::HostNotFound(host()),
        ureq::Error::ConnectionFailed => FetchError::Connect(host()),
        ureq::Error::Timeout(_) => FetchError::Timeout(secs),
        ureq::Error::TooManyRedirects => FetchError::TooManyRedirects,
        ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge(limit),
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => FetchError::BadUrl(url.to_string()),
        ureq::Error::Tls(why) => FetchError::Tls(why.to_string()),
        ureq::Error::Rustls(why) => FetchError::Tls(why.to_string()),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            FetchError::Connect(host())
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => FetchError::Timeout(secs),
        // The system resolver's failure comes as an I/O error.
        ureq::Error::Io(io) if io.to_string().contains("failed to lookup address") => {
            FetchError::HostNotFound(host())
        }
        other => FetchError::Transfer(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_name_kinds_and_charsets() {
        assert_eq!(
            kind_of("text/html; charset=windows-1251"),
            Some((Kind::Html, Some("windows-1251".into())))
        );
        assert_eq!(kind_of("Application/PDF"), Some((Kind::Pdf, None)));
        assert_eq!(kind_of("text/plain;charset=\"utf-8\""), Some((Kind::Text, Some("utf-8".into()))));
        assert_eq!(kind_of("image/png"), None);
    }

    #[test]
    fn documents_without_a_type_are_sniffed() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Kind::Pdf);
        assert_eq!(sniff(b"  <!DOCTYPE html><p>x"), Kind::Html);
        assert_eq!(sniff(b"The Ministers met."), Kind::Text);
    }

    #[test]
    fn only_web_addresses_are_urls() {
        assert!(is_url("https://www.ecb.europa.eu/press/pr/date/2019/html/x.en.html"));
        assert!(is_url("HTTP://example.org"));
        assert!(!is_url("statement.html"));
        assert!(!is_url("ftp://example.org/x"));
        assert_eq!(
            fetch("ftp://example.org/x", 10, Duration::from_secs(1)).unwrap_err(),
            FetchError::BadUrl("ftp://example.org/x".into())
        );
    }
}
