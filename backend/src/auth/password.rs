//! Passwords as argon2id PHC strings (the crate's default parameters), hashed and checked off the async
//! runtime.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use super::secret;
use crate::problem::ApiError;

/// A hash no password matches, checked when a login is unknown so that answer takes as long as a wrong password.
static DUMMY: LazyLock<String> = LazyLock::new(|| hash_blocking(&secret::token()).unwrap_or_default());

fn hash_blocking(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::encode_b64(&secret::bytes::<16>())?;
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string())
}

fn verify_blocking(password: &str, phc: Option<&str>) -> bool {
    let phc = phc.unwrap_or(DUMMY.as_str());
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok()
}

/// The argon2id PHC string of `password`.
pub async fn hash(password: String) -> Result<String, ApiError> {
    let result = tokio::task::spawn_blocking(move || hash_blocking(&password)).await;
    match result {
        Ok(Ok(phc)) => Ok(phc),
        Ok(Err(error)) => {
            eprintln!("error: hashing a password failed: {error}");
            Err(ApiError::internal())
        }
        Err(error) => {
            eprintln!("error: hashing a password failed: {error}");
            Err(ApiError::internal())
        }
    }
}

/// Whether `password` matches the stored hash; with no hash (no such account, or no password set) it is
/// checked against a dummy and is false.
pub async fn verify(password: String, phc: Option<String>) -> Result<bool, ApiError> {
    tokio::task::spawn_blocking(move || verify_blocking(&password, phc.as_deref())).await.map_err(|error| {
        eprintln!("error: checking a password failed: {error}");
        ApiError::internal()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let phc = hash_blocking("کتابخوان۱۴۰۳").unwrap();
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        assert!(verify_blocking("کتابخوان۱۴۰۳", Some(&phc)));
        assert!(!verify_blocking("کتابخوان۱۴۰۴", Some(&phc)));
        assert!(!verify_blocking("anything", None));
        assert!(!verify_blocking("anything", Some("not a hash")));
    }
}
