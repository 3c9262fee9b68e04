//! The CLI's error type: bad input (exit code 2) versus everything else (exit code 1).

use std::fmt;

/// Why a command failed.
#[derive(Debug)]
pub enum CliError {
    /// The user's input is wrong; `field` names where (a flag, a JSON path, a CSV line).
    Input {
        /// Where the bad value is, e.g. `positions[3].strike` or `--vol`.
        field: String,
        /// What is wrong with it, lowercase, no trailing period.
        message: String,
    },
    /// Something else failed (writing output, an engine failure on valid input).
    Internal(String),
}

impl CliError {
    /// A bad-input error at `field`.
    pub fn input(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Input {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The process exit code for this error: 2 for bad input, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Input { .. } => 2,
            Self::Internal(_) => 1,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Input { field, message } => write!(f, "{field}: {message}"),
            Self::Internal(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for CliError {}

/// Result of a CLI operation.
pub type Result<T> = std::result::Result<T, CliError>;
