//! A small path-tracking reader over `serde_json::Value`, so every bad value is reported with its JSON path
//! (`positions[3].strike`). Numbers may be JSON strings (exact) or JSON numbers (read through their shortest
//! decimal text, exact for up to 15 significant digits).

use serde_json::{Map, Value};

use crate::decimal::parse_wad;
use crate::error::{CliError, Result};

/// A JSON object together with its path, for reading fields with precise errors.
pub struct Obj<'a> {
    path: String,
    map: &'a Map<String, Value>,
}

/// Returns `value` as an object at `path`.
pub fn object<'a>(value: &'a Value, path: &str) -> Result<Obj<'a>> {
    match value {
        Value::Object(map) => Ok(Obj {
            path: path.to_owned(),
            map,
        }),
        other => Err(CliError::input(
            path,
            format!("expected an object, got {}", kind(other)),
        )),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<'a> Obj<'a> {
    /// The path of field `key`.
    pub fn field(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// Rejects keys not in `allowed` (catches typos such as `strke`).
    pub fn only(&self, allowed: &[&str]) -> Result<()> {
        for key in self.map.keys() {
            if !allowed.contains(&key.as_str()) {
                return Err(CliError::input(
                    self.field(key),
                    format!("unknown field (expected one of: {})", allowed.join(", ")),
                ));
            }
        }
        Ok(())
    }

    /// Returns the raw value of `key`, if present and not null.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn required(&self, key: &str) -> Result<&'a Value> {
        self.get(key)
            .ok_or_else(|| CliError::input(self.field(key), "missing"))
    }

    /// Reads a decimal (string or number) as a signed WAD.
    pub fn wad(&self, key: &str) -> Result<i128> {
        decimal(self.required(key)?, &self.field(key))
    }

    /// Reads an optional decimal.
    pub fn opt_wad(&self, key: &str) -> Result<Option<i128>> {
        self.get(key)
            .map(|v| decimal(v, &self.field(key)))
            .transpose()
    }

    /// Reads a non-negative integer.
    pub fn u64(&self, key: &str) -> Result<u64> {
        integer(self.required(key)?, &self.field(key))
    }

    /// Reads an optional non-negative integer.
    pub fn opt_u64(&self, key: &str) -> Result<Option<u64>> {
        self.get(key)
            .map(|v| integer(v, &self.field(key)))
            .transpose()
    }

    /// Reads a string.
    pub fn str(&self, key: &str) -> Result<&'a str> {
        match self.required(key)? {
            Value::String(s) => Ok(s),
            other => Err(CliError::input(
                self.field(key),
                format!("expected a string, got {}", kind(other)),
            )),
        }
    }

    /// Reads an optional string.
    pub fn opt_str(&self, key: &str) -> Result<Option<&'a str>> {
        self.get(key).map(|_| self.str(key)).transpose()
    }

    /// Reads an array (absent = empty) and returns its elements with their paths.
    pub fn array(&self, key: &str) -> Result<Vec<(String, &'a Value)>> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => Ok(items
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("{}[{i}]", self.field(key)), v))
                .collect()),
            Some(other) => Err(CliError::input(
                self.field(key),
                format!("expected an array, got {}", kind(other)),
            )),
        }
    }
}

/// Parses a JSON string or number as a signed WAD.
pub fn decimal(value: &Value, path: &str) -> Result<i128> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => {
            return Err(CliError::input(
                path,
                format!("expected a decimal number, got {}", kind(other)),
            ))
        }
    };
    parse_wad(&text).map_err(|m| CliError::input(path, m))
}

fn integer(value: &Value, path: &str) -> Result<u64> {
    match value {
        Value::Number(n) => n.as_u64().ok_or_else(|| {
            CliError::input(path, format!("expected a non-negative integer, got {n}"))
        }),
        Value::String(s) => s.trim().parse().map_err(|_| {
            CliError::input(path, format!("expected a non-negative integer, got {s:?}"))
        }),
        other => Err(CliError::input(
            path,
            format!("expected an integer, got {}", kind(other)),
        )),
    }
}
