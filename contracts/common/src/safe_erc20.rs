//! ERC-20 calls that tolerate tokens returning no `bool` and fail with one clear error.
//!
//! Acceptance rule for `transfer`/`transferFrom` (same as OpenZeppelin's `SafeERC20`):
//! the call did not revert **and** either
//! * it returned at least 32 bytes and the first word equals `1` (`true`), or
//! * it returned nothing and `token` has code (non-standard tokens such as USDT).
//!
//! Anything else (revert, `false`, garbage, an address without code) is
//! [`SafeErc20FailedOperation`]`(token)`. The token's own revert reason is not forwarded: the
//! caller's ABI then only ever carries errors it declares.
//!
//! Usage from a contract method (`Call::new_mutating(self)` proves exclusive access to all
//! storage and does not keep the borrow):
//!
//! ```ignore
//! let ctx = Call::new_mutating(self);
//! safe_erc20::safe_transfer::<Error, _>(self.vm(), ctx, token, to, amount)?;
//! ```

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use stylus_sdk::prelude::*;

pub use sol::*;

#[allow(missing_docs)]
mod sol {
    alloy_sol_types::sol! {
        /// A call to the ERC-20 `token` reverted, returned `false` or garbage, or `token` has
        /// no code.
        #[derive(Debug, PartialEq, Eq)]
        error SafeErc20FailedOperation(address token);
    }

    alloy_sol_types::sol! {
        /// The subset of ERC-20 this module calls (raw `sol!` declaration: calldata encoding only).
        interface Erc20Abi {
            function transfer(address to, uint256 amount) external returns (bool);
            function transferFrom(address from, address to, uint256 amount) external returns (bool);
            function balanceOf(address account) external view returns (uint256);
            function decimals() external view returns (uint8);
        }
    }
}

/// Narrow error type for code that only uses this module.
#[derive(SolidityError, Debug, PartialEq, Eq)]
pub enum Error {
    /// See [`SafeErc20FailedOperation`].
    FailedOperation(SafeErc20FailedOperation),
}

/// Transfers `amount` of `token` from this contract to `to`.
///
/// # Errors
/// * [`SafeErc20FailedOperation`]`(token)` unless the acceptance rule in the module docs holds.
pub fn safe_transfer<E, H>(
    host: &H,
    context: impl MutatingCallContext,
    token: Address,
    to: Address,
    amount: U256,
) -> Result<(), E>
where
    E: From<SafeErc20FailedOperation>,
    H: Host + ?Sized,
{
    let data = Erc20Abi::transferCall { to, amount }.abi_encode();
    call_optional_return(host, context, token, &data)
}

/// Transfers `amount` of `token` from `from` to `to`, spending this contract's allowance.
///
/// # Errors
/// * [`SafeErc20FailedOperation`]`(token)` unless the acceptance rule in the module docs holds.
pub fn safe_transfer_from<E, H>(
    host: &H,
    context: impl MutatingCallContext,
    token: Address,
    from: Address,
    to: Address,
    amount: U256,
) -> Result<(), E>
where
    E: From<SafeErc20FailedOperation>,
    H: Host + ?Sized,
{
    let data = Erc20Abi::transferFromCall { from, to, amount }.abi_encode();
    call_optional_return(host, context, token, &data)
}

/// Returns `token.balanceOf(account)` through a static call.
///
/// # Errors
/// * [`SafeErc20FailedOperation`]`(token)` if the call reverts or returns fewer than 32 bytes.
#[inline(never)] // Called from many entry points: one copy in the WASM.
pub fn balance_of<E, H>(host: &H, token: Address, account: Address) -> Result<U256, E>
where
    E: From<SafeErc20FailedOperation>,
    H: Host + ?Sized,
{
    let data = Erc20Abi::balanceOfCall { account }.abi_encode();
    match static_call(host, Call::new(), token, &data) {
        Ok(ret) if ret.len() >= 32 => Ok(first_word(&ret)),
        _ => Err(SafeErc20FailedOperation { token }.into()),
    }
}

/// Returns `token.decimals()` through a static call.
///
/// # Errors
/// * [`SafeErc20FailedOperation`]`(token)` if the call reverts, returns fewer than 32 bytes,
///   or a value above 255.
pub fn decimals<E, H>(host: &H, token: Address) -> Result<u8, E>
where
    E: From<SafeErc20FailedOperation>,
    H: Host + ?Sized,
{
    let data = Erc20Abi::decimalsCall {}.abi_encode();
    match static_call(host, Call::new(), token, &data) {
        Ok(ret) if ret.len() >= 32 => {
            u8::try_from(first_word(&ret)).map_err(|_| SafeErc20FailedOperation { token }.into())
        }
        _ => Err(SafeErc20FailedOperation { token }.into()),
    }
}

/// Performs a mutating call and applies the acceptance rule.
#[inline(never)] // Called from many entry points: one copy in the WASM.
fn call_optional_return<E, H>(
    host: &H,
    context: impl MutatingCallContext,
    token: Address,
    data: &[u8],
) -> Result<(), E>
where
    E: From<SafeErc20FailedOperation>,
    H: Host + ?Sized,
{
    let accepted = match call(host, context, token, data) {
        Ok(ret) => is_accepted(&ret, || host.code_size(token) > 0),
        Err(_) => false,
    };
    if accepted {
        Ok(())
    } else {
        Err(SafeErc20FailedOperation { token }.into())
    }
}

/// The acceptance rule on a non-reverting call's return data.
fn is_accepted(ret: &[u8], has_code: impl FnOnce() -> bool) -> bool {
    if ret.is_empty() {
        has_code()
    } else {
        ret.len() >= 32 && first_word(ret) == U256::from(1)
    }
}

/// Reads the first 32-byte word as a big-endian `U256`. Caller ensures `ret.len() >= 32`.
fn first_word(ret: &[u8]) -> U256 {
    U256::from_be_slice(&ret[..32])
}

/// Encodes `transfer(to, amount)` calldata (exposed for tests and mocks).
#[must_use]
pub fn transfer_calldata(to: Address, amount: U256) -> Vec<u8> {
    Erc20Abi::transferCall { to, amount }.abi_encode()
}

#[cfg(test)]
mod tests {
    use alloy_primitives::address;

    use super::*;
    use crate::testing::{ReturnMode, TestHost};

    const TOKEN: Address = address!("00000000000000000000000000000000000070C0");
    const ALICE: Address = address!("00000000000000000000000000000000000A11CE");
    const BOB: Address = address!("0000000000000000000000000000000000000B0B");

    fn ctx() -> Call<true, false> {
        // Tests have no TopLevelStorage; a mutating context is only a proof token.
        struct Top;
        // SAFETY: marker trait; `Top` holds no storage that a call could alias.
        #[allow(unsafe_code)]
        unsafe impl TopLevelStorage for Top {}
        Call::new_mutating(&mut Top)
    }

    fn host_with_token(mode: ReturnMode) -> TestHost {
        let host = TestHost::new();
        host.add_token(TOKEN, mode);
        host.mint(TOKEN, host.contract_address(), U256::from(1_000));
        host.mint(TOKEN, ALICE, U256::from(500));
        host
    }

    #[test]
    fn safe_transfer_moves_tokens_when_token_returns_true() {
        let host = host_with_token(ReturnMode::Bool);
        safe_transfer::<Error, _>(&host, ctx(), TOKEN, BOB, U256::from(300)).unwrap();
        assert_eq!(host.token_balance(TOKEN, BOB), U256::from(300));
        assert_eq!(
            host.token_balance(TOKEN, host.contract_address()),
            U256::from(700)
        );
    }

    #[test]
    fn safe_transfer_moves_tokens_when_token_returns_nothing() {
        let host = host_with_token(ReturnMode::Nothing);
        safe_transfer::<Error, _>(&host, ctx(), TOKEN, BOB, U256::from(300)).unwrap();
        assert_eq!(host.token_balance(TOKEN, BOB), U256::from(300));
    }

    #[test]
    fn safe_transfer_reverts_when_token_returns_false() {
        let host = host_with_token(ReturnMode::False);
        let err = safe_transfer::<Error, _>(&host, ctx(), TOKEN, BOB, U256::from(1)).unwrap_err();
        assert_eq!(
            err,
            Error::FailedOperation(SafeErc20FailedOperation { token: TOKEN })
        );
    }

    #[test]
    fn safe_transfer_reverts_when_token_reverts() {
        let host = host_with_token(ReturnMode::Bool);
        // More than the contract holds: the mock reverts like OpenZeppelin's ERC20.
        let err =
            safe_transfer::<Error, _>(&host, ctx(), TOKEN, BOB, U256::from(1_001)).unwrap_err();
        assert_eq!(
            err,
            Error::FailedOperation(SafeErc20FailedOperation { token: TOKEN })
        );
        assert_eq!(host.token_balance(TOKEN, BOB), U256::ZERO);
    }

    #[test]
    fn safe_transfer_reverts_when_token_has_no_code() {
        let host = TestHost::new();
        let eoa = address!("000000000000000000000000000000000000dEaD");
        let err = safe_transfer::<Error, _>(&host, ctx(), eoa, BOB, U256::from(1)).unwrap_err();
        assert_eq!(
            err,
            Error::FailedOperation(SafeErc20FailedOperation { token: eoa })
        );
    }

    #[test]
    fn safe_transfer_from_spends_allowance_when_approved() {
        let host = host_with_token(ReturnMode::Bool);
        let this = host.contract_address();
        host.approve(TOKEN, ALICE, this, U256::from(200));
        safe_transfer_from::<Error, _>(&host, ctx(), TOKEN, ALICE, this, U256::from(150)).unwrap();
        assert_eq!(host.token_balance(TOKEN, ALICE), U256::from(350));
        assert_eq!(host.token_allowance(TOKEN, ALICE, this), U256::from(50));
    }

    #[test]
    fn safe_transfer_from_reverts_when_allowance_insufficient() {
        let host = host_with_token(ReturnMode::Nothing);
        let this = host.contract_address();
        host.approve(TOKEN, ALICE, this, U256::from(10));
        let err = safe_transfer_from::<Error, _>(&host, ctx(), TOKEN, ALICE, this, U256::from(11))
            .unwrap_err();
        assert_eq!(
            err,
            Error::FailedOperation(SafeErc20FailedOperation { token: TOKEN })
        );
    }

    #[test]
    fn balance_of_returns_balance_when_token_answers() {
        let host = host_with_token(ReturnMode::Nothing);
        let got = balance_of::<Error, _>(&host, TOKEN, ALICE).unwrap();
        assert_eq!(got, U256::from(500));
    }

    #[test]
    fn decimals_returns_value_when_token_answers() {
        let host = host_with_token(ReturnMode::Bool);
        host.set_token_decimals(TOKEN, 18);
        assert_eq!(decimals::<Error, _>(&host, TOKEN), Ok(18));
    }

    #[test]
    fn decimals_reverts_when_token_has_no_code() {
        let host = TestHost::new();
        assert_eq!(
            decimals::<Error, _>(&host, BOB),
            Err(Error::FailedOperation(SafeErc20FailedOperation {
                token: BOB
            }))
        );
    }

    #[test]
    fn balance_of_reverts_when_token_has_no_code() {
        let host = TestHost::new();
        let err = balance_of::<Error, _>(&host, BOB, ALICE).unwrap_err();
        assert_eq!(
            err,
            Error::FailedOperation(SafeErc20FailedOperation { token: BOB })
        );
    }

    #[test]
    fn is_accepted_rejects_when_return_short_or_not_one() {
        assert!(!is_accepted(&[1u8; 31], || true));
        let mut two = [0u8; 32];
        two[31] = 2;
        assert!(!is_accepted(&two, || true));
        let mut one = [0u8; 64];
        one[31] = 1;
        assert!(is_accepted(&one, || false));
        assert!(!is_accepted(&[], || false));
    }

    #[test]
    fn transfer_calldata_has_erc20_selector_when_encoded() {
        assert_eq!(
            &transfer_calldata(BOB, U256::from(1))[..4],
            &[0xa9, 0x05, 0x9c, 0xbb]
        );
    }
}
