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

/// `PUT /me/password`: set or change the password (the session must have proven itself first: [`ProofRequest`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    pub new_password: String,
}

impl PasswordChange {
    pub fn validate(&self) -> Result<String, Vec<FieldError>> {
        let mut errors = Vec::new();
        let password = field(&mut errors, "new_password", v::new_password(&self.new_password));
        done(password, errors)
    }
}

/// `POST /me/proof`: the owner proves it is them before changing the password, the email or the mobile number:
/// with a `code` texted to the current mobile number (`POST /me/proof-code`), or else the `current_password`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProofRequest {
    /// The account's password, when it has one and no `code` is given.
    #[serde(default)]
    pub current_password: String,
    /// The code texted to the current mobile number; used when given.
    #[serde(default)]
    pub code: String,
}

/// How a [`ProofRequest`] proves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proof {
    Password(String),
    Code(String),
}

impl ProofRequest {
    /// The code (normalised) if one is given, else the password; neither is an error on both fields.
    pub fn validate(&self) -> Result<Proof, Vec<FieldError>> {
        let mut errors = Vec::new();
        if !self.code.trim().is_empty() {
            let code = field(&mut errors, "code", v::one_time_code(&self.code));
            return done(code.map(Proof::Code), errors);
        }
        if self.current_password.is_empty() {
            for name in ["current_password", "code"] {
                errors.push(FieldError::new(name, Invalid::Required.code(), Invalid::Required.english()));
            }
            return Err(errors);
        }
        Ok(Proof::Password(self.current_password.clone()))
    }
}

/// `GET`/`POST /me/proof`: for how many more seconds this session may change the password, the email and the
/// mobile number without proving itself again (0: it must prove itself first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProofStatus {
    pub expires_in_seconds: u32,
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
        assert!(PasswordChange { new_password: "short1".into() }.validate().is_err());
        assert!(PasswordChange { new_password: "کتابخوان۱۴۰۳".into() }.validate().is_ok());
    }

    #[test]
    fn a_proof_is_a_code_or_else_the_password() {
        let code = ProofRequest { current_password: "x".into(), code: "۱۲۳۴۵۶".into() };
        assert_eq!(code.validate(), Ok(Proof::Code("123456".into())));
        let password = ProofRequest { current_password: " pass word ".into(), code: " ".into() };
        assert_eq!(password.validate(), Ok(Proof::Password(" pass word ".into())));
        let short = ProofRequest { code: "12".into(), ..ProofRequest::default() }.validate().unwrap_err();
        assert_eq!(short.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), vec!["code"]);
        let neither = ProofRequest::default().validate().unwrap_err();
        assert_eq!(neither.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), vec!["current_password", "code"]);
    }
}
