//! JSON-RPC error objects and the mapping from devnet failures to error codes.
//!
//! Codes follow JSON-RPC 2.0 (`-32700` parse, `-32600` invalid request, `-32601` method not found,
//! `-32602` invalid params, `-32603` internal) and the Ethereum conventions clients rely on:
//! `3` with the revert data in `data` for a reverted `eth_call`/`eth_estimateGas` (what alloy,
//! cast and cargo-stylus decode custom errors from), and `-32000` for rejected transactions with
//! geth's wording (`nonce too low`, `insufficient funds ...`) so clients' retry logic recognises them.

use alloy_primitives::Bytes;
use serde::Serialize;
use serde_json::Value;

use crate::{error::ChainError, tx::TxError};

/// Invalid JSON was received.
pub const PARSE_ERROR: i64 = -32700;
/// The JSON is not a valid request object.
pub const INVALID_REQUEST: i64 = -32600;
/// The method does not exist.
pub const METHOD_NOT_FOUND: i64 = -32601;
/// Invalid method parameters.
pub const INVALID_PARAMS: i64 = -32602;
/// Internal JSON-RPC error.
pub const INTERNAL_ERROR: i64 = -32603;
/// Generic server-side failure (geth: rejected transaction, missing state).
pub const SERVER_ERROR: i64 = -32000;
/// Execution reverted; `data` carries the revert bytes.
pub const EXECUTION_REVERTED: i64 = 3;

/// A JSON-RPC 2.0 error object.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
#[error("json-rpc error {code}: {message}")]
pub struct RpcError {
    /// Numeric error code.
    pub code: i64,
    /// Human-readable message.
    pub message: String,
    /// Extra data: the revert bytes for code 3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}

impl RpcError {
    /// An error with no data.
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            data: None,
        }
    }

    /// `-32700`: the body is not JSON.
    pub fn parse(detail: impl std::fmt::Display) -> Self {
        Self::new(PARSE_ERROR, format!("parse error: {detail}"))
    }

    /// `-32600`: the JSON is not a request object.
    pub fn invalid_request(detail: impl std::fmt::Display) -> Self {
        Self::new(INVALID_REQUEST, format!("invalid request: {detail}"))
    }

    /// `-32601`: unknown method.
    pub fn method_not_found(method: &str) -> Self {
        Self::new(METHOD_NOT_FOUND, format!("method not found: {method}"))
    }

    /// `-32602`: parameters of a known method did not deserialize or are out of range.
    pub fn invalid_params(detail: impl std::fmt::Display) -> Self {
        Self::new(INVALID_PARAMS, format!("invalid params: {detail}"))
    }

    /// `-32603`: the devnet failed internally (a bug or a dead execution thread).
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        Self::new(INTERNAL_ERROR, format!("internal error: {detail}"))
    }

    /// `-32000` with a free-form message (geth's catch-all for state and tx-pool failures).
    pub fn server(message: impl Into<String>) -> Self {
        Self::new(SERVER_ERROR, message)
    }

    /// `3`: execution reverted, with the revert data and, when it is `Error(string)`, its reason.
    pub fn reverted(output: &Bytes) -> Self {
        let message = match decode_revert_reason(output) {
            Some(reason) => format!("execution reverted: {reason}"),
            None => "execution reverted".to_owned(),
        };
        Self {
            code: EXECUTION_REVERTED,
            message,
            data: Some(Value::String(output.to_string())),
        }
    }
}

impl From<TxError> for RpcError {
    fn from(err: TxError) -> Self {
        match err {
            TxError::Decode(_) => Self::invalid_params(err),
            _ => Self::server(err.to_string()),
        }
    }
}

impl From<ChainError> for RpcError {
    fn from(err: ChainError) -> Self {
        match err {
            ChainError::EstimationFailed { output, reason, .. }
                if reason == "execution reverted" || !output.is_empty() =>
            {
                Self::reverted(&output)
            }
            ChainError::TimestampNotIncreasing { .. } | ChainError::ConflictingOverride(_) => {
                Self::invalid_params(err)
            }
            ChainError::Evm(_) | ChainError::MissingCode(_) => Self::internal(err),
            other => Self::server(other.to_string()),
        }
    }
}

/// Decodes the reason of a Solidity `Error(string)` or the code of `Panic(uint256)` revert.
pub fn decode_revert_reason(output: &[u8]) -> Option<String> {
    use alloy_sol_types::{Panic, Revert, SolError};
    if let Ok(revert) = Revert::abi_decode(output) {
        return Some(revert.reason);
    }
    Panic::abi_decode(output)
        .ok()
        .map(|panic| format!("panic code {:#x}", panic.code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_sol_types::{Revert, SolError};

    #[test]
    fn reverted_carries_data_and_reason_when_error_string() {
        let output: Bytes = Revert::from("too poor").abi_encode().into();
        let err = RpcError::reverted(&output);
        assert_eq!(err.code, 3);
        assert_eq!(err.message, "execution reverted: too poor");
        assert_eq!(err.data, Some(Value::String(output.to_string())));
    }

    #[test]
    fn reverted_has_plain_message_when_custom_error() {
        let output = Bytes::from_static(&[0x6f, 0x80, 0x9c, 0x4e]);
        let err = RpcError::reverted(&output);
        assert_eq!(err.message, "execution reverted");
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["data"], "0x6f809c4e");
    }

    #[test]
    fn serialize_omits_data_when_absent() {
        let json = serde_json::to_value(RpcError::method_not_found("eth_foo")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": -32601, "message": "method not found: eth_foo"})
        );
    }

    #[test]
    fn chain_error_maps_to_revert_when_estimation_reverted() {
        let output = Bytes::from_static(&[1, 2, 3, 4]);
        let err: RpcError = ChainError::EstimationFailed {
            cap: 1,
            output: output.clone(),
            reason: "execution reverted".into(),
        }
        .into();
        assert_eq!(err.code, EXECUTION_REVERTED);
        assert_eq!(err.data, Some(Value::String("0x01020304".into())));
        let err: RpcError = ChainError::EstimationFailed {
            cap: 1,
            output: Bytes::new(),
            reason: "OutOfGas".into(),
        }
        .into();
        assert_eq!(err.code, SERVER_ERROR);
        let err: RpcError = ChainError::HistoricalState {
            requested: 1,
            latest: 2,
        }
        .into();
        assert_eq!(err.code, SERVER_ERROR);
        assert!(err.message.contains("only the latest block"));
    }

    #[test]
    fn tx_error_maps_to_server_error_when_rejected() {
        let err: RpcError = TxError::Unprotected.into();
        assert_eq!(err.code, SERVER_ERROR);
        assert!(err.message.starts_with("only replay-protected"));
        let err: RpcError = TxError::Decode("bad rlp".into()).into();
        assert_eq!(err.code, INVALID_PARAMS);
    }
}
