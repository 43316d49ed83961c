//! What can go wrong talking to the backend, in terms the UI can explain to a shopper.

use pishkhan_core::Problem;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The request never got an answer: offline, backend down, connection dropped.
    Network,
    NotFound,
    /// The backend rejected the input; the problem names the fields.
    Invalid(Problem),
    /// Not signed in (or the session ended), or the credentials were wrong.
    Unauthorized(Option<Problem>),
    /// Too many attempts; try again after this many seconds.
    TooManyRequests(u32),
    /// The change needs the owner to prove it is them first (a recent password or code to the mobile).
    ProofRequired,
    /// The request no longer fits the shop's state (e.g. prices or stock changed before an order).
    Conflict(Problem),
    /// What the request names is gone for good, and the problem says why (an unsubscribe link replaced by a
    /// newer one).
    Gone(Problem),
    /// The backend failed (5xx) or answered with a status we do not handle.
    Server(u16),
    /// The answer was not what the contract promises.
    Unexpected,
}

impl ApiError {
    /// The field errors of a rejected request (empty for other errors).
    pub fn field_errors(&self) -> Vec<pishkhan_core::FieldError> {
        match self {
            Self::Invalid(problem) | Self::Conflict(problem) => problem.errors.clone(),
            _ => Vec::new(),
        }
    }

    /// The backend no longer knows the session (expired, or ended from another browser).
    pub fn is_session_ended(&self) -> bool {
        matches!(self, Self::Unauthorized(Some(problem)) if problem.kind.ends_with("/sign-in-required"))
    }

    /// The order can no longer be paid: it expired unpaid and its stock went back on sale.
    pub fn is_order_expired(&self) -> bool {
        matches!(self, Self::Conflict(problem) if problem.kind.ends_with("/order-expired"))
    }

    pub fn from_status(status: u16, problem: Option<Problem>) -> Self {
        match (status, problem) {
            (404, _) => Self::NotFound,
            (401, problem) => Self::Unauthorized(problem),
            (403, Some(problem)) if problem.kind.ends_with("/proof-required") => Self::ProofRequired,
            (400 | 422, Some(problem)) => Self::Invalid(problem),
            (409, Some(problem)) => Self::Conflict(problem),
            (410, Some(problem)) => Self::Gone(problem),
            (status, _) => Self::Server(status),
        }
    }
}
