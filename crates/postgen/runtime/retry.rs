//! When and how long to wait before retrying a request.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Retry policy for transient failures: connection errors (connect, reset, closed before the
/// response), `429 Too Many Requests` and `503 Service Unavailable`; with `server_errors`, also
/// `500`, `502` and `504`.
///
/// Only idempotent methods are retried, unless the client handle came from
/// `Client::retry_non_idempotent`, or the call asked for it (`Call::retry_non_idempotent`,
/// `Call::idempotency_key`). One call can have a policy of its own: `Call::retry`. A call with a
/// body streamed from a reader (`Binary::from_reader`, `File::from_reader`) is never retried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (so at most `max_retries + 1` attempts).
    pub max_retries: u32,
    /// Backoff before the first retry; doubles with every retry ...
    pub initial_backoff: Duration,
    /// ... up to this. The actual wait is uniformly random in `[0, backoff]` (full jitter).
    pub max_backoff: Duration,
    /// A `Retry-After` up to this long is honoured as the wait; a longer one ends the retries
    /// (the response is returned).
    pub max_retry_after: Duration,
    /// Also retry `500 Internal Server Error`, `502 Bad Gateway` and `504 Gateway Timeout`
    /// (off by default: a 500 is often not transient, and the request may have taken effect).
    pub server_errors: bool,
}

impl Default for RetryPolicy {
    /// 2 retries, 200 ms initial backoff, 5 s max backoff, `Retry-After` up to 60 s, server
    /// errors not retried.
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(60),
            server_errors: false,
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> RetryPolicy {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The upper bound of the wait before retry number `retry` (0-based):
    /// `initial_backoff * 2^retry`, capped at `max_backoff`.
    pub fn backoff_cap(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX);
        self.initial_backoff
            .checked_mul(factor)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff)
    }

    /// The wait before retry number `retry` (0-based): uniformly random in
    /// `[0, backoff_cap(retry)]`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let cap = self.backoff_cap(retry).as_nanos();
        if cap == 0 {
            return Duration::ZERO;
        }
        let nanos = u128::from(random_u64()) % (cap + 1);
        Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
    }
}

/// Whether a request with this method may be retried without an explicit opt-in
/// (GET, HEAD, OPTIONS, PUT, DELETE, TRACE).
pub fn is_idempotent(method: &reqwest::Method) -> bool {
    use reqwest::Method;
    [
        Method::GET,
        Method::HEAD,
        Method::OPTIONS,
        Method::PUT,
        Method::DELETE,
        Method::TRACE,
    ]
    .contains(method)
}

/// Whether a response status is worth retrying (429, 503).
pub fn is_retryable_status(status: u16) -> bool {
    status == 429 || status == 503
}

impl RetryPolicy {
    /// Whether this policy retries a response with `status`: [`is_retryable_status`], and 500,
    /// 502 and 504 with `server_errors`.
    pub fn retries_status(&self, status: u16) -> bool {
        is_retryable_status(status) || (self.server_errors && matches!(status, 500 | 502 | 504))
    }
}

/// Parses a `Retry-After` value: delta-seconds (`"120"`) or an IMF-fixdate
/// (`"Sun, 06 Nov 1994 08:49:37 GMT"`, measured from `now`; a date in the past is zero).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Huge values saturate; they are beyond any max_retry_after anyway.
        return Some(Duration::from_secs(
            value.parse::<u64>().unwrap_or(u64::MAX),
        ));
    }
    let at = parse_http_date(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Parses an IMF-fixdate (RFC 9110 §5.6.7), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn parse_http_date(value: &str) -> Option<SystemTime> {
    let rest = value.trim();
    let (weekday, rest) = rest.split_once(", ")?;
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    if !DAYS.contains(&weekday) {
        return None;
    }
    let mut fields = rest.split(' ');
    let day: u32 = number(fields.next()?, 2)?;
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month_name = fields.next()?;
    let month = MONTHS.iter().position(|m| *m == month_name)? as u32 + 1;
    let year: u32 = number(fields.next()?, 4)?;
    let mut time = fields.next()?.split(':');
    let hour: u32 = number(time.next()?, 2)?;
    let minute: u32 = number(time.next()?, 2)?;
    let second: u32 = number(time.next()?, 2)?;
    if time.next().is_some() || fields.next()? != "GMT" || fields.next().is_some() {
        return None;
    }
    let leap = matches!((year % 4, year % 100, year % 400), (0, 1.., _) | (_, _, 0));
    let days_in_month = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if year < 1970 || day == 0 || day > days_in_month || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + u64::from(hour * 3600 + minute * 60 + second);
    UNIX_EPOCH.checked_add(Duration::from_secs(secs))
}

/// Exactly `digits` ASCII digits.
fn number(s: &str, digits: usize) -> Option<u32> {
    if s.len() == digits && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (year ≥ 1970).
fn days_from_civil(year: u32, month: u32, day: u32) -> u64 {
    // Howard Hinnant's algorithm, shifted so that March is the first month of the year.
    let y = u64::from(if month <= 2 { year - 1 } else { year });
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = u64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + u64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe).saturating_sub(719_468)
}

/// A random number for backoff jitter and multipart boundaries (not for cryptography):
/// std's randomly keyed `RandomState` hasher over a counter and the time.
pub fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    hasher.write_u128(nanos);
    hasher.finish()
}
