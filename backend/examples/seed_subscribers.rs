//! Benchmark helper, not part of the shop: writes N confirmed newsletter subscribers straight into a
//! reference backend's SQLite file (one transaction), for `scripts/newsletter-bench.mjs`.
//!
//!   cargo run --release -p pishkhan-backend --example seed_subscribers -- DB N

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(db), Some(Ok(count))) = (args.first(), args.get(1).map(|n| n.parse::<u32>())) else {
        eprintln!("usage: seed_subscribers DB N");
        return ExitCode::from(2);
    };
    match seed(db, count) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn seed(db: &str, count: u32) -> rusqlite::Result<()> {
    let mut conn = rusqlite::Connection::open(db)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    let tx = conn.transaction()?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO subscriptions (list, address, status, token_generation, updated_at)
             VALUES ('newsletter', ?1, 'subscribed', 2, '2025-01-01T00:00:00Z')",
        )?;
        for i in 0..count {
            insert.execute([format!("reader{i}@bench.example")])?;
        }
    }
    tx.commit()
}
