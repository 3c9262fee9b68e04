//! Conversions between alloy's JSON-RPC types and the chain facade's plain types.
//!
//! Inbound: block selectors, call requests, state overrides and signed envelopes become
//! [`TxRequest`]/[`BlockId`]/[`StateOverride`]. Outbound: the facade's [`Block`], [`TxOutcome`] and
//! [`LogRecord`] become alloy's RPC `Block`, `Transaction`, `TransactionReceipt` and `Log`, so the
//! wire format is exactly what alloy clients (and therefore cast and cargo-stylus) parse.
//!
//! Header fields the devnet does not model are reported as fixed values: `stateRoot` is zero (no
//! state trie is kept), difficulty and nonce are zero, and `mixHash` is the block's `prevrandao`.
//! Transactions, receipt and bloom fields are computed from the mined data.

use alloy_consensus::transaction::Recovered;
use alloy_consensus::{
    proofs::{calculate_receipt_root, calculate_transaction_root},
    Eip658Value, Receipt, ReceiptEnvelope, ReceiptWithBloom, Signed, TxEip1559, TxEip2930,
    TxEnvelope, TxLegacy, EMPTY_OMMER_ROOT_HASH,
};
use alloy_eips::BlockNumberOrTag;
use alloy_primitives::{
    keccak256, Bloom, Log as PrimitiveLog, LogData, Signature, TxKind, B256, U256,
};
use alloy_rpc_types_eth::{
    state::StateOverride as RpcStateOverride, Block as RpcBlock, BlockTransactions,
    Header as RpcHeader, Log as RpcLog, Transaction as RpcTransaction, TransactionReceipt,
    TransactionRequest,
};

use super::error::RpcError;
use crate::{
    tx::SignedTx,
    types::{AccountOverride, Block, BlockId, LogRecord, StateOverride, TxOutcome, TxRequest},
};

/// Maps an EIP-1898 block selector (absent means `latest`) to the facade's [`BlockId`].
pub(crate) fn block_id(id: Option<alloy_eips::BlockId>) -> BlockId {
    match id {
        None => BlockId::Latest,
        Some(alloy_eips::BlockId::Hash(hash)) => BlockId::Hash(hash.block_hash),
        Some(alloy_eips::BlockId::Number(tag)) => block_tag(tag),
    }
}

/// Maps a block tag; `safe` and `finalized` are the latest block, since every block is final here.
pub(crate) fn block_tag(tag: BlockNumberOrTag) -> BlockId {
    match tag {
        BlockNumberOrTag::Latest | BlockNumberOrTag::Safe | BlockNumberOrTag::Finalized => {
            BlockId::Latest
        }
        BlockNumberOrTag::Pending => BlockId::Pending,
        BlockNumberOrTag::Earliest => BlockId::Earliest,
        BlockNumberOrTag::Number(number) => BlockId::Number(number),
    }
}

/// Turns an `eth_call`/`eth_estimateGas`/`eth_sendTransaction` object into a facade request.
///
/// Blob and set-code fields are refused: the devnet executes neither transaction type.
pub(crate) fn call_request(request: &TransactionRequest) -> Result<TxRequest, RpcError> {
    if request
        .blob_versioned_hashes
        .as_ref()
        .is_some_and(|hashes| !hashes.is_empty())
        || request.sidecar.is_some()
    {
        return Err(RpcError::invalid_params(
            "blob transactions are not supported",
        ));
    }
    if request
        .authorization_list
        .as_ref()
        .is_some_and(|list| !list.is_empty())
    {
        return Err(RpcError::invalid_params(
            "eip-7702 authorization lists are not supported",
        ));
    }
    let input = request.input.input().cloned().unwrap_or_default();
    if let (Some(input), Some(data)) = (&request.input.input, &request.input.data) {
        if input != data {
            return Err(RpcError::invalid_params(
                "both \"data\" and \"input\" are set and not equal; use \"input\"",
            ));
        }
    }
    let tx_type = match request.transaction_type {
        Some(kind @ 0..=2) => kind,
        Some(other) => {
            return Err(RpcError::invalid_params(format!(
                "transaction type {other} not supported"
            )))
        }
        None if request.max_fee_per_gas.is_some() || request.max_priority_fee_per_gas.is_some() => {
            2
        }
        None if request.access_list.is_some() => 1,
        None => 0,
    };
    Ok(TxRequest {
        from: request.from.unwrap_or_default(),
        to: match request.to {
            Some(TxKind::Call(to)) => Some(to),
            Some(TxKind::Create) | None => None,
        },
        value: request.value.unwrap_or_default(),
        input,
        gas: request.gas,
        gas_price: request.gas_price,
        max_fee_per_gas: request.max_fee_per_gas,
        max_priority_fee_per_gas: request.max_priority_fee_per_gas,
        nonce: request.nonce,
        access_list: request.access_list.clone().unwrap_or_default(),
        tx_type,
        chain_id: request.chain_id,
        hash: None,
    })
}

/// Turns a decoded signed transaction into the request the facade executes, keyed by its hash.
pub(crate) fn signed_request(tx: &SignedTx) -> TxRequest {
    use alloy_consensus::Transaction as _;
    let envelope = &tx.envelope;
    let is_dynamic = envelope.is_dynamic_fee();
    TxRequest {
        from: tx.sender,
        to: tx.to(),
        value: envelope.value(),
        input: envelope.input().clone(),
        gas: Some(envelope.gas_limit()),
        gas_price: envelope.gas_price(),
        max_fee_per_gas: is_dynamic.then(|| envelope.max_fee_per_gas()),
        max_priority_fee_per_gas: envelope.max_priority_fee_per_gas(),
        nonce: Some(envelope.nonce()),
        access_list: envelope.access_list().cloned().unwrap_or_default(),
        tx_type: envelope.tx_type() as u8,
        chain_id: envelope.chain_id(),
        hash: Some(tx.hash()),
    }
}

/// Converts alloy state overrides (the third `eth_call` parameter) into the facade's form.
pub(crate) fn state_override(overrides: &RpcStateOverride) -> Result<StateOverride, RpcError> {
    overrides
        .iter()
        .map(|(address, account)| {
            if account.move_precompile_to.is_some() {
                return Err(RpcError::invalid_params(
                    "movePrecompileToAddress is not supported",
                ));
            }
            let slots = |map: &Option<_>| {
                map.as_ref()
                    .map(|slots: &alloy_primitives::map::B256HashMap<B256>| {
                        slots.iter().map(|(k, v)| (*k, *v)).collect()
                    })
            };
            Ok((
                *address,
                AccountOverride {
                    balance: account.balance,
                    nonce: account.nonce,
                    code: account.code.clone(),
                    state: slots(&account.state),
                    state_diff: slots(&account.state_diff),
                },
            ))
        })
        .collect()
}

/// The signed envelope of a mined transaction.
///
/// Every transaction submitted over JSON-RPC has one. A transaction executed directly through the
/// facade (for example by an in-process test via `Node::with_chain`) was never signed, so it is
/// reported with an all-zero signature under the hash the chain gave it, as Anvil does for
/// impersonated senders.
pub(crate) fn envelope_of(outcome: &TxOutcome, known: Option<&TxEnvelope>) -> TxEnvelope {
    if let Some(envelope) = known {
        return envelope.clone();
    }
    let request = &outcome.request;
    let kind = request.to.map_or(TxKind::Create, TxKind::Call);
    let nonce = request.nonce.unwrap_or_default();
    let gas_limit = request.gas.unwrap_or_default();
    let unsigned = Signature::new(U256::ZERO, U256::ZERO, false);
    let hash = outcome.tx_hash;
    match (request.max_fee_per_gas, request.tx_type) {
        (Some(max_fee_per_gas), _) => TxEnvelope::Eip1559(Signed::new_unchecked(
            TxEip1559 {
                chain_id: request.chain_id.unwrap_or_default(),
                nonce,
                gas_limit,
                max_fee_per_gas,
                max_priority_fee_per_gas: request.max_priority_fee_per_gas.unwrap_or_default(),
                to: kind,
                value: request.value,
                access_list: request.access_list.clone(),
                input: request.input.clone(),
            },
            unsigned,
            hash,
        )),
        (None, 1) => TxEnvelope::Eip2930(Signed::new_unchecked(
            TxEip2930 {
                chain_id: request.chain_id.unwrap_or_default(),
                nonce,
                gas_price: outcome.effective_gas_price,
                gas_limit,
                to: kind,
                value: request.value,
                access_list: request.access_list.clone(),
                input: request.input.clone(),
            },
            unsigned,
            hash,
        )),
        (None, _) => TxEnvelope::Legacy(Signed::new_unchecked(
            TxLegacy {
                chain_id: request.chain_id,
                nonce,
                gas_price: outcome.effective_gas_price,
                gas_limit,
                to: kind,
                value: request.value,
                input: request.input.clone(),
            },
            unsigned,
            hash,
        )),
    }
}

/// An RPC log with its block context.
pub(crate) fn rpc_log(log: &LogRecord, block_timestamp: u64) -> RpcLog {
    RpcLog {
        inner: PrimitiveLog {
            address: log.address,
            data: LogData::new_unchecked(log.topics.clone(), log.data.clone()),
        },
        block_hash: Some(log.block_hash),
        block_number: Some(log.block_number),
        block_timestamp: Some(block_timestamp),
        transaction_hash: Some(log.tx_hash),
        transaction_index: Some(log.tx_index),
        log_index: Some(log.log_index),
        removed: false,
    }
}

/// An RPC transaction object for a mined transaction.
pub(crate) fn rpc_transaction(
    outcome: &TxOutcome,
    envelope: TxEnvelope,
    block_timestamp: u64,
) -> RpcTransaction {
    RpcTransaction {
        inner: Recovered::new_unchecked(envelope, outcome.request.from),
        block_hash: Some(outcome.block_hash),
        block_number: Some(outcome.block_number),
        transaction_index: Some(outcome.tx_index),
        effective_gas_price: Some(outcome.effective_gas_price),
        block_timestamp: Some(block_timestamp),
    }
}

/// The consensus receipt (status, cumulative gas, logs, bloom) shared by all receipt types.
fn consensus_receipt(
    outcome: &TxOutcome,
    block_timestamp: u64,
) -> ReceiptWithBloom<Receipt<RpcLog>> {
    let logs: Vec<RpcLog> = outcome
        .logs
        .iter()
        .map(|log| rpc_log(log, block_timestamp))
        .collect();
    let logs_bloom = logs_bloom(&outcome.logs);
    ReceiptWithBloom {
        receipt: Receipt {
            status: Eip658Value::Eip658(outcome.status.is_success()),
            cumulative_gas_used: outcome.cumulative_gas_used,
            logs,
        },
        logs_bloom,
    }
}

/// The receipt of a mined transaction, typed like its envelope.
pub(crate) fn rpc_receipt(
    outcome: &TxOutcome,
    envelope: &TxEnvelope,
    block_timestamp: u64,
) -> TransactionReceipt {
    let receipt = consensus_receipt(outcome, block_timestamp);
    let inner = match envelope {
        TxEnvelope::Eip2930(_) => ReceiptEnvelope::Eip2930(receipt),
        TxEnvelope::Eip1559(_) => ReceiptEnvelope::Eip1559(receipt),
        _ => ReceiptEnvelope::Legacy(receipt),
    };
    TransactionReceipt {
        inner,
        transaction_hash: outcome.tx_hash,
        transaction_index: Some(outcome.tx_index),
        block_hash: Some(outcome.block_hash),
        block_number: Some(outcome.block_number),
        gas_used: outcome.gas_used,
        effective_gas_price: outcome.effective_gas_price,
        blob_gas_used: None,
        blob_gas_price: None,
        from: outcome.request.from,
        to: outcome.request.to,
        contract_address: outcome.contract_address,
    }
}

/// Bloom filter over the logs' addresses and topics.
pub(crate) fn logs_bloom<'a>(logs: impl IntoIterator<Item = &'a LogRecord>) -> Bloom {
    let mut bloom = Bloom::ZERO;
    for log in logs {
        bloom.accrue_raw_log(log.address, &log.topics);
    }
    bloom
}

/// An RPC block, with transaction hashes or full transaction objects.
///
/// `envelope` looks up the signed envelope of each transaction by hash.
pub(crate) fn rpc_block(
    block: &Block,
    full: bool,
    envelope: impl Fn(&B256) -> Option<TxEnvelope>,
) -> RpcBlock {
    let envelopes: Vec<TxEnvelope> = block
        .transactions
        .iter()
        .map(|tx| envelope_of(tx, envelope(&tx.tx_hash).as_ref()))
        .collect();
    let receipts: Vec<ReceiptEnvelope<PrimitiveLog>> = block
        .transactions
        .iter()
        .zip(&envelopes)
        .map(|(outcome, envelope)| {
            rpc_receipt(outcome, envelope, block.timestamp)
                .inner
                .map_logs(|log| log.inner)
        })
        .collect();
    let header = alloy_consensus::Header {
        parent_hash: block.parent_hash,
        ommers_hash: EMPTY_OMMER_ROOT_HASH,
        beneficiary: block.coinbase,
        state_root: B256::ZERO,
        transactions_root: calculate_transaction_root(&envelopes),
        receipts_root: calculate_receipt_root(&receipts),
        logs_bloom: logs_bloom(block.transactions.iter().flat_map(|tx| &tx.logs)),
        number: block.number,
        gas_limit: block.gas_limit,
        gas_used: block.gas_used,
        timestamp: block.timestamp,
        mix_hash: keccak256(block.number.to_be_bytes()),
        base_fee_per_gas: Some(block.base_fee_wei),
        ..Default::default()
    };
    let transactions = if full {
        BlockTransactions::Full(
            block
                .transactions
                .iter()
                .zip(envelopes)
                .map(|(outcome, envelope)| rpc_transaction(outcome, envelope, block.timestamp))
                .collect(),
        )
    } else {
        BlockTransactions::Hashes(block.transactions.iter().map(|tx| tx.tx_hash).collect())
    };
    RpcBlock {
        header: RpcHeader {
            hash: block.hash,
            inner: header,
            total_difficulty: Some(U256::ZERO),
            size: None,
        },
        uncles: Vec::new(),
        transactions,
        withdrawals: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{chain::Chain, config::ChainConfig};
    use alloy_primitives::{address, Address, Bytes};

    const ALICE: Address = address!("00000000000000000000000000000000000a11ce");
    const LOGGER: Address = address!("0000000000000000000000000000000000000b0b");

    /// Mines one EIP-1559 call to a contract that writes "x" to memory and emits `LOG1(topic 1)`.
    fn mined() -> (Chain, TxOutcome) {
        let mut chain = Chain::new(ChainConfig {
            prefunded: vec![(ALICE, U256::from(10u64).pow(U256::from(18u64)))],
            ..Default::default()
        });
        let code = [
            0x60, 0x78, 0x60, 0x00, 0x53, 0x60, 0x01, 0x60, 0x01, 0x60, 0x00, 0xa1, 0x00,
        ];
        chain.set_code(LOGGER, Bytes::copy_from_slice(&code));
        let outcome = chain
            .send_transaction(TxRequest {
                from: ALICE,
                to: Some(LOGGER),
                gas: Some(100_000),
                max_fee_per_gas: Some(1_000_000_000),
                max_priority_fee_per_gas: Some(7),
                chain_id: Some(412_346),
                tx_type: 2,
                ..Default::default()
            })
            .unwrap();
        (chain, outcome)
    }

    #[test]
    fn call_request_infers_type_and_fails_when_input_conflicts() {
        let request: TransactionRequest = serde_json::from_value(serde_json::json!({
            "from": "0x00000000000000000000000000000000000a11ce",
            "to": "0x0000000000000000000000000000000000000b0b",
            "maxFeePerGas": "0x10", "input": "0x01", "data": "0x01"
        }))
        .unwrap();
        let converted = call_request(&request).unwrap();
        assert_eq!(converted.tx_type, 2);
        assert_eq!(converted.input.as_ref(), &[1]);
        assert_eq!(converted.to, Some(LOGGER));

        let conflicting: TransactionRequest =
            serde_json::from_value(serde_json::json!({"input": "0x01", "data": "0x02"})).unwrap();
        assert!(call_request(&conflicting).is_err());
    }

    #[test]
    fn receipt_reports_status_logs_bloom_and_type_when_1559() {
        let (_, outcome) = mined();
        assert!(outcome.status.is_success(), "{:?}", outcome.status);
        let envelope = envelope_of(&outcome, None);
        let receipt = rpc_receipt(&outcome, &envelope, 99);
        let json = serde_json::to_value(&receipt).unwrap();
        assert_eq!(json["status"], "0x1");
        assert_eq!(json["type"], "0x2");
        assert_eq!(json["gasUsed"], format!("{:#x}", outcome.gas_used));
        assert_eq!(json["effectiveGasPrice"], format!("{:#x}", 100_000_007u64));
        assert_eq!(json["transactionHash"], outcome.tx_hash.to_string());
        assert_eq!(json["logs"][0]["data"], "0x78");
        assert_eq!(json["logs"][0]["blockNumber"], "0x1");
        let topic = B256::with_last_byte(1);
        assert!(receipt
            .inner
            .logs_bloom()
            .contains_raw_log(LOGGER, &[topic]));
        assert!(!receipt.inner.logs_bloom().contains_raw_log(ALICE, &[topic]));
    }

    #[test]
    fn envelope_of_keeps_chain_hash_when_unsigned() {
        let (_, outcome) = mined();
        let envelope = envelope_of(&outcome, None);
        assert_eq!(*envelope.tx_hash(), outcome.tx_hash);
        let tx = rpc_transaction(&outcome, envelope, 99);
        let json = serde_json::to_value(&tx).unwrap();
        assert_eq!(json["from"], ALICE.to_string().to_lowercase());
        assert_eq!(json["blockNumber"], "0x1");
        assert_eq!(json["maxFeePerGas"], "0x3b9aca00");
        assert_eq!(json["r"], "0x0");
    }

    #[test]
    fn rpc_block_lists_hashes_or_full_txs() {
        let (chain, outcome) = mined();
        let block = chain.block(BlockId::Latest).unwrap();
        let hashes = serde_json::to_value(rpc_block(&block, false, |_| None)).unwrap();
        assert_eq!(hashes["transactions"][0], outcome.tx_hash.to_string());
        assert_eq!(hashes["hash"], block.hash.to_string());
        assert_eq!(hashes["baseFeePerGas"], "0x5f5e100");
        let full = serde_json::to_value(rpc_block(&block, true, |_| None)).unwrap();
        assert_eq!(full["transactions"][0]["hash"], outcome.tx_hash.to_string());
        // The JSON must parse as alloy's own block type, as clients parse it.
        let parsed: RpcBlock = serde_json::from_value(full).unwrap();
        assert_eq!(parsed.header.number, 1);
        assert_eq!(
            parsed.header.parent_hash,
            chain.block(BlockId::Earliest).unwrap().hash
        );
    }
}
