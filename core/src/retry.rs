//! When a failed request is tried again, and after how long: reads (and other requests without side
//! effects) retry with backoff on a lost connection or a server failure; writes only when they carry
//! an idempotency key, so a retry can never make a second order. Shared by the storefront's client
//! and the tests that drill it, so both follow one rule.

/// Whether repeating a request is harmless.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    /// A read, a quote, or a write with an idempotency key: the same answer however often it is sent.
    Safe,
    /// A write without a key: only the shopper decides to send it again.
    Once,
}

/// How one try ended, as far as retrying cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// No answer: refused, reset, or past the deadline. A write may or may not have happened.
    NoAnswer,
    /// An answer with this status, and its `Retry-After` in seconds if it sent one.
    Status { status: u16, retry_after: Option<u32> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries in all, the first included.
    pub tries: u32,
    /// The wait before the first retry; each later one waits three times longer.
    pub first_delay_ms: u32,
    /// No wait is longer: a server asking for more is left to the shopper's retry button.
    pub max_delay_ms: u32,
}

impl RetryPolicy {
    pub const DEFAULT: Self = Self { tries: 3, first_delay_ms: 300, max_delay_ms: 3_000 };

    /// The wait before trying again after `tries_made` tries ended in `outcome`, or `None` to stop.
    pub fn retry_after(&self, repeat: Repeat, outcome: Outcome, tries_made: u32) -> Option<u32> {
        if repeat == Repeat::Once || tries_made >= self.tries {
            return None;
        }
        let backoff = self.first_delay_ms.saturating_mul(3u32.saturating_pow(tries_made.saturating_sub(1)));
        let wait = match outcome {
            Outcome::NoAnswer | Outcome::Status { status: 500 | 502 | 504, .. } => backoff,
            Outcome::Status { status: 503 | 429, retry_after } => {
                backoff.max(retry_after.unwrap_or(0).saturating_mul(1000))
            }
            Outcome::Status { .. } => return None,
        };
        (wait <= self.max_delay_ms).then_some(wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: RetryPolicy = RetryPolicy::DEFAULT;
    const NO_ANSWER: Outcome = Outcome::NoAnswer;

    fn status(status: u16) -> Outcome {
        Outcome::Status { status, retry_after: None }
    }

    #[test]
    fn safe_requests_back_off_then_stop() {
        assert_eq!(P.retry_after(Repeat::Safe, NO_ANSWER, 1), Some(300));
        assert_eq!(P.retry_after(Repeat::Safe, status(500), 2), Some(900));
        assert_eq!(P.retry_after(Repeat::Safe, status(502), 3), None, "three tries in all");
    }

    #[test]
    fn writes_without_a_key_never_retry() {
        for outcome in [NO_ANSWER, status(500), status(503)] {
            assert_eq!(P.retry_after(Repeat::Once, outcome, 1), None);
        }
    }

    #[test]
    fn answers_that_a_retry_cannot_change_stop_at_once() {
        for code in [400, 401, 404, 409, 422] {
            assert_eq!(P.retry_after(Repeat::Safe, status(code), 1), None, "{code}");
        }
    }

    #[test]
    fn retry_after_is_honoured_within_the_limit() {
        let busy = |s| Outcome::Status { status: 503, retry_after: Some(s) };
        assert_eq!(P.retry_after(Repeat::Safe, busy(1), 1), Some(1000));
        assert_eq!(P.retry_after(Repeat::Safe, busy(0), 1), Some(300));
        assert_eq!(P.retry_after(Repeat::Safe, busy(60), 1), None, "a long wait is the shopper's call");
    }
}
