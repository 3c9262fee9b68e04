//! Prefunded development accounts derived from the well-known test mnemonic.
//!
//! The devnet derives its accounts the way Hardhat, Anvil and Foundry do: BIP-44 path
//! `m/44'/60'/0'/0/{index}` over the public phrase [`DEV_MNEMONIC`]. Anyone can recompute the keys,
//! so they are for local testing only. The JSON-RPC server signs `eth_sendTransaction` requests
//! with them and lists them in `eth_accounts`.

use alloy_primitives::{Address, B256, U256};
use alloy_signer::SignerSync;
use alloy_signer_local::{
    coins_bip39::English, LocalSignerError, MnemonicBuilder, PrivateKeySigner,
};

/// The public test mnemonic shared by Hardhat, Anvil and Foundry.
pub const DEV_MNEMONIC: &str = "test test test test test test test test test test test junk";

/// How many accounts [`DevAccounts::from_mnemonic`] derives by default (Anvil's default).
pub const DEFAULT_DEV_ACCOUNT_COUNT: u32 = 10;

/// Starting balance of every dev account: 10 000 ETH, in wei.
pub const DEFAULT_DEV_BALANCE_WEI: U256 = U256::from_limbs([0x19e0_c9ba_b240_0000, 0x21e, 0, 0]);

/// Failure to derive the dev accounts.
#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    /// The mnemonic or the derivation path was rejected.
    #[error("failed to derive dev account {index}: {source}")]
    Derive {
        /// Index of the account that failed.
        index: u32,
        /// Why the signer library refused it.
        #[source]
        source: LocalSignerError,
    },
    /// A private key was not a valid secp256k1 scalar.
    #[error("invalid dev private key: {0}")]
    InvalidKey(#[source] LocalSignerError),
}

/// The ordered set of dev signers; `eth_accounts` returns their addresses in this order.
#[derive(Debug, Clone)]
pub struct DevAccounts {
    signers: Vec<PrivateKeySigner>,
}

impl DevAccounts {
    /// Derives `count` accounts from `phrase` at indices `0..count`.
    pub fn from_mnemonic(phrase: &str, count: u32) -> Result<Self, AccountsError> {
        let signers = (0..count)
            .map(|index| {
                MnemonicBuilder::<English>::default()
                    .phrase(phrase)
                    .index(index)
                    .and_then(|builder| builder.build())
                    .map_err(|source| AccountsError::Derive { index, source })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { signers })
    }

    /// The default set: [`DEFAULT_DEV_ACCOUNT_COUNT`] accounts of [`DEV_MNEMONIC`].
    pub fn standard() -> Result<Self, AccountsError> {
        Self::from_mnemonic(DEV_MNEMONIC, DEFAULT_DEV_ACCOUNT_COUNT)
    }

    /// Appends an account given by its raw private key (for example a CI deployer key).
    pub fn push_private_key(&mut self, key: B256) -> Result<Address, AccountsError> {
        let signer = PrivateKeySigner::from_bytes(&key)
            .map_err(|err| AccountsError::InvalidKey(err.into()))?;
        let address = signer.address();
        if self.signer(address).is_none() {
            self.signers.push(signer);
        }
        Ok(address)
    }

    /// Addresses in derivation order.
    pub fn addresses(&self) -> Vec<Address> {
        self.signers.iter().map(PrivateKeySigner::address).collect()
    }

    /// The signer that owns `address`, if it is a dev account.
    pub fn signer(&self, address: Address) -> Option<&PrivateKeySigner> {
        self.signers
            .iter()
            .find(|signer| signer.address() == address)
    }

    /// The 32-byte private key of account `index`, for printing at startup and for tests.
    pub fn private_key(&self, index: usize) -> Option<B256> {
        self.signers
            .get(index)
            .map(|signer| B256::from_slice(&signer.credential().to_bytes()))
    }

    /// Number of accounts.
    pub fn len(&self) -> usize {
        self.signers.len()
    }

    /// Whether there are no accounts.
    pub fn is_empty(&self) -> bool {
        self.signers.is_empty()
    }

    /// Signs a 32-byte digest with the key of `address`; `None` when it is not a dev account.
    pub fn sign_hash(&self, address: Address, hash: &B256) -> Option<alloy_primitives::Signature> {
        // A local k256 signer only fails on a zero digest scalar, which keccak never yields in
        // practice; surface it as "cannot sign" rather than panicking.
        self.signer(address)
            .and_then(|signer| signer.sign_hash_sync(hash).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{address, b256};

    #[test]
    fn standard_derives_hardhat_addresses_when_using_test_mnemonic() {
        let accounts = DevAccounts::standard().unwrap();
        assert_eq!(accounts.len(), 10);
        // Published by Hardhat/Anvil for this mnemonic; recomputed here from the phrase.
        assert_eq!(
            accounts.addresses()[0],
            address!("f39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        );
        assert_eq!(
            accounts.addresses()[1],
            address!("70997970C51812dc3A010C7d01b50e0d17dc79C8")
        );
        assert_eq!(
            accounts.private_key(0).unwrap(),
            b256!("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
        );
    }

    #[test]
    fn default_balance_is_ten_thousand_ether() {
        let ether = U256::from(10u64).pow(U256::from(18u64));
        assert_eq!(DEFAULT_DEV_BALANCE_WEI, U256::from(10_000u64) * ether);
    }

    #[test]
    fn push_private_key_is_idempotent_when_key_already_present() {
        let mut accounts = DevAccounts::standard().unwrap();
        let key = accounts.private_key(3).unwrap();
        let address = accounts.push_private_key(key).unwrap();
        assert_eq!(address, accounts.addresses()[3]);
        assert_eq!(accounts.len(), 10);
    }

    #[test]
    fn sign_hash_recovers_to_signer_when_account_known() {
        let accounts = DevAccounts::standard().unwrap();
        let from = accounts.addresses()[2];
        let digest = alloy_primitives::keccak256(b"ballast");
        let signature = accounts.sign_hash(from, &digest).unwrap();
        assert_eq!(
            signature.recover_address_from_prehash(&digest).unwrap(),
            from
        );
        assert!(accounts.sign_hash(Address::ZERO, &digest).is_none());
    }
}
