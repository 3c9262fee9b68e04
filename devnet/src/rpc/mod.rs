//! Ethereum JSON-RPC over the chain facade: typed requests, dispatch and error mapping.
//!
//! Layers, outermost first:
//! - [`handle_body`] applies JSON-RPC 2.0 framing to a raw HTTP body: single requests, batches,
//!   notifications, and the `-32700`/`-32600` errors for malformed input;
//! - [`EthRequest::parse`] turns `method` + `params` into a typed request (`-32601`/`-32602`);
//! - [`Node`] serves typed requests on the thread that owns the [`crate::Chain`].
//!
//! The HTTP transport lives in [`crate::server`].

/// Conversions between alloy RPC types and the facade's types.
mod convert;
/// JSON-RPC error objects and codes.
pub mod error;
/// JSON-RPC 2.0 framing: batches, notifications and ids.
mod framing;
/// The execution thread and per-method handlers.
pub mod node;
/// The typed request enum.
pub mod request;

pub use error::RpcError;
pub use framing::{handle_body, MAX_BATCH_LEN};
pub use node::{Node, NodeConfig, NodeError};
pub use request::{EthRequest, Quantity};
