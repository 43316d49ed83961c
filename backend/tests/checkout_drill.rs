//! A scripted drill of 1,000 checkout attempts through random faults, following the storefront
//! client's own retry rule (`pishkhan_core::retry`) with one idempotency key per attempt: each try
//! may be answered 500 or 503, lose its answer after the backend acted (a timeout), be reset before
//! it arrives, come back as malformed JSON, or be refused with 409 — as the e2e fault proxy does.
//! It ends with exactly one order per attempt that succeeded, none for an attempt whose tries never
//! reached the backend, and, for one whose last answer was lost, exactly the one order that the
//! shopper's retry (same key) is then handed.

mod common;

use axum::http::StatusCode;
use common::{TestApp, orders::order_body};
use pishkhan_core::retry::{Outcome, Repeat, RetryPolicy};
use serde_json::json;

const ATTEMPTS: usize = 1_000;

/// xorshift64*: a fixed seed, so a failing run can be replayed exactly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Pass,
    Status500,
    Status503,
    /// The backend acts, the answer arrives after the client's deadline.
    Slow,
    /// The connection drops before the request arrives.
    Reset,
    /// A 200 whose body is not JSON; the request never arrived.
    Malformed,
    Conflict409,
}

/// One try in three meets a fault, spread evenly over the six kinds.
fn draw(rng: &mut Rng) -> Fault {
    match rng.below(18) {
        0 => Fault::Status500,
        1 => Fault::Status503,
        2 => Fault::Slow,
        3 => Fault::Reset,
        4 => Fault::Malformed,
        5 => Fault::Conflict409,
        _ => Fault::Pass,
    }
}

#[derive(Debug, Default)]
struct Tally {
    succeeded: usize,
    /// Gave up, and no try reached the backend.
    failed_unsent: usize,
    /// Gave up after a try that reached the backend had its answer lost.
    failed_after_lost_answer: usize,
    tries: usize,
    faults: std::collections::BTreeMap<String, usize>,
}

enum Ending {
    Placed(String),
    GaveUp { reached_backend: bool },
}

#[tokio::test]
async fn a_thousand_checkout_attempts_through_random_faults_make_one_order_each_or_none() {
    let app = TestApp::dev();
    let product = app.stocked(1, 120_000, 1_000_000);
    let body =
        order_body(json!([{ "product_id": product.id, "quantity": 1 }]), product.price + common::orders::POST_PRICE);
    let policy = RetryPolicy::DEFAULT;
    let mut rng = Rng(0x5eed_1403_2026_0001);
    let mut tally = Tally::default();
    let mut endings = Vec::with_capacity(ATTEMPTS);

    for attempt in 0..ATTEMPTS {
        let key = format!("drill-{attempt:04}");
        let mut reached_backend = false;
        let mut tries = 0;
        let ending = loop {
            tries += 1;
            let fault = draw(&mut rng);
            *tally.faults.entry(format!("{fault:?}")).or_default() += 1;
            let outcome = match fault {
                Fault::Pass | Fault::Slow => {
                    let response = app.place(&key, &body).await;
                    reached_backend = true;
                    assert!(
                        response.status == StatusCode::CREATED || response.status == StatusCode::OK,
                        "attempt {attempt}, try {tries}: {} {}",
                        response.status,
                        response.text()
                    );
                    if fault == Fault::Pass {
                        break Ending::Placed(response.json()["number"].as_str().unwrap().to_owned());
                    }
                    Outcome::NoAnswer
                }
                Fault::Reset => Outcome::NoAnswer,
                Fault::Status500 => Outcome::Status { status: 500, retry_after: None },
                Fault::Status503 => Outcome::Status { status: 503, retry_after: Some(1) },
                Fault::Conflict409 => Outcome::Status { status: 409, retry_after: None },
                // The body does not decode: the contract is broken, which a retry does not mend.
                Fault::Malformed => break Ending::GaveUp { reached_backend },
            };
            if policy.retry_after(Repeat::Safe, outcome, tries).is_none() {
                break Ending::GaveUp { reached_backend };
            }
        };
        tally.tries += tries as usize;
        match &ending {
            Ending::Placed(_) => tally.succeeded += 1,
            Ending::GaveUp { reached_backend: false } => tally.failed_unsent += 1,
            Ending::GaveUp { reached_backend: true } => tally.failed_after_lost_answer += 1,
        }
        endings.push((key, ending));
    }

    let orders_for = |key: &str| -> i64 {
        app.sql().query_row("SELECT COUNT(*) FROM orders WHERE idempotency_key = ?1", [key], |r| r.get(0)).unwrap()
    };
    let mut numbers = std::collections::BTreeSet::new();
    for (key, ending) in &endings {
        match ending {
            Ending::Placed(number) => {
                assert_eq!(orders_for(key), 1, "{key} succeeded: exactly one order");
                assert!(numbers.insert(number.clone()), "{key}: order {number} handed out twice");
            }
            Ending::GaveUp { reached_backend: false } => {
                assert_eq!(orders_for(key), 0, "{key} never arrived: no order")
            }
            Ending::GaveUp { reached_backend: true } => {
                assert_eq!(orders_for(key), 1, "{key}: the lost answer's one order");
                let retry = app.place(key, &body).await;
                assert_eq!(retry.status, StatusCode::OK, "{key}: the shopper's retry replays it: {}", retry.text());
                assert!(numbers.insert(retry.json()["number"].as_str().unwrap().to_owned()));
            }
        }
    }
    assert_eq!(
        app.count("orders") as usize,
        tally.succeeded + tally.failed_after_lost_answer,
        "no order without an attempt"
    );
    assert_eq!(app.stock(product.id), 1_000_000 - app.count("orders"), "stock counts each order once");
    println!("checkout drill: {ATTEMPTS} attempts, {} tries: {tally:?}", tally.tries);
    assert!(tally.succeeded > 700 && tally.failed_unsent > 0 && tally.failed_after_lost_answer > 0, "{tally:?}");
}
