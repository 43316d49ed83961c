//! What can go wrong talking to the backend, in terms the UI can explain to a shopper.

use pishkhan_core::Problem;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The request never got an answer: offline, backend down, connection dropped.
    Network,
    NotFound,
    /// The backend rejected the input; the problem names the fields.
    Invalid(Problem),
    /// The request no longer fits the shop's state (e.g. prices or stock changed before an order).
    Conflict(Problem),
    /// The backend failed (5xx) or answered with a status we do not handle.
    Server(u16),
    /// The answer was not what the contract promises.
    Unexpected,
}

impl ApiError {
    pub fn from_status(status: u16, problem: Option<Problem>) -> Self {
        match (status, problem) {
            (404, _) => Self::NotFound,
            (400 | 422, Some(problem)) => Self::Invalid(problem),
            (409, Some(problem)) => Self::Conflict(problem),
            (status, _) => Self::Server(status),
        }
    }
}
