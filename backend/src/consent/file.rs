//! The shop's consent configuration file (`consent.json`): validated with core's rules before the server
//! starts, then read again on each request so an edit takes effect at once — while an edit that breaks it
//! is refused (logged) and the last valid version is served instead.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use axum::body::Bytes;
use pishkhan_core::consent::ConsentConfig;

/// The file name the storefront's build ships and the storefront fetches.
pub const FILE_NAME: &str = "consent.json";

/// A consent configuration file that was valid when loaded.
#[derive(Debug)]
pub struct ConsentFile {
    path: PathBuf,
    served: Mutex<Served>,
}

#[derive(Debug)]
struct Served {
    /// The last valid contents.
    body: Bytes,
    /// The last problem logged, so a broken edit is reported once, not on every request.
    logged: Option<String>,
}

impl ConsentFile {
    /// Reads and validates the file at `path`, which must exist.
    pub fn load(path: &Path) -> Result<Self, ConsentError> {
        let body = read_valid(path)?;
        Ok(Self { path: path.to_owned(), served: Mutex::new(Served { body, logged: None }) })
    }

    /// `dir/consent.json` if the directory has one (none means no trackers are configured).
    pub fn load_from_dir(dir: &Path) -> Result<Option<Self>, ConsentError> {
        let path = dir.join(FILE_NAME);
        match std::fs::symlink_metadata(&path) {
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            _ => Self::load(&path).map(Some),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file's contents now if still valid; otherwise (logging why) the last valid contents. Blocking.
    pub fn current(&self) -> Bytes {
        let mut served = self.served.lock().unwrap_or_else(PoisonError::into_inner);
        match read_valid(&self.path) {
            Ok(body) => {
                served.body = body;
                served.logged = None;
            }
            Err(error) => {
                let message = error.to_string();
                if served.logged.as_ref() != Some(&message) {
                    eprintln!("error: {message}\n  (still serving the last valid version)");
                    served.logged = Some(message);
                }
            }
        }
        served.body.clone()
    }
}

fn read_valid(path: &Path) -> Result<Bytes, ConsentError> {
    let text = std::fs::read_to_string(path).map_err(|error| match error.kind() {
        io::ErrorKind::NotFound => ConsentError::Missing(path.to_owned()),
        _ => ConsentError::Unreadable(path.to_owned(), error),
    })?;
    match ConsentConfig::parse(&text) {
        Ok(_) => Ok(Bytes::from(text)),
        Err(problems) => Err(ConsentError::Invalid { path: path.to_owned(), problems }),
    }
}

/// Why a consent configuration file cannot be used. Its `Display` names the file and lists every problem,
/// one per line, so the shop can fix them all at once.
#[derive(Debug)]
pub enum ConsentError {
    /// An explicitly given file does not exist.
    Missing(PathBuf),
    Unreadable(PathBuf, io::Error),
    /// The file is not a valid configuration: each problem says where.
    Invalid {
        path: PathBuf,
        problems: Vec<String>,
    },
}

impl ConsentError {
    /// What is wrong with the configuration (empty unless it is [`ConsentError::Invalid`]).
    pub fn problems(&self) -> &[String] {
        match self {
            Self::Invalid { problems, .. } => problems,
            _ => &[],
        }
    }
}

impl fmt::Display for ConsentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing(path) => write!(f, "consent configuration {} does not exist", path.display()),
            Self::Unreadable(path, error) => write!(f, "cannot read consent configuration {}: {error}", path.display()),
            Self::Invalid { path, problems } => {
                write!(f, "consent configuration {} is invalid:", path.display())?;
                for problem in problems {
                    // core prefixes a JSON syntax error with this; the heading already says it
                    let problem = problem.strip_prefix("consent configuration: ").unwrap_or(problem);
                    write!(f, "\n  - {problem}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ConsentError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Unreadable(_, error) => Some(error),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = r#"{ "revision": "1", "services": [] }"#;

    fn temp_file(label: &str, contents: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("pishkhan-consent-{label}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(FILE_NAME);
        std::fs::write(&path, contents).unwrap();
        path
    }

    #[test]
    fn invalid_files_list_every_problem_under_the_file_name() {
        let path = temp_file("invalid", r#"{ "revision": "", "retention_days": 0, "services": [] }"#);
        let error = ConsentFile::load(&path).unwrap_err();
        assert_eq!(error.problems().len(), 2);
        let text = error.to_string();
        let expected = format!(
            "consent configuration {} is invalid:\n  - revision: must be 1 to 40 characters\n  - retention_days:",
            path.display()
        );
        assert!(text.starts_with(&expected), "{text}");
        std::fs::write(&path, "{").unwrap();
        let text = ConsentFile::load(&path).unwrap_err().to_string();
        assert!(text.contains("is invalid:\n  - EOF while parsing"), "{text}");
        std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
    }

    #[test]
    fn a_broken_edit_keeps_the_last_valid_version() {
        let path = temp_file("edit", VALID);
        let file = ConsentFile::load(&path).unwrap();
        assert_eq!(file.current(), VALID.as_bytes());
        let edited = r#"{ "revision": "2", "services": [] }"#;
        std::fs::write(&path, edited).unwrap();
        assert_eq!(file.current(), edited.as_bytes(), "a valid edit is served at once");
        std::fs::write(&path, r#"{ "revision": "3", "services": "none" }"#).unwrap();
        assert_eq!(file.current(), edited.as_bytes());
        std::fs::remove_file(&path).unwrap();
        assert_eq!(file.current(), edited.as_bytes());
        std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
    }

    #[test]
    fn a_directory_without_the_file_configures_nothing() {
        let dir = std::env::temp_dir().join(format!("pishkhan-consent-none-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert!(ConsentFile::load_from_dir(&dir).unwrap().is_none());
        assert!(matches!(ConsentFile::load(&dir.join(FILE_NAME)), Err(ConsentError::Missing(_))));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
