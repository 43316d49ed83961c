//! Requests for signing in and for changing the contacts that identify an account.

use serde::{Deserialize, Serialize};

use crate::{
    FieldError,
    checkout::validate::{self as v, Invalid},
};

fn field<T>(errors: &mut Vec<FieldError>, name: &str, result: Result<T, Invalid>) -> Option<T> {
    result.map_err(|invalid| errors.push(FieldError::new(name, invalid.code(), invalid.english()))).ok()
}

fn done<T>(value: Option<T>, errors: Vec<FieldError>) -> Result<T, Vec<FieldError>> {
    match value {
        Some(value) if errors.is_empty() => Ok(value),
        _ => Err(errors),
    }
}

/// `POST /auth/code`: send a sign-in (or sign-up) code to this mobile number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeRequest {
    pub mobile: String,
}

impl CodeRequest {
    /// The normalised mobile number.
    pub fn validate(&self) -> Result<String, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mobile = field(&mut errors, "mobile", v::mobile(&self.mobile));
        done(mobile, errors)
    }
}

/// The answer to a code request: how long the code lives and when another may be asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeSent {
    pub expires_in_seconds: u32,
    pub resend_in_seconds: u32,
}

/// `POST /auth/code/verify`: the code received by SMS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeSignIn {
    pub mobile: String,
    pub code: String,
}

impl CodeSignIn {
    /// `(mobile, code)` normalised.
    pub fn validate(&self) -> Result<(String, String), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mobile = field(&mut errors, "mobile", v::mobile(&self.mobile));
        let code = field(&mut errors, "code", v::one_time_code(&self.code));
        done(mobile.zip(code), errors)
    }
}

/// A code that confirms an action of a signed-in account (new mobile, account deletion).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeVerify {
    pub code: String,
}

impl CodeVerify {
    pub fn validate(&self) -> Result<String, Vec<FieldError>> {
        let mut errors = Vec::new();
        let code = field(&mut errors, "code", v::one_time_code(&self.code));
        done(code, errors)
    }
}

/// `POST /auth/password`: sign in with a mobile number or email and a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordSignIn {
    /// A mobile number (any form) or an email address.
    pub login: String,
    pub password: String,
}

impl PasswordSignIn {
    /// The login normalised (a mobile number to `09…`, an email lower-cased).
    pub fn validate(&self) -> Result<String, Vec<FieldError>> {
        let mut errors = Vec::new();
        let login = if self.login.contains('@') {
            field(&mut errors, "login", v::email(&self.login))
        } else {
            field(&mut errors, "login", v::mobile(&self.login))
        };
        if self.password.is_empty() {
            errors.push(FieldError::new("password", Invalid::Required.code(), Invalid::Required.english()));
        }
        done(login, errors)
    }
}

/// `PUT /me/password`: set or change the password. `current_password` is empty when none is set yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    #[serde(default)]
    pub current_password: String,
    pub new_password: String,
}

impl PasswordChange {
    pub fn validate(&self) -> Result<String, Vec<FieldError>> {
        let mut errors = Vec::new();
        let password = field(&mut errors, "new_password", v::new_password(&self.new_password));
        done(password, errors)
    }
}

/// `POST /me/email`: a new official email, which takes effect once its link is opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailChange {
    pub email: String,
}

impl EmailChange {
    pub fn validate(&self) -> Result<String, Vec<FieldError>> {
        let mut errors = Vec::new();
        let email = field(&mut errors, "email", v::email(&self.email));
        done(email, errors)
    }
}

/// `POST /auth/email/confirm`: the token from the confirmation link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailConfirm {
    pub token: String,
}

/// `POST /me/mobile`: a new mobile number, which takes effect once the code sent to it is confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MobileChange {
    pub new_mobile: String,
}

impl MobileChange {
    pub fn validate(&self) -> Result<String, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mobile = field(&mut errors, "new_mobile", v::mobile(&self.new_mobile));
        done(mobile, errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_requests_normalise() {
        assert_eq!(CodeRequest { mobile: "+98 912 000 1111".into() }.validate(), Ok("09120001111".into()));
        let ok = CodeSignIn { mobile: "09120001111".into(), code: "۱۲۳۴۵۶".into() }.validate();
        assert_eq!(ok, Ok(("09120001111".into(), "123456".into())));
        let bad = CodeSignIn { mobile: "0912".into(), code: "12".into() }.validate().unwrap_err();
        assert_eq!(bad.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), vec!["mobile", "code"]);
        assert_eq!(
            PasswordSignIn { login: "Sara@Example.ir".into(), password: "x".into() }.validate(),
            Ok("sara@example.ir".into())
        );
        assert!(PasswordChange { current_password: String::new(), new_password: "short1".into() }.validate().is_err());
        assert!(
            PasswordChange { current_password: String::new(), new_password: "کتابخوان۱۴۰۳".into() }.validate().is_ok()
        );
    }
}
