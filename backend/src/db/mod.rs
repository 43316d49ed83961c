//! The SQLite connection: opening, pragmas, and running blocking queries off the async runtime.

mod migrations;

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::Connection;

use crate::problem::ApiError;
use crate::seed;

/// One connection behind a mutex. SQLite serialises writers anyway; the catalog is small.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

impl Db {
    /// Opens the file, enables WAL and foreign keys, migrates, and seeds an empty catalog.
    pub fn open(path: &Path) -> rusqlite::Result<Self> {
        let conn = Connection::open(path)?;
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))?;
        Self::prepare(conn)
    }

    pub fn open_in_memory() -> rusqlite::Result<Self> {
        Self::prepare(Connection::open_in_memory()?)
    }

    fn prepare(mut conn: Connection) -> rusqlite::Result<Self> {
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations::run(&mut conn)?;
        seed::seed_if_empty(&mut conn)?;
        Ok(Self { conn: Arc::new(Mutex::new(conn)) })
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // a panic while holding the lock leaves the connection usable: every write is a transaction
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `work` on the connection in a blocking thread.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, ApiError> + Send + 'static,
    {
        let db = self.clone();
        tokio::task::spawn_blocking(move || work(&mut db.lock())).await.map_err(|error| {
            eprintln!("error: database task failed: {error}");
            ApiError::internal()
        })?
    }

    /// Runs `work` on the connection on this thread (for start-up tasks and tests, not handlers).
    pub fn with_blocking<T>(&self, work: impl FnOnce(&mut Connection) -> rusqlite::Result<T>) -> rusqlite::Result<T> {
        work(&mut self.lock())
    }

    pub(crate) fn reseed_blocking(&self) -> rusqlite::Result<()> {
        seed::reseed(&mut self.lock())
    }
}
