//! Decoding and admission checks for signed transactions (`eth_sendRawTransaction`).
//!
//! Accepted envelopes are legacy (EIP-155 replay-protected only, as Nitro's RPC does by default),
//! EIP-2930 and EIP-1559. Blob (EIP-4844) transactions do not exist on Arbitrum and set-code
//! (EIP-7702) transactions are not executed by this devnet, so both are refused with a clear error.
//! The sender is recovered from the signature with the EIP-2 low-`s` rule. Because the devnet
//! mines every transaction immediately there is no pool: the nonce must be exactly the sender's
//! next nonce, and the fee cap must cover the current base fee.

use alloy_consensus::{
    transaction::SignerRecoverable, SignableTransaction, Signed, Transaction, TxEip1559, TxEip2930,
    TxEnvelope, TxLegacy,
};
use alloy_eips::eip2718::{Decodable2718, Encodable2718};
use alloy_primitives::{Address, Bytes, TxKind, B256, U256};

/// Why a signed transaction was refused before execution.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TxError {
    /// The bytes are not a valid EIP-2718 envelope.
    #[error("failed to decode signed transaction: {0}")]
    Decode(String),
    /// A well-formed envelope of a type this chain does not execute.
    #[error("transaction type {0} not supported")]
    UnsupportedType(u8),
    /// The signature does not recover to an address.
    #[error("invalid sender: {0}")]
    InvalidSignature(String),
    /// A legacy transaction without an EIP-155 chain id.
    #[error("only replay-protected (eip-155) transactions allowed over rpc")]
    Unprotected,
    /// The transaction was signed for another chain.
    #[error("invalid chain id for signer: have {have} want {want}")]
    WrongChainId {
        /// Chain id in the transaction.
        have: u64,
        /// This chain's id.
        want: u64,
    },
    /// The nonce was already used.
    #[error("nonce too low: address {sender}, tx: {tx_nonce} state: {state_nonce}")]
    NonceTooLow {
        /// Transaction sender.
        sender: Address,
        /// Nonce in the transaction.
        tx_nonce: u64,
        /// The sender's next nonce.
        state_nonce: u64,
    },
    /// The nonce leaves a gap; with automining there is no queue to hold it.
    #[error("nonce too high: address {sender}, tx: {tx_nonce} state: {state_nonce}")]
    NonceTooHigh {
        /// Transaction sender.
        sender: Address,
        /// Nonce in the transaction.
        tx_nonce: u64,
        /// The sender's next nonce.
        state_nonce: u64,
    },
    /// The fee cap is below the base fee of the block it would be mined in.
    #[error(
        "max fee per gas less than block base fee: address {sender}, maxFeePerGas: {fee_cap}, baseFee: {base_fee}"
    )]
    FeeCapTooLow {
        /// Transaction sender.
        sender: Address,
        /// `maxFeePerGas` (or `gasPrice`) of the transaction.
        fee_cap: u128,
        /// Base fee of the next block.
        base_fee: u128,
    },
    /// `maxPriorityFeePerGas > maxFeePerGas`.
    #[error("max priority fee per gas higher than max fee per gas")]
    TipAboveFeeCap,
    /// The sender cannot pay `gas_limit * fee_cap + value`.
    #[error(
        "insufficient funds for gas * price + value: address {sender} have {have} want {want}"
    )]
    InsufficientFunds {
        /// Transaction sender.
        sender: Address,
        /// Sender balance.
        have: U256,
        /// Upfront cost.
        want: U256,
    },
    /// A gas limit above the block gas limit can never be mined.
    #[error("exceeds block gas limit")]
    GasLimitTooHigh,
}

/// A decoded, signature-checked transaction and its sender.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedTx {
    /// The signed envelope, kept whole so RPC responses echo it exactly.
    pub envelope: TxEnvelope,
    /// Address recovered from the signature.
    pub sender: Address,
}

impl SignedTx {
    /// Transaction hash: keccak of the EIP-2718 encoding.
    pub fn hash(&self) -> B256 {
        *self.envelope.tx_hash()
    }

    /// The EIP-2718 encoding (what `eth_sendRawTransaction` received).
    pub fn encoded(&self) -> Bytes {
        self.envelope.encoded_2718().into()
    }

    /// Call target, or `None` for contract creation.
    pub fn to(&self) -> Option<Address> {
        match self.envelope.kind() {
            TxKind::Call(to) => Some(to),
            TxKind::Create => None,
        }
    }

    /// Price per gas actually paid at `base_fee`: `min(fee_cap, base_fee + tip)`.
    pub fn effective_gas_price(&self, base_fee: u64) -> u128 {
        self.envelope.effective_gas_price(Some(base_fee))
    }

    /// Worst-case upfront cost `gas_limit * fee_cap + value` that the sender must hold.
    pub fn upfront_cost(&self) -> U256 {
        U256::from(self.envelope.gas_limit()) * U256::from(self.envelope.max_fee_per_gas())
            + self.envelope.value()
    }
}

/// What admission needs to know about the chain and the sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdmissionContext {
    /// This chain's id.
    pub chain_id: u64,
    /// Base fee of the block the transaction would be mined in.
    pub base_fee: u128,
    /// Gas limit of that block.
    pub block_gas_limit: u64,
    /// The sender's next nonce.
    pub sender_nonce: u64,
    /// The sender's balance.
    pub sender_balance: U256,
}

/// Decodes an EIP-2718 envelope (or a bare legacy RLP list) and recovers its sender.
///
/// Trailing bytes after the envelope are rejected, so a hash always names exactly the bytes sent.
pub fn decode_raw(raw: &[u8]) -> Result<SignedTx, TxError> {
    if raw.is_empty() {
        return Err(TxError::Decode("empty transaction".into()));
    }
    let envelope =
        TxEnvelope::decode_2718_exact(raw).map_err(|err| TxError::Decode(err.to_string()))?;
    match &envelope {
        TxEnvelope::Legacy(_) | TxEnvelope::Eip2930(_) | TxEnvelope::Eip1559(_) => {}
        other => return Err(TxError::UnsupportedType(other.tx_type() as u8)),
    }
    let sender = envelope
        .recover_signer()
        .map_err(|err| TxError::InvalidSignature(err.to_string()))?;
    Ok(SignedTx { envelope, sender })
}

/// Checks chain id, nonce, fees, gas limit and funds against the current state.
pub fn admit(tx: &SignedTx, ctx: &AdmissionContext) -> Result<(), TxError> {
    let envelope = &tx.envelope;
    match envelope.chain_id() {
        None => return Err(TxError::Unprotected),
        Some(have) if have != ctx.chain_id => {
            return Err(TxError::WrongChainId {
                have,
                want: ctx.chain_id,
            })
        }
        Some(_) => {}
    }
    let (tx_nonce, state_nonce) = (envelope.nonce(), ctx.sender_nonce);
    if tx_nonce < state_nonce {
        return Err(TxError::NonceTooLow {
            sender: tx.sender,
            tx_nonce,
            state_nonce,
        });
    }
    if tx_nonce > state_nonce {
        return Err(TxError::NonceTooHigh {
            sender: tx.sender,
            tx_nonce,
            state_nonce,
        });
    }
    if envelope.gas_limit() > ctx.block_gas_limit {
        return Err(TxError::GasLimitTooHigh);
    }
    let fee_cap = envelope.max_fee_per_gas();
    if envelope
        .max_priority_fee_per_gas()
        .is_some_and(|tip| tip > fee_cap)
    {
        return Err(TxError::TipAboveFeeCap);
    }
    if fee_cap < ctx.base_fee {
        return Err(TxError::FeeCapTooLow {
            sender: tx.sender,
            fee_cap,
            base_fee: ctx.base_fee,
        });
    }
    let want = tx.upfront_cost();
    if want > ctx.sender_balance {
        return Err(TxError::InsufficientFunds {
            sender: tx.sender,
            have: ctx.sender_balance,
            want,
        });
    }
    Ok(())
}

/// An unsigned transaction of one of the three accepted types, ready to be signed by a dev key.
#[derive(Debug, Clone, PartialEq)]
pub enum UnsignedTx {
    /// Legacy with EIP-155 chain id.
    Legacy(TxLegacy),
    /// EIP-2930 access-list transaction.
    Eip2930(TxEip2930),
    /// EIP-1559 dynamic-fee transaction.
    Eip1559(TxEip1559),
}

impl UnsignedTx {
    /// The digest a signer signs.
    pub fn signature_hash(&self) -> B256 {
        match self {
            Self::Legacy(tx) => tx.signature_hash(),
            Self::Eip2930(tx) => tx.signature_hash(),
            Self::Eip1559(tx) => tx.signature_hash(),
        }
    }

    /// Attaches `signature` and returns the signed envelope.
    pub fn into_envelope(self, signature: alloy_primitives::Signature) -> TxEnvelope {
        match self {
            Self::Legacy(tx) => TxEnvelope::Legacy(Signed::new_unhashed(tx, signature)),
            Self::Eip2930(tx) => TxEnvelope::Eip2930(Signed::new_unhashed(tx, signature)),
            Self::Eip1559(tx) => TxEnvelope::Eip1559(Signed::new_unhashed(tx, signature)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{address, Signature};
    use alloy_signer::SignerSync;
    use alloy_signer_local::PrivateKeySigner;

    const CHAIN_ID: u64 = 412_346;

    fn signer() -> PrivateKeySigner {
        // Anvil/Hardhat account 0 of the public test mnemonic.
        "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
            .parse()
            .unwrap()
    }

    fn sign(tx: UnsignedTx) -> Vec<u8> {
        let signature = signer().sign_hash_sync(&tx.signature_hash()).unwrap();
        tx.into_envelope(signature).encoded_2718()
    }

    fn eip1559(nonce: u64) -> UnsignedTx {
        UnsignedTx::Eip1559(TxEip1559 {
            chain_id: CHAIN_ID,
            nonce,
            gas_limit: 21_000,
            max_fee_per_gas: 2_000_000_000,
            max_priority_fee_per_gas: 1,
            to: TxKind::Call(address!("70997970C51812dc3A010C7d01b50e0d17dc79C8")),
            value: U256::from(5u64),
            ..Default::default()
        })
    }

    fn ctx() -> AdmissionContext {
        AdmissionContext {
            chain_id: CHAIN_ID,
            base_fee: 100_000_000,
            block_gas_limit: 30_000_000,
            sender_nonce: 0,
            sender_balance: U256::from(10u64).pow(U256::from(20u64)),
        }
    }

    #[test]
    fn decode_raw_recovers_sender_when_eip1559_signed() {
        let tx = decode_raw(&sign(eip1559(0))).unwrap();
        assert_eq!(tx.sender, signer().address());
        assert_eq!(
            tx.to(),
            Some(address!("70997970C51812dc3A010C7d01b50e0d17dc79C8"))
        );
        assert_eq!(tx.encoded().len(), sign(eip1559(0)).len());
        admit(&tx, &ctx()).unwrap();
    }

    #[test]
    fn decode_raw_recovers_sender_when_legacy_and_2930_signed() {
        let legacy = UnsignedTx::Legacy(TxLegacy {
            chain_id: Some(CHAIN_ID),
            gas_price: 100_000_000,
            gas_limit: 50_000,
            to: TxKind::Create,
            input: Bytes::from_static(&[0x60, 0x00]),
            ..Default::default()
        });
        let tx = decode_raw(&sign(legacy)).unwrap();
        assert_eq!(tx.sender, signer().address());
        assert_eq!(tx.to(), None);
        admit(&tx, &ctx()).unwrap();

        let eip2930 = UnsignedTx::Eip2930(TxEip2930 {
            chain_id: CHAIN_ID,
            gas_price: 100_000_000,
            gas_limit: 50_000,
            ..Default::default()
        });
        let tx = decode_raw(&sign(eip2930)).unwrap();
        assert_eq!(tx.sender, signer().address());
        assert_eq!(tx.envelope.tx_type() as u8, 1);
    }

    #[test]
    fn decode_raw_fails_when_bytes_garbage_or_trailing() {
        assert!(matches!(decode_raw(&[]), Err(TxError::Decode(_))));
        assert!(matches!(
            decode_raw(&[0x02, 0xc0, 0x01]),
            Err(TxError::Decode(_))
        ));
        let mut raw = sign(eip1559(0));
        raw.push(0);
        assert!(matches!(decode_raw(&raw), Err(TxError::Decode(_))));
    }

    #[test]
    fn decode_raw_fails_when_signature_invalid() {
        let tx = eip1559(0);
        let bad = Signature::new(U256::ZERO, U256::from(1u64), false);
        let raw = tx.into_envelope(bad).encoded_2718();
        assert!(matches!(
            decode_raw(&raw),
            Err(TxError::InvalidSignature(_))
        ));
    }

    #[test]
    fn admit_fails_when_legacy_unprotected() {
        let legacy = UnsignedTx::Legacy(TxLegacy {
            chain_id: None,
            gas_price: 100_000_000,
            gas_limit: 21_000,
            to: TxKind::Call(Address::ZERO),
            ..Default::default()
        });
        let tx = decode_raw(&sign(legacy)).unwrap();
        assert_eq!(admit(&tx, &ctx()), Err(TxError::Unprotected));
    }

    #[test]
    fn admit_fails_when_chain_nonce_fee_or_funds_wrong() {
        let tx = decode_raw(&sign(eip1559(0))).unwrap();
        let err = admit(
            &tx,
            &AdmissionContext {
                chain_id: 1,
                ..ctx()
            },
        )
        .unwrap_err();
        assert_eq!(
            err,
            TxError::WrongChainId {
                have: CHAIN_ID,
                want: 1
            }
        );

        let err = admit(
            &tx,
            &AdmissionContext {
                sender_nonce: 1,
                ..ctx()
            },
        )
        .unwrap_err();
        assert!(matches!(
            err,
            TxError::NonceTooLow {
                tx_nonce: 0,
                state_nonce: 1,
                ..
            }
        ));
        let tx1 = decode_raw(&sign(eip1559(1))).unwrap();
        assert!(matches!(
            admit(&tx1, &ctx()),
            Err(TxError::NonceTooHigh { .. })
        ));

        let err = admit(
            &tx,
            &AdmissionContext {
                base_fee: 3_000_000_000,
                ..ctx()
            },
        )
        .unwrap_err();
        assert!(matches!(
            err,
            TxError::FeeCapTooLow {
                fee_cap: 2_000_000_000,
                ..
            }
        ));

        let err = admit(
            &tx,
            &AdmissionContext {
                sender_balance: U256::from(1u64),
                ..ctx()
            },
        )
        .unwrap_err();
        let want = U256::from(21_000u64 * 2_000_000_000 + 5);
        assert!(matches!(err, TxError::InsufficientFunds { want: w, .. } if w == want));

        let err = admit(
            &tx,
            &AdmissionContext {
                block_gas_limit: 20_000,
                ..ctx()
            },
        )
        .unwrap_err();
        assert_eq!(err, TxError::GasLimitTooHigh);
    }

    #[test]
    fn admit_fails_when_tip_above_fee_cap() {
        let UnsignedTx::Eip1559(mut inner) = eip1559(0) else {
            unreachable!()
        };
        inner.max_priority_fee_per_gas = inner.max_fee_per_gas + 1;
        let tx = decode_raw(&sign(UnsignedTx::Eip1559(inner))).unwrap();
        assert_eq!(admit(&tx, &ctx()), Err(TxError::TipAboveFeeCap));
    }

    #[test]
    fn effective_gas_price_caps_at_fee_cap() {
        let tx = decode_raw(&sign(eip1559(0))).unwrap();
        assert_eq!(tx.effective_gas_price(100), 101);
        assert_eq!(tx.effective_gas_price(5_000_000_000), 2_000_000_000);
    }
}
