//! Numbered schema migrations, tracked with `PRAGMA user_version`.

use rusqlite::Connection;

/// Migration `n` (1-based) brings the schema from version `n - 1` to `n`. Append only.
const MIGRATIONS: &[&str] = &[
    // 1: the catalog
    "CREATE TABLE categories (
        id       INTEGER PRIMARY KEY,
        slug     TEXT NOT NULL UNIQUE,
        name_fa  TEXT NOT NULL,
        name_en  TEXT NOT NULL,
        position INTEGER NOT NULL,
        hue      INTEGER NOT NULL
    );
    CREATE TABLE products (
        id          INTEGER PRIMARY KEY,
        slug        TEXT NOT NULL UNIQUE,
        title       TEXT NOT NULL UNIQUE,
        byline      TEXT NOT NULL,
        category_id INTEGER NOT NULL REFERENCES categories(id),
        price       INTEGER NOT NULL CHECK (price >= 0),
        stock       INTEGER NOT NULL CHECK (stock >= 0),
        popularity  INTEGER NOT NULL CHECK (popularity >= 0),
        created_at  INTEGER NOT NULL,
        description TEXT NOT NULL,
        search_text TEXT NOT NULL
    );
    CREATE INDEX products_category ON products(category_id);
    CREATE INDEX products_created ON products(created_at DESC, id DESC);
    CREATE INDEX products_price ON products(price, id);
    CREATE INDEX products_popularity ON products(popularity DESC, id);",
    // 2: placed orders. Lines keep the product's id, title and price as sold, with no foreign key to
    // `products`, so reseeding the catalog never touches an order. Amounts are whole Toman.
    "CREATE TABLE orders (
        id                  INTEGER PRIMARY KEY,
        number              TEXT NOT NULL UNIQUE,
        status              TEXT NOT NULL CHECK (status IN ('awaiting_payment', 'paid')),
        placed_at           TEXT NOT NULL,
        paid_at             TEXT,
        contact_first_name  TEXT NOT NULL,
        contact_last_name   TEXT NOT NULL,
        contact_mobile      TEXT NOT NULL,
        contact_email       TEXT NOT NULL,
        address_province    TEXT NOT NULL,
        address_city        TEXT NOT NULL,
        address_street      TEXT NOT NULL,
        address_plate       TEXT NOT NULL,
        address_unit        TEXT NOT NULL,
        address_postal_code TEXT NOT NULL,
        address_notes       TEXT NOT NULL,
        shipping_method_id  TEXT NOT NULL,
        shipping_name_fa    TEXT NOT NULL,
        shipping_name_en    TEXT NOT NULL,
        shipping_price      INTEGER NOT NULL CHECK (shipping_price >= 0),
        shipping_min_days   INTEGER NOT NULL,
        shipping_max_days   INTEGER NOT NULL,
        subtotal            INTEGER NOT NULL CHECK (subtotal >= 0),
        shipping            INTEGER NOT NULL CHECK (shipping >= 0),
        discount            INTEGER NOT NULL CHECK (discount >= 0),
        total               INTEGER NOT NULL CHECK (total >= 0),
        payment_token       TEXT NOT NULL,
        idempotency_key     TEXT NOT NULL UNIQUE,
        request_hash        TEXT NOT NULL
    );
    CREATE TABLE order_lines (
        order_id   INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        position   INTEGER NOT NULL,
        product_id INTEGER NOT NULL,
        title      TEXT NOT NULL,
        unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
        quantity   INTEGER NOT NULL CHECK (quantity > 0),
        line_total INTEGER NOT NULL CHECK (line_total >= 0),
        PRIMARY KEY (order_id, position)
    );
    -- only when someone other than the buyer receives the parcel; these details belong to this order alone
    CREATE TABLE order_recipients (
        order_id   INTEGER PRIMARY KEY REFERENCES orders(id) ON DELETE CASCADE,
        first_name TEXT NOT NULL,
        last_name  TEXT NOT NULL,
        mobile     TEXT NOT NULL
    );
    -- only when an official invoice is asked for; the address columns are null when it is the delivery address
    CREATE TABLE invoice_identities (
        order_id            INTEGER PRIMARY KEY REFERENCES orders(id) ON DELETE CASCADE,
        kind                TEXT NOT NULL CHECK (kind IN ('individual', 'legal_entity')),
        full_name           TEXT,
        national_code       TEXT,
        company_name        TEXT,
        economic_code       TEXT,
        national_id         TEXT,
        registration_number TEXT,
        address_province    TEXT,
        address_city        TEXT,
        address_street      TEXT,
        address_plate       TEXT,
        address_unit        TEXT,
        address_postal_code TEXT,
        address_notes       TEXT
    );",
    // 3: the consent receipts ledger, append-only: the triggers refuse every UPDATE and DELETE. A receipt is
    // anonymous (a random consent id, never an IP address, user agent or account); purposes and services are
    // JSON objects of booleans.
    "CREATE TABLE consent_receipts (
        id              INTEGER PRIMARY KEY,
        consent_id      TEXT NOT NULL,
        revision        TEXT NOT NULL,
        action          TEXT NOT NULL CHECK (action IN ('given', 'changed', 'withdrawn')),
        method          TEXT NOT NULL CHECK (method IN ('banner', 'settings', 'gpc')),
        purposes        TEXT NOT NULL CHECK (json_valid(purposes)),
        services        TEXT NOT NULL CHECK (json_valid(services)),
        shown_text_hash TEXT NOT NULL,
        recorded_at     TEXT NOT NULL
    );
    CREATE INDEX consent_receipts_consent_id ON consent_receipts(consent_id);
    CREATE TRIGGER consent_receipts_no_update BEFORE UPDATE ON consent_receipts
    BEGIN
        SELECT RAISE(ABORT, 'consent receipts are append-only');
    END;
    CREATE TRIGGER consent_receipts_no_delete BEFORE DELETE ON consent_receipts
    BEGIN
        SELECT RAISE(ABORT, 'consent receipts are append-only');
    END;",
    // 4: accounts. Times the server compares (sessions, codes, rate events) are Unix seconds; times shown are
    // RFC 3339 text. Secrets are stored only as SHA-256 (session tokens, one-time codes, email tokens) or as
    // an argon2id PHC string (passwords). A deleted account's row stays, anonymised, with a `deleted-<id>`
    // mobile so the number can sign up again.
    "CREATE TABLE users (
        id                       INTEGER PRIMARY KEY,
        mobile                   TEXT NOT NULL UNIQUE,
        email                    TEXT UNIQUE,
        pending_email            TEXT,
        email_token_hash         TEXT UNIQUE,
        email_token_expires_at   INTEGER,
        first_name               TEXT NOT NULL DEFAULT '',
        last_name                TEXT NOT NULL DEFAULT '',
        national_code            TEXT NOT NULL DEFAULT '',
        birth_date               TEXT NOT NULL DEFAULT '',
        newsletter               INTEGER NOT NULL DEFAULT 0,
        sms_promotions           INTEGER NOT NULL DEFAULT 0,
        password_hash            TEXT,
        created_at               TEXT NOT NULL,
        deleted_at               TEXT
    );
    CREATE TABLE sessions (
        id_hash    TEXT PRIMARY KEY,
        user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        last_seen  INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
    );
    CREATE INDEX sessions_user ON sessions(user_id);
    CREATE TABLE one_time_codes (
        id         INTEGER PRIMARY KEY,
        purpose    TEXT NOT NULL CHECK (purpose IN ('sign_in', 'mobile_change', 'delete_account')),
        target     TEXT NOT NULL,
        user_id    INTEGER REFERENCES users(id) ON DELETE CASCADE,
        code_hash  TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        attempts   INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        used_at    INTEGER
    );
    CREATE INDEX one_time_codes_target ON one_time_codes(purpose, target);
    CREATE INDEX one_time_codes_user ON one_time_codes(purpose, user_id);
    -- sliding-window rate limits; the key is a SHA-256 of the number, login or IP, never the value itself
    CREATE TABLE rate_events (
        bucket TEXT NOT NULL,
        key    TEXT NOT NULL,
        at     INTEGER NOT NULL
    );
    CREATE INDEX rate_events_key ON rate_events(bucket, key, at);
    -- the development outbox: every SMS and email the reference backend sends
    CREATE TABLE outbox (
        id         INTEGER PRIMARY KEY,
        channel    TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
        recipient  TEXT NOT NULL,
        subject    TEXT NOT NULL,
        body       TEXT NOT NULL,
        created_at TEXT NOT NULL
    );",
    // 5: what an account owns: its address book, its cart, the consent ids seen with it, and its orders.
    "CREATE TABLE addresses (
        id                   INTEGER PRIMARY KEY,
        user_id              INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        label                TEXT NOT NULL,
        recipient_first_name TEXT,
        recipient_last_name  TEXT,
        recipient_mobile     TEXT,
        province             TEXT NOT NULL,
        city                 TEXT NOT NULL,
        street               TEXT NOT NULL,
        plate                TEXT NOT NULL,
        unit                 TEXT NOT NULL,
        postal_code          TEXT NOT NULL,
        notes                TEXT NOT NULL,
        is_default           INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX addresses_user ON addresses(user_id);
    CREATE TABLE carts (
        user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        items      TEXT NOT NULL CHECK (json_valid(items)),
        updated_at TEXT NOT NULL
    );
    CREATE TABLE user_consent_ids (
        user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        consent_id TEXT NOT NULL,
        linked_at  TEXT NOT NULL,
        PRIMARY KEY (user_id, consent_id)
    );
    ALTER TABLE orders ADD COLUMN user_id INTEGER REFERENCES users(id);
    CREATE INDEX orders_user ON orders(user_id);",
    // 6: the server's own settings (its generated HMAC key, when the configuration gives none); and which
    // address asked for a code (its HMAC, never the address), so several people asking for one number each
    // get a live code, and the wrong tries from that address and from every other are counted apart. From
    // now on rate-event keys and code hashes are HMACs: the older rows, plain SHA-256, simply stop matching.
    "CREATE TABLE settings (
        name  TEXT PRIMARY KEY,
        value BLOB NOT NULL
    );
    ALTER TABLE one_time_codes ADD COLUMN requester TEXT NOT NULL DEFAULT '';
    ALTER TABLE one_time_codes ADD COLUMN foreign_attempts INTEGER NOT NULL DEFAULT 0;",
    // 7: saving an address is safe to retry: the key it was first sent with, and that request's hash.
    "ALTER TABLE addresses ADD COLUMN idempotency_key TEXT;
    ALTER TABLE addresses ADD COLUMN request_hash TEXT;
    CREATE UNIQUE INDEX addresses_idempotency ON addresses(user_id, idempotency_key);",
    // 8: unpaid orders expire. `status` may now be `expired` (SQLite cannot alter a CHECK, so the column is
    // added anew, copied, and the old one dropped); `pay_by` is the Unix second after which an unpaid order's
    // stock goes back on sale (orders placed before this migration get the default 30 minutes); and
    // `idempotency_caller` scopes the order's Idempotency-Key to whoever placed it (a SHA-256 of the caller
    // and the key, so it links no two orders; NULL: placed without a session or guest cookie).
    "ALTER TABLE orders ADD COLUMN order_status TEXT NOT NULL DEFAULT 'awaiting_payment'
        CHECK (order_status IN ('awaiting_payment', 'paid', 'expired'));
    UPDATE orders SET order_status = status;
    ALTER TABLE orders DROP COLUMN status;
    ALTER TABLE orders RENAME COLUMN order_status TO status;
    ALTER TABLE orders ADD COLUMN pay_by INTEGER NOT NULL DEFAULT 0;
    UPDATE orders SET pay_by = CAST(strftime('%s', placed_at) AS INTEGER) + 1800;
    ALTER TABLE orders ADD COLUMN idempotency_caller TEXT;
    CREATE INDEX orders_unpaid ON orders(pay_by) WHERE status = 'awaiting_payment';",
    // 9: message texts are stored only in development mode (the `outbox`, pruned); otherwise, with no
    // transport configured, only that a message was due: its channel, kind, an HMAC of the recipient and the
    // time. Messages stored by earlier builds, in any mode, held codes and links, so they are forgotten. What
    // has expired is deleted on a schedule, by these indexes.
    "DELETE FROM outbox;
    CREATE INDEX outbox_created ON outbox(created_at);
    CREATE TABLE message_log (
        id             INTEGER PRIMARY KEY,
        channel        TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
        kind           TEXT NOT NULL,
        recipient_hash TEXT NOT NULL,
        sent_at        INTEGER NOT NULL
    );
    CREATE INDEX message_log_sent ON message_log(sent_at);
    CREATE INDEX message_log_recipient ON message_log(recipient_hash);
    CREATE INDEX sessions_expires ON sessions(expires_at);
    CREATE INDEX one_time_codes_expires ON one_time_codes(expires_at);
    CREATE INDEX rate_events_at ON rate_events(at);",
    // 10: sending a consent receipt is safe to retry: the key it was first sent with (the consent id's
    // own, so unique per consent id) and that request's hash. Adding columns is no UPDATE of a receipt.
    "ALTER TABLE consent_receipts ADD COLUMN idempotency_key TEXT;
    ALTER TABLE consent_receipts ADD COLUMN request_hash TEXT;
    CREATE UNIQUE INDEX consent_receipts_idempotency ON consent_receipts(consent_id, idempotency_key);",
    // 11: taking over an account needs more than its session. `proven_at` is when the session last proved it is
    // the owner (a code to the account's mobile, or its password), which changing the password, the email or the
    // mobile number needs recently; codes may have the purpose `proof` (the CHECK is rebuilt as in 8, its
    // indexes dropped and made again around it); and `email_token_session` is the SHA-256 of the session that
    // asked for the pending email, the one session that outlives its confirmation.
    "ALTER TABLE sessions ADD COLUMN proven_at INTEGER;
    DROP INDEX one_time_codes_target;
    DROP INDEX one_time_codes_user;
    ALTER TABLE one_time_codes ADD COLUMN code_purpose TEXT NOT NULL DEFAULT 'sign_in'
        CHECK (code_purpose IN ('sign_in', 'mobile_change', 'delete_account', 'proof'));
    UPDATE one_time_codes SET code_purpose = purpose;
    ALTER TABLE one_time_codes DROP COLUMN purpose;
    ALTER TABLE one_time_codes RENAME COLUMN code_purpose TO purpose;
    CREATE INDEX one_time_codes_target ON one_time_codes(purpose, target);
    CREATE INDEX one_time_codes_user ON one_time_codes(purpose, user_id);
    ALTER TABLE users ADD COLUMN email_token_session TEXT;",
    // 12: lists and subscribers. A member's subscription names the account (`user_id`; its address is the
    // account's email or mobile), a guest's its own `address`. `token_generation` signs the unsubscribe tokens
    // (see `newsletter::token`); a guest's pending subscription waits for `confirm_hash` until `confirm_by`.
    // The profile's `newsletter` and `sms_promotions` flags become subscriptions (and are dropped), so the
    // profile and the subscriber records are the same rows. Every change is an event.
    "CREATE TABLE subscriptions (
        id               INTEGER PRIMARY KEY,
        list             TEXT NOT NULL CHECK (list IN ('newsletter', 'sms_promotions', 'sms_order_status')),
        user_id          INTEGER REFERENCES users(id),
        address          TEXT,
        status           TEXT NOT NULL CHECK (status IN ('pending', 'subscribed', 'unsubscribed')),
        token_generation INTEGER NOT NULL DEFAULT 1,
        confirm_hash     TEXT,
        confirm_by       INTEGER,
        updated_at       TEXT NOT NULL,
        CHECK ((user_id IS NULL) <> (address IS NULL))
    );
    CREATE UNIQUE INDEX subscriptions_member ON subscriptions(list, user_id) WHERE user_id IS NOT NULL;
    CREATE UNIQUE INDEX subscriptions_guest ON subscriptions(list, address) WHERE address IS NOT NULL;
    CREATE INDEX subscriptions_confirm ON subscriptions(confirm_hash) WHERE confirm_hash IS NOT NULL;
    CREATE TABLE subscription_events (
        id              INTEGER PRIMARY KEY,
        subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
        action          TEXT NOT NULL CHECK (action IN ('subscribe', 'confirm', 'unsubscribe', 'resubscribe')),
        by_whom         TEXT NOT NULL CHECK (by_whom IN ('profile', 'form', 'link', 'one_click', 'shop', 'sms')),
        at              TEXT NOT NULL
    );
    CREATE INDEX subscription_events_subscription ON subscription_events(subscription_id);
    INSERT INTO subscriptions (list, user_id, status, updated_at)
        SELECT 'newsletter', id, 'subscribed', strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM users WHERE newsletter = 1;
    INSERT INTO subscriptions (list, user_id, status, updated_at)
        SELECT 'sms_promotions', id, 'subscribed', strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM users WHERE sms_promotions = 1;
    INSERT INTO subscription_events (subscription_id, action, by_whom, at)
        SELECT id, 'subscribe', 'profile', updated_at FROM subscriptions;
    ALTER TABLE users DROP COLUMN newsletter;
    ALTER TABLE users DROP COLUMN sms_promotions;",
    // Issues the shop sends to a list, and each subscriber's delivery of one (only ids: the address is read at
    // sending time, so an erased subscriber's deliveries go with them).
    "CREATE TABLE newsletter_issues (
        id          INTEGER PRIMARY KEY,
        list        TEXT NOT NULL CHECK (list IN ('newsletter', 'sms_promotions')),
        subject     TEXT NOT NULL,
        text        TEXT NOT NULL,
        html        TEXT,
        total       INTEGER NOT NULL,
        created_at  TEXT NOT NULL,
        finished_at TEXT
    );
    CREATE TABLE newsletter_deliveries (
        issue_id        INTEGER NOT NULL REFERENCES newsletter_issues(id) ON DELETE CASCADE,
        subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
        status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (issue_id, subscription_id)
    ) WITHOUT ROWID;
    CREATE INDEX newsletter_deliveries_subscription ON newsletter_deliveries(subscription_id);",
];

/// The schema version this build expects.
pub const LATEST: usize = MIGRATIONS.len();

/// Applies every migration newer than the database's `user_version`, each in its own transaction.
pub fn run(conn: &mut Connection) -> rusqlite::Result<()> {
    let current: usize = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if current > LATEST {
        eprintln!("warning: the database schema (version {current}) is newer than this build's ({LATEST})");
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once() {
        let mut conn = Connection::open_in_memory().unwrap();
        run(&mut conn).unwrap();
        run(&mut conn).unwrap();
        let version: usize = conn.pragma_query_value(None, "user_version", |row| row.get(0)).unwrap();
        assert_eq!(version, LATEST);
    }

    #[test]
    fn profile_flags_become_subscriptions_with_an_event() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..11] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 11).unwrap();
        conn.execute_batch(
            "INSERT INTO users (id, mobile, newsletter, sms_promotions, created_at) VALUES
                (1, '09120000001', 1, 0, 'x'), (2, '09120000002', 0, 1, 'x'), (3, '09120000003', 0, 0, 'x');",
        )
        .unwrap();
        run(&mut conn).unwrap();
        let rows: Vec<(i64, String, String, String)> = conn
            .prepare(
                "SELECT s.user_id, s.list, s.status, e.action || ':' || e.by_whom FROM subscriptions s
                 JOIN subscription_events e ON e.subscription_id = s.id ORDER BY s.id",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let row =
            |user: i64, list: &str| (user, list.to_owned(), "subscribed".to_owned(), "subscribe:profile".to_owned());
        assert_eq!(rows, [row(1, "newsletter"), row(2, "sms_promotions")]);
        assert!(conn.prepare("SELECT newsletter FROM users").is_err(), "the flags are gone: one record serves");
    }

    #[test]
    fn orders_keep_their_status_and_get_a_deadline_when_expiry_arrives() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..5] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 5).unwrap();
        let insert = |number: &str, status: &str| {
            conn.execute(
                "INSERT INTO orders (number, status, placed_at, contact_first_name, contact_last_name, contact_mobile,
                    contact_email, address_province, address_city, address_street, address_plate, address_unit,
                    address_postal_code, address_notes, shipping_method_id, shipping_name_fa, shipping_name_en,
                    shipping_price, shipping_min_days, shipping_max_days, subtotal, shipping, discount, total,
                    payment_token, idempotency_key, request_hash)
                 VALUES (?1, ?2, '2025-03-21T08:30:00Z', 'a', 'b', '09121234567', '', 'fars', 'c', 'd', '1', '',
                    '7134897651', '', 'post', 'p', 'p', 1, 1, 2, 1, 1, 0, 2, 't', ?1, 'h')",
                [number, status],
            )
            .unwrap();
        };
        insert("PK-1", "paid");
        insert("PK-2", "awaiting_payment");
        run(&mut conn).unwrap();
        let rows: Vec<(String, String, i64)> = conn
            .prepare("SELECT number, status, pay_by FROM orders ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let deadline = 1_742_545_800 + 1800;
        assert_eq!(
            rows,
            [("PK-1".into(), "paid".into(), deadline), ("PK-2".into(), "awaiting_payment".into(), deadline)]
        );
        conn.execute("UPDATE orders SET status = 'expired' WHERE number = 'PK-2'", []).unwrap();
        assert!(conn.execute("UPDATE orders SET status = 'lost' WHERE number = 'PK-2'", []).is_err());
    }
}
