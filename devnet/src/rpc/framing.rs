//! JSON-RPC 2.0 framing: request objects, batches, notifications and response envelopes.
//!
//! A body is either one request object or a non-empty array of them (a batch, answered in order
//! with one response per request that has an `id`). A request without `id` is a notification and
//! gets no response. Malformed JSON is `-32700`; a value that is not a request object (wrong
//! `jsonrpc`, missing `method`, bad `id`, an empty batch) is `-32600`, answered with `id: null`
//! when the id cannot be read.

use serde_json::{json, Map, Value};

use super::{error::RpcError, node::Node, request::EthRequest};

/// Most requests one batch may carry, so a single body cannot occupy the node indefinitely.
pub const MAX_BATCH_LEN: usize = 1_000;

/// Answers one HTTP body. `None` means nothing is to be sent (only notifications were received).
pub async fn handle_body(node: &Node, body: &[u8]) -> Option<Value> {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(err) => return Some(error_response(Value::Null, RpcError::parse(err))),
    };
    match value {
        Value::Array(batch) if batch.is_empty() => Some(error_response(
            Value::Null,
            RpcError::invalid_request("empty batch"),
        )),
        Value::Array(batch) if batch.len() > MAX_BATCH_LEN => Some(error_response(
            Value::Null,
            RpcError::invalid_request(format!("batch of {} exceeds {MAX_BATCH_LEN}", batch.len())),
        )),
        Value::Array(batch) => {
            let mut responses = Vec::with_capacity(batch.len());
            for item in batch {
                if let Some(response) = handle_value(node, item).await {
                    responses.push(response);
                }
            }
            (!responses.is_empty()).then_some(Value::Array(responses))
        }
        single => handle_value(node, single).await,
    }
}

/// Answers one request object; `None` for a notification.
///
/// Parameters are checked before the node sees the request, so a malformed call never reaches
/// the chain; a notification is still executed (its effects, e.g. `evm_mine`, are wanted).
async fn handle_value(node: &Node, value: Value) -> Option<Value> {
    let Value::Object(object) = value else {
        return Some(error_response(
            Value::Null,
            RpcError::invalid_request("not an object"),
        ));
    };
    let (id, request) = match split(object) {
        Ok(parts) => parts,
        Err((id, err)) => return Some(error_response(id, err)),
    };
    let result = match request {
        Ok((method, params)) => match EthRequest::parse(&method, params) {
            Ok(request) => node.request(request).await,
            Err(err) => Err(err),
        },
        Err(err) => Err(err),
    };
    let id = id?;
    Some(match result {
        Ok(result) => json!({ "jsonrpc": "2.0", "id": id, "result": result }),
        Err(err) => error_response(id, err),
    })
}

/// A validated envelope: the id (`None` for a notification) and the method with its params, or
/// the params error to answer with.
type Split = (Option<Value>, Result<(String, Value), RpcError>);

/// Validates the envelope; the outer error is for requests so broken they are answered at once.
fn split(mut object: Map<String, Value>) -> Result<Split, (Value, RpcError)> {
    let id = match object.remove("id") {
        None => None,
        Some(id @ (Value::Null | Value::Number(_) | Value::String(_))) => Some(id),
        Some(_) => {
            return Err((
                Value::Null,
                RpcError::invalid_request("id must be a number, string or null"),
            ))
        }
    };
    let reply_id = id.clone().unwrap_or(Value::Null);
    if object.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err((
            reply_id,
            RpcError::invalid_request("\"jsonrpc\" must be \"2.0\""),
        ));
    }
    let method = match object.remove("method") {
        Some(Value::String(method)) => method,
        _ => {
            return Err((
                reply_id,
                RpcError::invalid_request("\"method\" must be a string"),
            ))
        }
    };
    let params = match object.remove("params") {
        None | Some(Value::Null) => Value::Array(Vec::new()),
        Some(params @ Value::Array(_)) => params,
        Some(Value::Object(_)) => {
            // By-name parameters are valid JSON-RPC, but no Ethereum method defines names.
            return Ok((
                id,
                Err(RpcError::invalid_params(
                    "parameters must be positional (an array)",
                )),
            ));
        }
        Some(_) => {
            return Err((
                reply_id,
                RpcError::invalid_request("\"params\" must be an array"),
            ))
        }
    };
    Ok((id, Ok((method, params))))
}

/// A response object carrying `error` for request `id` (`null` when it could not be read).
fn error_response(id: Value, error: RpcError) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": error })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rpc::{error, NodeConfig};

    fn node() -> Node {
        Node::start(NodeConfig {
            account_count: 2,
            ..Default::default()
        })
        .unwrap()
    }

    async fn answer(node: &Node, body: &str) -> Value {
        handle_body(node, body.as_bytes())
            .await
            .expect("should answer")
    }

    #[tokio::test]
    async fn handle_body_returns_parse_error_when_json_broken() {
        let response = answer(&node(), "{\"jsonrpc\": \"2.0\", ").await;
        assert_eq!(response["error"]["code"], error::PARSE_ERROR);
        assert_eq!(response["id"], Value::Null);
    }

    #[tokio::test]
    async fn handle_body_returns_invalid_request_when_envelope_wrong() {
        let node = node();
        for body in [
            "[]",
            "42",
            r#"{"jsonrpc":"1.0","id":1,"method":"eth_chainId"}"#,
            r#"{"jsonrpc":"2.0","id":1,"method":7}"#,
            r#"{"jsonrpc":"2.0","id":[1],"method":"eth_chainId"}"#,
            r#"{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":"x"}"#,
        ] {
            let response = answer(&node, body).await;
            assert_eq!(response["error"]["code"], error::INVALID_REQUEST, "{body}");
        }
    }

    #[tokio::test]
    async fn handle_body_answers_chain_id_and_keeps_id() {
        let response = answer(
            &node(),
            r#"{"jsonrpc":"2.0","id":"abc","method":"eth_chainId"}"#,
        )
        .await;
        assert_eq!(
            response,
            json!({"jsonrpc": "2.0", "id": "abc", "result": "0x64aba"})
        );
    }

    #[tokio::test]
    async fn handle_body_answers_batch_in_order_and_skips_notifications() {
        let body = r#"[
            {"jsonrpc":"2.0","id":1,"method":"net_version","params":[]},
            {"jsonrpc":"2.0","method":"evm_mine","params":[]},
            {"jsonrpc":"2.0","id":2,"method":"eth_nope","params":[]},
            5,
            {"jsonrpc":"2.0","id":3,"method":"eth_blockNumber","params":[]}
        ]"#;
        let response = answer(&node(), body).await;
        let items = response.as_array().unwrap();
        assert_eq!(items.len(), 4);
        assert_eq!(items[0]["result"], "412346");
        assert_eq!(items[1]["error"]["code"], error::METHOD_NOT_FOUND);
        assert_eq!(items[2]["error"]["code"], error::INVALID_REQUEST);
        // The notification mined a block before eth_blockNumber ran.
        assert_eq!(items[3]["result"], "0x1");
    }

    #[tokio::test]
    async fn handle_body_returns_nothing_when_only_notifications() {
        let node = node();
        let body = r#"[{"jsonrpc":"2.0","method":"evm_mine"}]"#;
        assert!(handle_body(&node, body.as_bytes()).await.is_none());
    }

    #[tokio::test]
    async fn handle_body_returns_invalid_params_when_named_params() {
        let body = r#"{"jsonrpc":"2.0","id":1,"method":"eth_getBalance","params":{"a":1}}"#;
        let response = answer(&node(), body).await;
        assert_eq!(response["error"]["code"], error::INVALID_PARAMS);
    }
}
