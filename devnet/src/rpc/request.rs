//! The typed request enum: one variant per supported JSON-RPC method.
//!
//! [`EthRequest`] is adjacently tagged (`method` names the variant, `params` holds its arguments),
//! so deserializing `{"method": ..., "params": [...]}` both selects the method and checks its
//! parameters. Positional parameters map to tuple variants; trailing optional parameters carry
//! `#[serde(default)]` so clients may omit them. Single-parameter methods unwrap their one-element
//! array with [`single`], and parameterless methods accept `[]`, `null` or nothing
//! ([`empty_params`]).

use alloy_eips::{BlockId, BlockNumberOrTag};
use alloy_primitives::{Address, Bytes, B256, U256};
use alloy_rpc_types_eth::{state::StateOverride, Filter, TransactionRequest};
use serde::{Deserialize, Deserializer};

use super::error::RpcError;

/// Every JSON-RPC method the devnet serves.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "method", content = "params")]
pub enum EthRequest {
    /// `web3_clientVersion`: name and version of this node.
    #[serde(rename = "web3_clientVersion", with = "empty_params")]
    ClientVersion(()),
    /// `eth_chainId`.
    #[serde(rename = "eth_chainId", with = "empty_params")]
    ChainId(()),
    /// `net_version`: the chain id as a decimal string.
    #[serde(rename = "net_version", with = "empty_params")]
    NetVersion(()),
    /// `eth_blockNumber`.
    #[serde(rename = "eth_blockNumber", with = "empty_params")]
    BlockNumber(()),
    /// `eth_getBlockByNumber(block, full)`.
    #[serde(rename = "eth_getBlockByNumber")]
    BlockByNumber(BlockNumberOrTag, #[serde(default)] bool),
    /// `eth_getBlockByHash(hash, full)`.
    #[serde(rename = "eth_getBlockByHash")]
    BlockByHash(B256, #[serde(default)] bool),
    /// `eth_getBalance(address, block)`.
    #[serde(rename = "eth_getBalance")]
    Balance(Address, #[serde(default)] Option<BlockId>),
    /// `eth_getTransactionCount(address, block)`.
    #[serde(rename = "eth_getTransactionCount")]
    TransactionCount(Address, #[serde(default)] Option<BlockId>),
    /// `eth_getCode(address, block)`.
    #[serde(rename = "eth_getCode")]
    Code(Address, #[serde(default)] Option<BlockId>),
    /// `eth_getStorageAt(address, slot, block)`.
    #[serde(rename = "eth_getStorageAt")]
    StorageAt(Address, U256, #[serde(default)] Option<BlockId>),
    /// `eth_call(tx, block, stateOverride)`.
    #[serde(rename = "eth_call")]
    Call(
        Box<TransactionRequest>,
        #[serde(default)] Option<BlockId>,
        #[serde(default)] Option<StateOverride>,
    ),
    /// `eth_estimateGas(tx, block, stateOverride)`.
    #[serde(rename = "eth_estimateGas")]
    EstimateGas(
        Box<TransactionRequest>,
        #[serde(default)] Option<BlockId>,
        #[serde(default)] Option<StateOverride>,
    ),
    /// `eth_gasPrice`.
    #[serde(rename = "eth_gasPrice", with = "empty_params")]
    GasPrice(()),
    /// `eth_maxPriorityFeePerGas`.
    #[serde(rename = "eth_maxPriorityFeePerGas", with = "empty_params")]
    MaxPriorityFeePerGas(()),
    /// `eth_feeHistory(blockCount, newestBlock, rewardPercentiles)`.
    #[serde(rename = "eth_feeHistory")]
    FeeHistory(
        Quantity,
        BlockNumberOrTag,
        #[serde(default)] Option<Vec<f64>>,
    ),
    /// `eth_sendRawTransaction(bytes)`.
    #[serde(rename = "eth_sendRawTransaction", deserialize_with = "single")]
    SendRawTransaction(Bytes),
    /// `eth_sendTransaction(tx)`: signed by the dev account in `from`.
    #[serde(rename = "eth_sendTransaction", deserialize_with = "single")]
    SendTransaction(Box<TransactionRequest>),
    /// `eth_getTransactionReceipt(hash)`.
    #[serde(rename = "eth_getTransactionReceipt", deserialize_with = "single")]
    TransactionReceipt(B256),
    /// `eth_getTransactionByHash(hash)`.
    #[serde(rename = "eth_getTransactionByHash", deserialize_with = "single")]
    TransactionByHash(B256),
    /// `eth_getLogs(filter)`.
    #[serde(rename = "eth_getLogs", deserialize_with = "single")]
    Logs(Box<Filter>),
    /// `eth_accounts`.
    #[serde(rename = "eth_accounts", with = "empty_params")]
    Accounts(()),
    /// `eth_syncing`: always `false`, the devnet is its own head.
    #[serde(rename = "eth_syncing", with = "empty_params")]
    Syncing(()),
    /// `evm_snapshot`: returns an id for [`EthRequest::Revert`].
    #[serde(rename = "evm_snapshot", with = "empty_params")]
    Snapshot(()),
    /// `evm_revert(id)`: restores a snapshot; returns whether it existed.
    #[serde(rename = "evm_revert", deserialize_with = "single")]
    Revert(Quantity),
    /// `evm_increaseTime(seconds)`: returns the total offset in seconds.
    #[serde(rename = "evm_increaseTime", deserialize_with = "single")]
    IncreaseTime(Quantity),
    /// `evm_setNextBlockTimestamp(timestamp)`.
    #[serde(rename = "evm_setNextBlockTimestamp", deserialize_with = "single")]
    SetNextBlockTimestamp(Quantity),
    /// `evm_mine([timestamp])`: mines one empty block.
    #[serde(rename = "evm_mine", with = "optional_single")]
    Mine(Option<Quantity>),
    /// `anvil_setBalance(address, wei)` (alias `hardhat_setBalance`).
    #[serde(rename = "anvil_setBalance", alias = "hardhat_setBalance")]
    SetBalance(Address, U256),
    /// `anvil_setCode(address, code)` (alias `hardhat_setCode`).
    #[serde(rename = "anvil_setCode", alias = "hardhat_setCode")]
    SetCode(Address, Bytes),
}

impl EthRequest {
    /// Builds a request from a method name and its raw `params`, telling an unknown method
    /// (`-32601`) apart from bad parameters (`-32602`).
    pub fn parse(method: &str, params: serde_json::Value) -> Result<Self, RpcError> {
        let object = serde_json::json!({ "method": method, "params": params });
        serde_json::from_value(object).map_err(|err| {
            // serde names an unmatched tag "unknown variant"; anything else is about the params.
            if err.to_string().starts_with("unknown variant") {
                RpcError::method_not_found(method)
            } else {
                RpcError::invalid_params(err)
            }
        })
    }
}

/// A JSON-RPC number given either as a hex quantity (`"0x3c"`) or, as Hardhat-style helpers
/// (`evm_increaseTime 60`) send it, as a plain JSON number or decimal string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantity(pub u64);

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(u64),
            Text(String),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Number(value) => Ok(Self(value)),
            Raw::Text(text) => {
                let parsed = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
                    Some(hex) => u64::from_str_radix(hex, 16),
                    None => text.parse::<u64>(),
                };
                parsed.map(Self).map_err(|_| {
                    serde::de::Error::custom(format!("invalid quantity {text:?}: expected a u64"))
                })
            }
        }
    }
}

/// Accepts `[]`, `null` or a missing `params` for parameterless methods.
mod empty_params {
    use serde::{de::Error, Deserialize, Deserializer};

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<(), D::Error> {
        let params = Option::<Vec<serde_json::Value>>::deserialize(deserializer)?;
        match params {
            Some(values) if !values.is_empty() => Err(D::Error::custom(format!(
                "expected no parameters, got {}",
                values.len()
            ))),
            _ => Ok(()),
        }
    }
}

/// Unwraps a one-element parameter array.
fn single<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let (value,) = <(T,)>::deserialize(deserializer)?;
    Ok(value)
}

/// Accepts `[]`, `[x]`, `[null]`, `null` or a missing `params` for one optional parameter.
mod optional_single {
    use serde::{de::Error, Deserialize, Deserializer};

    pub(super) fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: serde::de::DeserializeOwned,
    {
        let params = Option::<Vec<serde_json::Value>>::deserialize(deserializer)?;
        match params.as_deref() {
            None | Some([]) | Some([serde_json::Value::Null]) => Ok(None),
            Some([value]) => T::deserialize(value.clone())
                .map(Some)
                .map_err(D::Error::custom),
            Some(values) => Err(D::Error::custom(format!(
                "expected at most one parameter, got {}",
                values.len()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rpc::error::{INVALID_PARAMS, METHOD_NOT_FOUND};
    use alloy_primitives::address;
    use serde_json::json;

    #[test]
    fn parse_accepts_empty_null_or_missing_params_when_parameterless() {
        assert_eq!(
            EthRequest::parse("eth_chainId", json!([])).unwrap(),
            EthRequest::ChainId(())
        );
        assert_eq!(
            EthRequest::parse("eth_chainId", json!(null)).unwrap(),
            EthRequest::ChainId(())
        );
        let err = EthRequest::parse("eth_chainId", json!([1])).unwrap_err();
        assert_eq!(err.code, INVALID_PARAMS);
    }

    #[test]
    fn parse_fails_with_method_not_found_when_unknown() {
        let err = EthRequest::parse("eth_mining_bitcoin", json!([])).unwrap_err();
        assert_eq!(err.code, METHOD_NOT_FOUND);
        assert!(err.message.contains("eth_mining_bitcoin"));
    }

    #[test]
    fn parse_defaults_block_when_omitted() {
        let who = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
        let req = EthRequest::parse("eth_getBalance", json!([who])).unwrap();
        assert_eq!(
            req,
            EthRequest::Balance(address!("f39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), None)
        );
        let req = EthRequest::parse("eth_getBalance", json!([who, "0x5"])).unwrap();
        assert_eq!(
            req,
            EthRequest::Balance(
                address!("f39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
                Some(BlockId::number(5))
            )
        );
    }

    #[test]
    fn parse_fails_with_invalid_params_when_types_wrong() {
        let err = EthRequest::parse("eth_getBalance", json!(["0x1234"])).unwrap_err();
        assert_eq!(err.code, INVALID_PARAMS);
        let err = EthRequest::parse("eth_getBalance", json!([])).unwrap_err();
        assert_eq!(err.code, INVALID_PARAMS);
        let err = EthRequest::parse("eth_sendRawTransaction", json!("0x00")).unwrap_err();
        assert_eq!(err.code, INVALID_PARAMS);
    }

    #[test]
    fn parse_reads_state_override_when_third_param() {
        let params = json!([
            {"to": "0x0000000000000000000000000000000000000071", "data": "0x58c780c2", "value": "0xde0b6b3a7640000"},
            "latest",
            {"0x00000000000000000000000000000000000000aa": {"code": "0xeff00000", "balance": "0xff"}}
        ]);
        let EthRequest::Call(tx, block, Some(overrides)) =
            EthRequest::parse("eth_call", params).unwrap()
        else {
            panic!("expected a call with overrides");
        };
        assert_eq!(block, Some(BlockId::latest()));
        assert_eq!(
            tx.input.input().unwrap().as_ref(),
            &[0x58, 0xc7, 0x80, 0xc2]
        );
        let account = &overrides[&address!("00000000000000000000000000000000000000aa")];
        assert_eq!(account.code.as_ref().unwrap().as_ref(), &[0xef, 0xf0, 0, 0]);
        assert_eq!(account.balance, Some(U256::from(255u64)));
    }

    #[test]
    fn parse_accepts_numbers_and_hex_when_quantity() {
        assert_eq!(
            EthRequest::parse("evm_increaseTime", json!([60])).unwrap(),
            EthRequest::IncreaseTime(Quantity(60))
        );
        assert_eq!(
            EthRequest::parse("evm_increaseTime", json!(["0x3c"])).unwrap(),
            EthRequest::IncreaseTime(Quantity(60))
        );
        assert!(EthRequest::parse("evm_increaseTime", json!(["sixty"])).is_err());
        assert_eq!(
            EthRequest::parse("evm_mine", json!([])).unwrap(),
            EthRequest::Mine(None)
        );
        assert_eq!(
            EthRequest::parse("evm_mine", json!(["0x10"])).unwrap(),
            EthRequest::Mine(Some(Quantity(16)))
        );
    }

    #[test]
    fn parse_accepts_hardhat_alias_when_set_balance() {
        let params = json!(["0x00000000000000000000000000000000000000aa", "0x10"]);
        let anvil = EthRequest::parse("anvil_setBalance", params.clone()).unwrap();
        let hardhat = EthRequest::parse("hardhat_setBalance", params).unwrap();
        assert_eq!(anvil, hardhat);
    }

    #[test]
    fn parse_reads_filter_when_get_logs() {
        let params = json!([{
            "fromBlock": "0x1", "toBlock": "latest",
            "address": "0x00000000000000000000000000000000000000aa",
            "topics": [null, ["0x0000000000000000000000000000000000000000000000000000000000000001"]]
        }]);
        let EthRequest::Logs(filter) = EthRequest::parse("eth_getLogs", params).unwrap() else {
            panic!("expected eth_getLogs");
        };
        assert_eq!(filter.get_from_block(), Some(1));
        assert!(filter.topics[0].is_empty());
        assert_eq!(filter.topics[1].len(), 1);
    }
}
