//! Unit and property tests of the InsuranceFund (the `tests` module of `lib.rs`, in its own file
//! to keep `lib.rs` readable).
//!
//! The asset is a mock ERC-20 from `ballast_contract_common::testing::TestHost` that really
//! executes `transferFrom`/`transfer`/`balanceOf`, so every test runs the contract's real token
//! paths. The `abi` module drives the contract through stylus' router with calldata encoded from
//! `abi/interfaces/IInsuranceFund.sol`, so selectors, argument and return encodings, errors and
//! events are checked against the published interface.

use alloy_primitives::{address, Address, U256};
use ballast_contract_common::{
    testing::{ReturnMode, TestHost},
    GuardianUnauthorizedAccount, OwnableInvalidOwner, OwnableUnauthorizedAccount,
    PausableEnforcedPause, PausableExpectedPause, ReentrancyGuardReentrantCall,
    SafeErc20FailedOperation,
};

use super::*;
use crate::{
    errors::{
        ERC20InsufficientAllowance, ERC20InsufficientBalance, ERC20InvalidReceiver,
        ERC20InvalidSender, ERC20InvalidSpender, InsuranceFundMathOverflow,
    },
    events::{
        Approval, GuardianUpdated, OwnershipTransferStarted, OwnershipTransferred, Paused,
        Transfer, Unpaused,
    },
    math::VIRTUAL_SHARES,
};

const USDC: Address = address!("00000000000000000000000000000000000005DC");
const DEPLOYER: Address = address!("00000000000000000000000000000000000DE910");
const OWNER: Address = address!("000000000000000000000000000000000000000A");
const GUARDIAN: Address = address!("00000000000000000000000000000000000000B0");
const REGISTRY: Address = address!("00000000000000000000000000000000000000C0");
const ALICE: Address = address!("00000000000000000000000000000000000A11CE");
const BOB: Address = address!("0000000000000000000000000000000000000B0B");
const CAROL: Address = address!("00000000000000000000000000000000000CA201");
const EVE: Address = address!("0000000000000000000000000000000000000E0E");

/// A realistic start time (2023-11-14).
const T0: u64 = 1_700_000_000;
/// One USDC (6 decimals).
const UNIT: u64 = 1_000_000;
/// What each test account starts with: 1 billion USDC.
const FUNDING: u64 = 1_000_000_000 * UNIT;

fn u(x: u64) -> U256 {
    U256::from(x)
}

/// A constructed vault over a funded mock USDC whose holders approved the vault.
struct Env {
    host: TestHost,
    vault: InsuranceFund,
}

impl Env {
    fn new() -> Self {
        Self::with_mode(ReturnMode::Bool)
    }

    fn with_mode(mode: ReturnMode) -> Self {
        let host = TestHost::new();
        host.set_block_timestamp(T0);
        host.add_token(USDC, mode);
        let mut vault = InsuranceFund::from(&host);
        host.set_sender(DEPLOYER);
        vault
            .constructor(USDC, OWNER, GUARDIAN, REGISTRY)
            .expect("should construct");
        let this = host.contract_address();
        for who in [ALICE, BOB, CAROL, EVE, REGISTRY] {
            host.mint(USDC, who, u(FUNDING));
            host.approve(USDC, who, this, U256::MAX);
        }
        host.clear_logs();
        Self { host, vault }
    }

    fn this(&self) -> Address {
        self.host.contract_address()
    }

    fn now(&self) -> u64 {
        self.host.block_timestamp()
    }

    fn warp(&self, timestamp: u64) {
        self.host.set_block_timestamp(timestamp);
    }

    fn usdc(&self, who: Address) -> U256 {
        self.host.token_balance(USDC, who)
    }

    fn shares(&self, who: Address) -> U256 {
        self.vault.balance_of(who)
    }

    fn deposit(&mut self, who: Address, assets: u64) -> U256 {
        self.host.set_sender(who);
        self.vault
            .deposit(u(assets), who)
            .expect("deposit should succeed")
    }

    fn request(&mut self, who: Address, shares: U256) -> (u64, u64) {
        self.host.set_sender(who);
        self.vault
            .request_withdraw(shares)
            .expect("request should succeed");
        let (_, ready_at, expires_at) = self.vault.withdraw_request_of(who);
        (ready_at, expires_at)
    }

    /// Deposits, requests everything, and warps to maturity.
    fn matured(&mut self, who: Address, assets: u64) -> U256 {
        let shares = self.deposit(who, assets);
        let (ready_at, _) = self.request(who, shares);
        self.warp(ready_at);
        shares
    }

    fn redeem(&mut self, who: Address, shares: U256) -> Result<U256, Error> {
        self.host.set_sender(who);
        self.vault.redeem(shares, who, who)
    }

    fn cover(&mut self, amount: u64) -> U256 {
        self.host.set_sender(REGISTRY);
        self.vault
            .cover_shortfall(u(amount))
            .expect("cover should succeed")
    }

    /// `(totalAssets + 1, totalSupply + 1e6)`: the share price as a fraction.
    fn price(&self) -> (U256, U256) {
        let assets = self.vault.total_assets().unwrap();
        (assets + u(1), self.vault.total_supply() + VIRTUAL_SHARES)
    }
}

/// `a/b >= c/d` for the price fractions.
fn price_ge(a: (U256, U256), b: (U256, U256)) -> bool {
    a.0 * b.1 >= b.0 * a.1
}

// -------------------------------------------------------------------------------------------
// Constructor
// -------------------------------------------------------------------------------------------

#[test]
fn constructor_sets_config_and_emits_when_args_valid() {
    let host = TestHost::new();
    host.add_token(USDC, ReturnMode::Bool);
    let mut vault = InsuranceFund::from(&host);
    host.set_sender(DEPLOYER);
    vault.constructor(USDC, OWNER, GUARDIAN, REGISTRY).unwrap();
    assert_eq!(vault.asset(), USDC);
    assert_eq!(vault.owner(), OWNER);
    assert_eq!(vault.guardian(), GUARDIAN);
    assert_eq!(vault.registry(), REGISTRY);
    assert_eq!(vault.decimals(), 12);
    assert_eq!(vault.cooldown(), DEFAULT_COOLDOWN_SECS);
    assert_eq!(vault.withdraw_window(), DEFAULT_WITHDRAW_WINDOW_SECS);
    assert_eq!(vault.epoch_duration(), DEFAULT_EPOCH_SECS);
    assert_eq!(
        vault.coverage_caps(),
        (DEFAULT_PER_EVENT_CAP_BPS, DEFAULT_PER_EPOCH_CAP_BPS)
    );
    assert!(!vault.paused());
    assert_eq!(
        host.events::<OwnershipTransferred>(),
        vec![OwnershipTransferred {
            previousOwner: Address::ZERO,
            newOwner: OWNER
        }]
    );
    assert_eq!(
        host.events::<GuardianUpdated>(),
        vec![GuardianUpdated {
            previousGuardian: Address::ZERO,
            newGuardian: GUARDIAN
        }]
    );
    assert_eq!(
        host.events::<RegistryUpdated>(),
        vec![RegistryUpdated {
            previousRegistry: Address::ZERO,
            newRegistry: REGISTRY
        }]
    );
    assert_eq!(
        host.events::<CooldownUpdated>(),
        vec![CooldownUpdated {
            previousCooldown: 0,
            newCooldown: DEFAULT_COOLDOWN_SECS
        }]
    );
    assert_eq!(host.events::<WithdrawWindowUpdated>().len(), 1);
    assert_eq!(host.events::<EpochDurationUpdated>().len(), 1);
    assert_eq!(host.events::<CoverageCapsUpdated>().len(), 1);
    assert_eq!(
        host.events::<Initialized>(),
        vec![Initialized {
            asset: USDC,
            assetDecimals: 6,
            registry: REGISTRY
        }]
    );
}

#[test]
fn constructor_reverts_when_asset_zero() {
    let host = TestHost::new();
    let mut vault = InsuranceFund::from(&host);
    assert_eq!(
        vault.constructor(Address::ZERO, OWNER, GUARDIAN, REGISTRY),
        Err(Error::InvalidAsset(InsuranceFundInvalidAsset {
            asset: Address::ZERO,
            decimals: 0
        }))
    );
}

#[test]
fn constructor_reverts_when_asset_has_no_code() {
    let host = TestHost::new();
    let mut vault = InsuranceFund::from(&host);
    assert_eq!(
        vault.constructor(EVE, OWNER, GUARDIAN, REGISTRY),
        Err(Error::SafeErc20FailedOperation(SafeErc20FailedOperation {
            token: EVE
        }))
    );
}

#[test]
fn constructor_reverts_when_asset_decimals_above_36() {
    let host = TestHost::new();
    host.add_token(USDC, ReturnMode::Bool);
    host.set_token_decimals(USDC, 37);
    let mut vault = InsuranceFund::from(&host);
    assert_eq!(
        vault.constructor(USDC, OWNER, GUARDIAN, REGISTRY),
        Err(Error::InvalidAsset(InsuranceFundInvalidAsset {
            asset: USDC,
            decimals: 37
        }))
    );
    host.set_token_decimals(USDC, 36);
    vault.constructor(USDC, OWNER, GUARDIAN, REGISTRY).unwrap();
    assert_eq!(vault.decimals(), 42);
}

#[test]
fn constructor_reverts_when_owner_zero() {
    let host = TestHost::new();
    host.add_token(USDC, ReturnMode::Bool);
    let mut vault = InsuranceFund::from(&host);
    assert_eq!(
        vault.constructor(USDC, Address::ZERO, GUARDIAN, REGISTRY),
        Err(Error::OwnableInvalidOwner(OwnableInvalidOwner {
            owner: Address::ZERO
        }))
    );
}

#[test]
fn total_assets_reverts_when_not_constructed() {
    let host = TestHost::new();
    let vault = InsuranceFund::from(&host);
    assert_eq!(
        vault.total_assets(),
        Err(Error::SafeErc20FailedOperation(SafeErc20FailedOperation {
            token: Address::ZERO
        }))
    );
}

// -------------------------------------------------------------------------------------------
// ERC-20 share token
// -------------------------------------------------------------------------------------------

#[test]
fn metadata_reports_name_symbol_decimals_when_asset_has_6_decimals() {
    let env = Env::new();
    assert_eq!(env.vault.name(), "Ballast Insurance Fund");
    assert_eq!(env.vault.symbol(), "bIF");
    assert_eq!(env.vault.decimals(), 12);
}

#[test]
fn transfer_moves_shares_and_emits_when_unlocked() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, 10 * UNIT);
    env.host.clear_logs();
    env.host.set_sender(ALICE);
    assert_eq!(env.vault.transfer(BOB, u(4)), Ok(true));
    assert_eq!(env.shares(BOB), u(4));
    assert_eq!(env.shares(ALICE), shares - u(4));
    assert_eq!(env.vault.total_supply(), shares);
    assert_eq!(
        env.host.events::<Transfer>(),
        vec![Transfer {
            from: ALICE,
            to: BOB,
            value: u(4)
        }]
    );
}

#[test]
fn transfer_reverts_when_balance_short() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, UNIT);
    env.host.set_sender(ALICE);
    assert_eq!(
        env.vault.transfer(BOB, shares + u(1)),
        Err(Error::InsufficientBalance(ERC20InsufficientBalance {
            sender: ALICE,
            balance: shares,
            needed: shares + u(1)
        }))
    );
}

#[test]
fn transfer_reverts_when_receiver_zero() {
    let mut env = Env::new();
    env.deposit(ALICE, UNIT);
    env.host.set_sender(ALICE);
    assert_eq!(
        env.vault.transfer(Address::ZERO, u(1)),
        Err(Error::InvalidReceiver(ERC20InvalidReceiver {
            receiver: Address::ZERO
        }))
    );
}

#[test]
fn approve_sets_allowance_and_emits_when_spender_nonzero() {
    let mut env = Env::new();
    env.host.set_sender(ALICE);
    assert_eq!(env.vault.approve(BOB, u(7)), Ok(true));
    assert_eq!(env.vault.allowance(ALICE, BOB), u(7));
    assert_eq!(
        env.host.events::<Approval>(),
        vec![Approval {
            owner: ALICE,
            spender: BOB,
            value: u(7)
        }]
    );
}

#[test]
fn approve_reverts_when_spender_zero() {
    let mut env = Env::new();
    env.host.set_sender(ALICE);
    assert_eq!(
        env.vault.approve(Address::ZERO, u(7)),
        Err(Error::InvalidSpender(ERC20InvalidSpender {
            spender: Address::ZERO
        }))
    );
}

#[test]
fn transfer_from_spends_allowance_when_approved() {
    let mut env = Env::new();
    env.deposit(ALICE, UNIT);
    env.host.set_sender(ALICE);
    env.vault.approve(BOB, u(10)).unwrap();
    env.host.set_sender(BOB);
    assert_eq!(env.vault.transfer_from(ALICE, CAROL, u(6)), Ok(true));
    assert_eq!(env.shares(CAROL), u(6));
    assert_eq!(env.vault.allowance(ALICE, BOB), u(4));
}

#[test]
fn transfer_from_reverts_when_allowance_short() {
    let mut env = Env::new();
    env.deposit(ALICE, UNIT);
    env.host.set_sender(BOB);
    assert_eq!(
        env.vault.transfer_from(ALICE, CAROL, u(1)),
        Err(Error::InsufficientAllowance(ERC20InsufficientAllowance {
            spender: BOB,
            allowance: U256::ZERO,
            needed: u(1)
        }))
    );
}

#[test]
fn transfer_from_reverts_when_sender_zero() {
    let mut env = Env::new();
    env.host.set_sender(BOB);
    assert_eq!(
        env.vault.transfer_from(Address::ZERO, CAROL, U256::ZERO),
        Err(Error::InvalidSender(ERC20InvalidSender {
            sender: Address::ZERO
        }))
    );
}

// -------------------------------------------------------------------------------------------
// ERC-4626: deposit / mint
// -------------------------------------------------------------------------------------------

#[test]
fn deposit_mints_offset_scaled_shares_and_emits_when_vault_empty() {
    let mut env = Env::new();
    env.host.set_sender(ALICE);
    let shares = env.vault.deposit(u(5 * UNIT), BOB).unwrap();
    assert_eq!(shares, u(5 * UNIT) * VIRTUAL_SHARES);
    assert_eq!(env.shares(BOB), shares);
    assert_eq!(env.usdc(env.this()), u(5 * UNIT));
    assert_eq!(env.usdc(ALICE), u(FUNDING - 5 * UNIT));
    assert_eq!(env.vault.total_assets(), Ok(u(5 * UNIT)));
    assert_eq!(
        env.host.events::<Transfer>(),
        vec![Transfer {
            from: Address::ZERO,
            to: BOB,
            value: shares
        }]
    );
    assert_eq!(
        env.host.events::<Deposit>(),
        vec![Deposit {
            sender: ALICE,
            owner: BOB,
            assets: u(5 * UNIT),
            shares
        }]
    );
}

#[test]
fn deposit_pulls_assets_when_token_returns_no_bool() {
    let mut env = Env::with_mode(ReturnMode::Nothing);
    let shares = env.deposit(ALICE, UNIT);
    assert_eq!(shares, u(UNIT) * VIRTUAL_SHARES);
    assert_eq!(env.usdc(env.this()), u(UNIT));
    assert_eq!(env.host.token_transfer_calls(USDC), 1);
}

#[test]
fn deposit_reverts_when_token_returns_false() {
    let mut env = Env::new();
    env.host.set_token_mode(USDC, ReturnMode::False);
    env.host.set_sender(ALICE);
    assert_eq!(
        env.vault.deposit(u(UNIT), ALICE),
        Err(Error::SafeErc20FailedOperation(SafeErc20FailedOperation {
            token: USDC
        }))
    );
    assert_eq!(env.shares(ALICE), U256::ZERO);
}

#[test]
fn deposit_reverts_when_allowance_missing() {
    let mut env = Env::new();
    env.host.approve(USDC, ALICE, env.this(), U256::ZERO);
    env.host.set_sender(ALICE);
    assert_eq!(
        env.vault.deposit(u(UNIT), ALICE),
        Err(Error::SafeErc20FailedOperation(SafeErc20FailedOperation {
            token: USDC
        }))
    );
}

#[test]
fn deposit_reverts_when_receiver_zero() {
    let mut env = Env::new();
    env.host.set_sender(ALICE);
    assert_eq!(
        env.vault.deposit(u(UNIT), Address::ZERO),
        Err(Error::InvalidReceiver(ERC20InvalidReceiver {
            receiver: Address::ZERO
        }))
    );
    assert_eq!(env.usdc(env.this()), U256::ZERO);
}

#[test]
fn deposit_reverts_when_paused() {
    let mut env = Env::new();
    env.host.set_sender(GUARDIAN);
    env.vault.pause().unwrap();
    env.host.set_sender(ALICE);
    assert_eq!(
        env.vault.deposit(u(UNIT), ALICE),
        Err(Error::PausableEnforcedPause(PausableEnforcedPause {}))
    );
    assert_eq!(
        env.vault.mint(u(UNIT), ALICE),
        Err(Error::PausableEnforcedPause(PausableEnforcedPause {}))
    );
    assert_eq!(env.vault.max_deposit(ALICE), U256::ZERO);
    assert_eq!(env.vault.max_mint(ALICE), U256::ZERO);
}

#[test]
fn deposit_reverts_when_reentered() {
    let mut env = Env::new();
    env.vault.guard.enter::<Error>().unwrap();
    env.host.set_sender(ALICE);
    let reentrant = Err(Error::ReentrancyGuardReentrantCall(
        ReentrancyGuardReentrantCall {},
    ));
    assert_eq!(env.vault.deposit(u(UNIT), ALICE), reentrant);
    assert_eq!(env.vault.mint(u(UNIT), ALICE), reentrant);
    assert_eq!(env.vault.redeem(u(1), ALICE, ALICE), reentrant);
    assert_eq!(env.vault.withdraw(u(1), ALICE, ALICE), reentrant);
    assert_eq!(
        env.vault.notify_fee_income(u(1)),
        Err(Error::ReentrancyGuardReentrantCall(
            ReentrancyGuardReentrantCall {}
        ))
    );
    env.host.set_sender(REGISTRY);
    assert_eq!(env.vault.cover_shortfall(u(1)), reentrant);
}

#[test]
fn deposit_releases_guard_when_it_fails() {
    let mut env = Env::new();
    env.host.set_sender(ALICE);
    assert!(env.vault.deposit(u(UNIT), Address::ZERO).is_err());
    assert!(!env.vault.guard.is_entered());
    assert!(env.vault.deposit(u(UNIT), ALICE).is_ok());
}

#[test]
fn deposit_rounds_shares_down_when_price_inexact() {
    let mut env = Env::new();
    env.deposit(ALICE, 1);
    env.host.transfer_as(USDC, BOB, env.this(), u(1)); // A = 2, S = 1e6
                                                       // shares = floor(1 * (1e6 + 1e6) / (2 + 1)) = 666_666 (exact 666_666.67).
    assert_eq!(env.vault.preview_deposit(u(1)), Ok(u(666_666)));
    assert_eq!(env.deposit(BOB, 1), u(666_666));
}

#[test]
fn mint_pulls_rounded_up_assets_when_price_inexact() {
    let mut env = Env::new();
    env.deposit(ALICE, 1);
    env.host.transfer_as(USDC, BOB, env.this(), u(1)); // A = 2, S = 1e6
                                                       // assets = ceil(1 * (2 + 1) / (1e6 + 1e6)) = 1 (exact 1.5e-6).
    assert_eq!(env.vault.preview_mint(u(1)), Ok(u(1)));
    let before = env.usdc(BOB);
    env.host.set_sender(BOB);
    env.host.clear_logs();
    assert_eq!(env.vault.mint(u(1), BOB), Ok(u(1)));
    assert_eq!(before - env.usdc(BOB), u(1));
    assert_eq!(env.shares(BOB), u(1));
    assert_eq!(
        env.host.events::<Deposit>(),
        vec![Deposit {
            sender: BOB,
            owner: BOB,
            assets: u(1),
            shares: u(1)
        }]
    );
}

#[test]
fn mint_reverts_when_receiver_zero() {
    let mut env = Env::new();
    env.host.set_sender(ALICE);
    assert_eq!(
        env.vault.mint(u(1), Address::ZERO),
        Err(Error::InvalidReceiver(ERC20InvalidReceiver {
            receiver: Address::ZERO
        }))
    );
}

#[test]
fn convert_reports_floor_values_when_vault_holds_assets() {
    let mut env = Env::new();
    env.deposit(ALICE, 3 * UNIT);
    env.host.transfer_as(USDC, BOB, env.this(), u(UNIT)); // price up by a third
                                                          // A = 4e6, S = 3e12: shares(1e6) = floor(1e6 * (3e12 + 1e6) / (4e6 + 1)).
    let expected = u(UNIT) * (u(3 * UNIT) * VIRTUAL_SHARES + VIRTUAL_SHARES) / u(4 * UNIT + 1);
    assert_eq!(env.vault.convert_to_shares(u(UNIT)), Ok(expected));
    let assets = u(3 * UNIT) * VIRTUAL_SHARES * u(4 * UNIT + 1)
        / (u(3 * UNIT) * VIRTUAL_SHARES + VIRTUAL_SHARES);
    assert_eq!(
        env.vault.convert_to_assets(u(3 * UNIT) * VIRTUAL_SHARES),
        Ok(assets)
    );
}

#[test]
fn convert_reverts_when_amount_overflows() {
    let mut env = Env::new();
    env.deposit(ALICE, UNIT);
    let overflow = Err(Error::MathOverflow(InsuranceFundMathOverflow {}));
    assert_eq!(env.vault.convert_to_shares(U256::MAX), overflow);
    assert_eq!(env.vault.convert_to_assets(U256::MAX), overflow);
}

// -------------------------------------------------------------------------------------------
// ERC-4626: withdraw / redeem with the cooldown
// -------------------------------------------------------------------------------------------

#[test]
fn redeem_pays_rounded_down_assets_and_emits_when_request_matured() {
    let mut env = Env::new();
    let shares = env.matured(ALICE, 10 * UNIT);
    env.host.transfer_as(USDC, BOB, env.this(), u(1)); // A = 1e7 + 1: inexact price
    let expected = env.vault.preview_redeem(u(333)).unwrap();
    // floor(333 * (1e7 + 2) / (1e13 + 1e6)) = 0: rounding keeps the dust in the vault.
    assert_eq!(expected, U256::ZERO);
    env.host.clear_logs();
    let before = env.usdc(ALICE);
    let assets = env.redeem(ALICE, shares).unwrap();
    assert_eq!(assets, u(10 * UNIT)); // the donation's unit stays behind (virtual share)
    assert_eq!(env.usdc(ALICE) - before, assets);
    assert_eq!(env.shares(ALICE), U256::ZERO);
    assert_eq!(env.vault.withdraw_request_of(ALICE), (U256::ZERO, 0, 0));
    assert_eq!(
        env.host.events::<Withdraw>(),
        vec![Withdraw {
            sender: ALICE,
            receiver: ALICE,
            owner: ALICE,
            assets,
            shares
        }]
    );
    assert_eq!(
        env.host.events::<Transfer>(),
        vec![Transfer {
            from: ALICE,
            to: Address::ZERO,
            value: shares
        }]
    );
}

#[test]
fn withdraw_burns_rounded_up_shares_and_emits_when_request_matured() {
    let mut env = Env::new();
    let shares = env.matured(ALICE, 10 * UNIT);
    env.host.transfer_as(USDC, BOB, env.this(), u(3)); // A = 1e7 + 3
    let preview = env.vault.preview_withdraw(u(UNIT)).unwrap();
    // ceil(1e6 * (1e13 + 1e6) / (1e7 + 4)) = 999_999_700_001 (exact 999_999_700_000.12).
    assert_eq!(preview, u(999_999_700_001));
    env.host.set_sender(ALICE);
    env.host.clear_logs();
    let burnt = env.vault.withdraw(u(UNIT), CAROL, ALICE).unwrap();
    assert_eq!(burnt, preview);
    assert_eq!(env.usdc(CAROL), u(FUNDING + UNIT));
    assert_eq!(env.shares(ALICE), shares - burnt);
    assert_eq!(
        env.host.events::<Withdraw>(),
        vec![Withdraw {
            sender: ALICE,
            receiver: CAROL,
            owner: ALICE,
            assets: u(UNIT),
            shares: burnt
        }]
    );
    // The rest of the request stays usable in the same window.
    assert_eq!(env.vault.withdraw_request_of(ALICE).0, shares - burnt);
}

#[test]
fn redeem_keeps_remaining_request_when_partial() {
    let mut env = Env::new();
    let shares = env.matured(ALICE, 10 * UNIT);
    let (_, ready_at, expires_at) = env.vault.withdraw_request_of(ALICE);
    let half = shares / u(2);
    env.redeem(ALICE, half).unwrap();
    assert_eq!(
        env.vault.withdraw_request_of(ALICE),
        (shares - half, ready_at, expires_at)
    );
    assert_eq!(env.vault.max_redeem(ALICE), shares - half);
    env.redeem(ALICE, shares - half).unwrap();
    assert_eq!(env.vault.max_redeem(ALICE), U256::ZERO);
}

#[test]
fn redeem_reverts_when_no_request() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, UNIT);
    assert_eq!(
        env.redeem(ALICE, shares),
        Err(Error::NoWithdrawRequest(InsuranceFundNoWithdrawRequest {
            owner: ALICE
        }))
    );
    env.host.set_sender(ALICE);
    assert_eq!(
        env.vault.withdraw(u(1), ALICE, ALICE),
        Err(Error::NoWithdrawRequest(InsuranceFundNoWithdrawRequest {
            owner: ALICE
        }))
    );
}

#[test]
fn redeem_reverts_with_times_when_one_second_before_ready() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, UNIT);
    let (ready_at, _) = env.request(ALICE, shares);
    assert_eq!(ready_at, T0 + DEFAULT_COOLDOWN_SECS);
    env.warp(ready_at - 1);
    assert_eq!(
        env.redeem(ALICE, shares),
        Err(Error::CooldownActive(InsuranceFundCooldownActive {
            owner: ALICE,
            timestamp: ready_at - 1,
            readyAt: ready_at
        }))
    );
    assert_eq!(env.vault.max_redeem(ALICE), U256::ZERO);
    assert_eq!(env.vault.max_withdraw(ALICE), Ok(U256::ZERO));
}

#[test]
fn redeem_succeeds_when_exactly_at_ready_time() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, UNIT);
    let (ready_at, _) = env.request(ALICE, shares);
    env.warp(ready_at);
    assert_eq!(env.vault.max_redeem(ALICE), shares);
    assert_eq!(env.vault.max_withdraw(ALICE), Ok(u(UNIT)));
    assert_eq!(env.redeem(ALICE, shares), Ok(u(UNIT)));
}

#[test]
fn redeem_succeeds_when_one_second_before_window_end() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, UNIT);
    let (ready_at, expires_at) = env.request(ALICE, shares);
    assert_eq!(expires_at, ready_at + DEFAULT_WITHDRAW_WINDOW_SECS);
    env.warp(expires_at - 1);
    assert_eq!(env.redeem(ALICE, shares), Ok(u(UNIT)));
}

#[test]
fn redeem_reverts_with_times_when_exactly_at_window_end() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, UNIT);
    let (_, expires_at) = env.request(ALICE, shares);
    env.warp(expires_at);
    assert_eq!(
        env.redeem(ALICE, shares),
        Err(Error::WithdrawWindowClosed(
            InsuranceFundWithdrawWindowClosed {
                owner: ALICE,
                timestamp: expires_at,
                expiresAt: expires_at
            }
        ))
    );
    assert_eq!(env.vault.max_redeem(ALICE), U256::ZERO);
}

#[test]
fn withdraw_reverts_with_times_when_after_window_end() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, UNIT);
    let (_, expires_at) = env.request(ALICE, shares);
    env.warp(expires_at + 1_000);
    env.host.set_sender(ALICE);
    assert_eq!(
        env.vault.withdraw(u(1), ALICE, ALICE),
        Err(Error::WithdrawWindowClosed(
            InsuranceFundWithdrawWindowClosed {
                owner: ALICE,
                timestamp: expires_at + 1_000,
                expiresAt: expires_at
            }
        ))
    );
}

#[test]
fn redeem_reverts_when_shares_exceed_request() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, 2 * UNIT);
    let half = shares / u(2);
    let (ready_at, _) = env.request(ALICE, half);
    env.warp(ready_at);
    assert_eq!(
        env.redeem(ALICE, half + u(1)),
        Err(Error::ExceededMaxRedeem(ERC4626ExceededMaxRedeem {
            owner: ALICE,
            shares: half + u(1),
            max: half
        }))
    );
}

#[test]
fn withdraw_reverts_when_assets_exceed_request() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, 2 * UNIT);
    let (ready_at, _) = env.request(ALICE, shares / u(2));
    env.warp(ready_at);
    env.host.set_sender(ALICE);
    assert_eq!(
        env.vault.withdraw(u(UNIT + 1), ALICE, ALICE),
        Err(Error::ExceededMaxWithdraw(ERC4626ExceededMaxWithdraw {
            owner: ALICE,
            assets: u(UNIT + 1),
            max: u(UNIT)
        }))
    );
}

#[test]
fn redeem_spends_allowance_when_caller_not_owner() {
    let mut env = Env::new();
    let shares = env.matured(ALICE, UNIT);
    env.host.set_sender(ALICE);
    env.vault.approve(BOB, shares).unwrap();
    env.host.set_sender(BOB);
    assert_eq!(env.vault.redeem(shares, BOB, ALICE), Ok(u(UNIT)));
    assert_eq!(env.usdc(BOB), u(FUNDING + UNIT));
    assert_eq!(env.vault.allowance(ALICE, BOB), U256::ZERO);
}

#[test]
fn redeem_reverts_when_caller_lacks_allowance() {
    let mut env = Env::new();
    let shares = env.matured(ALICE, UNIT);
    env.host.set_sender(BOB);
    assert_eq!(
        env.vault.redeem(shares, BOB, ALICE),
        Err(Error::InsufficientAllowance(ERC20InsufficientAllowance {
            spender: BOB,
            allowance: U256::ZERO,
            needed: shares
        }))
    );
}

#[test]
fn redeem_succeeds_when_paused() {
    let mut env = Env::new();
    let shares = env.matured(ALICE, UNIT);
    env.host.set_sender(GUARDIAN);
    env.vault.pause().unwrap();
    assert_eq!(env.vault.max_redeem(ALICE), shares);
    assert_eq!(env.redeem(ALICE, shares), Ok(u(UNIT)));
}

#[test]
fn redeem_reverts_when_asset_transfer_fails() {
    let mut env = Env::new();
    let shares = env.matured(ALICE, UNIT);
    env.host.set_token_mode(USDC, ReturnMode::Revert);
    assert_eq!(
        env.redeem(ALICE, shares),
        Err(Error::SafeErc20FailedOperation(SafeErc20FailedOperation {
            token: USDC
        }))
    );
}

#[test]
fn redeem_bears_loss_when_cover_paid_during_cooldown() {
    let mut env = Env::new();
    let alice = env.deposit(ALICE, 100 * UNIT);
    env.deposit(BOB, 100 * UNIT);
    let (ready_at, _) = env.request(ALICE, alice);
    // A known loss arrives while Alice waits: 10 % per-event cap of 200 = 20.
    assert_eq!(env.cover(50 * UNIT), u(20 * UNIT));
    env.warp(ready_at);
    let paid = env.redeem(ALICE, alice).unwrap();
    // Alice bears half the loss: 100 - 20 / 2.
    assert_eq!(paid, u(90 * UNIT));
}

#[test]
fn previews_equal_results_when_state_unchanged() {
    let mut env = Env::new();
    env.deposit(ALICE, 7 * UNIT);
    env.host.transfer_as(USDC, BOB, env.this(), u(3)); // inexact price
    let preview_deposit = env.vault.preview_deposit(u(UNIT)).unwrap();
    assert_eq!(env.deposit(BOB, UNIT), preview_deposit);
    let preview_mint = env.vault.preview_mint(u(12_345)).unwrap();
    env.host.set_sender(CAROL);
    assert_eq!(env.vault.mint(u(12_345), CAROL), Ok(preview_mint));
    let (ready_at, _) = env.request(BOB, preview_deposit);
    env.warp(ready_at);
    let preview_withdraw = env.vault.preview_withdraw(u(UNIT / 2)).unwrap();
    env.host.set_sender(BOB);
    assert_eq!(
        env.vault.withdraw(u(UNIT / 2), BOB, BOB),
        Ok(preview_withdraw)
    );
    let rest = env.vault.withdraw_request_of(BOB).0;
    let preview_redeem = env.vault.preview_redeem(rest).unwrap();
    assert_eq!(env.redeem(BOB, rest), Ok(preview_redeem));
}

// -------------------------------------------------------------------------------------------
// Withdrawal requests and share locks
// -------------------------------------------------------------------------------------------

#[test]
fn request_withdraw_records_times_and_emits_when_shares_held() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, UNIT);
    env.host.clear_logs();
    let (ready_at, expires_at) = env.request(ALICE, shares);
    let expected_ready = T0 + DEFAULT_COOLDOWN_SECS;
    let expected_expiry = expected_ready + DEFAULT_WITHDRAW_WINDOW_SECS;
    assert_eq!((ready_at, expires_at), (expected_ready, expected_expiry));
    assert_eq!(
        env.host.events::<WithdrawRequested>(),
        vec![WithdrawRequested {
            owner: ALICE,
            shares,
            readyAt: ready_at,
            expiresAt: expires_at
        }]
    );
}

#[test]
fn request_withdraw_reverts_when_zero_or_above_balance() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, UNIT);
    env.host.set_sender(ALICE);
    assert_eq!(
        env.vault.request_withdraw(U256::ZERO),
        Err(Error::InvalidWithdrawRequest(
            InsuranceFundInvalidWithdrawRequest {
                owner: ALICE,
                shares: U256::ZERO,
                balance: shares
            }
        ))
    );
    assert_eq!(
        env.vault.request_withdraw(shares + u(1)),
        Err(Error::InvalidWithdrawRequest(
            InsuranceFundInvalidWithdrawRequest {
                owner: ALICE,
                shares: shares + u(1),
                balance: shares
            }
        ))
    );
}

#[test]
fn request_withdraw_restarts_clock_when_called_again() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, UNIT);
    let (first_ready, _) = env.request(ALICE, shares);
    env.warp(first_ready);
    let (second_ready, _) = env.request(ALICE, shares / u(2));
    assert_eq!(second_ready, first_ready + DEFAULT_COOLDOWN_SECS);
    assert_eq!(env.vault.withdraw_request_of(ALICE).0, shares / u(2));
    assert!(matches!(
        env.redeem(ALICE, u(1)),
        Err(Error::CooldownActive(_))
    ));
}

#[test]
fn request_withdraw_succeeds_when_paused() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, UNIT);
    env.host.set_sender(GUARDIAN);
    env.vault.pause().unwrap();
    env.request(ALICE, shares);
    env.host.set_sender(ALICE);
    assert!(env.vault.cancel_withdraw().is_ok());
}

#[test]
fn cancel_withdraw_unlocks_and_emits_when_request_open() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, UNIT);
    env.request(ALICE, shares);
    env.host.clear_logs();
    env.host.set_sender(ALICE);
    env.vault.cancel_withdraw().unwrap();
    assert_eq!(env.vault.withdraw_request_of(ALICE), (U256::ZERO, 0, 0));
    assert_eq!(
        env.host.events::<WithdrawCancelled>(),
        vec![WithdrawCancelled {
            owner: ALICE,
            shares
        }]
    );
    assert_eq!(env.vault.transfer(BOB, shares), Ok(true));
}

#[test]
fn cancel_withdraw_reverts_when_no_request() {
    let mut env = Env::new();
    env.host.set_sender(ALICE);
    assert_eq!(
        env.vault.cancel_withdraw(),
        Err(Error::NoWithdrawRequest(InsuranceFundNoWithdrawRequest {
            owner: ALICE
        }))
    );
}

#[test]
fn transfer_reverts_when_shares_locked_by_request() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, UNIT);
    let locked = shares - u(100);
    env.request(ALICE, locked);
    env.host.set_sender(ALICE);
    assert_eq!(
        env.vault.transfer(BOB, u(101)),
        Err(Error::SharesLocked(InsuranceFundSharesLocked {
            owner: ALICE,
            locked,
            transferable: u(100),
            amount: u(101)
        }))
    );
    // Through an allowance too.
    env.vault.approve(BOB, U256::MAX).unwrap();
    env.host.set_sender(BOB);
    assert!(matches!(
        env.vault.transfer_from(ALICE, BOB, u(101)),
        Err(Error::SharesLocked(_))
    ));
    // The unlocked part moves.
    assert_eq!(env.vault.transfer_from(ALICE, BOB, u(100)), Ok(true));
}

#[test]
fn transfer_reverts_when_request_matured_but_unused() {
    let mut env = Env::new();
    let shares = env.matured(ALICE, UNIT);
    env.host.set_sender(ALICE);
    assert!(matches!(
        env.vault.transfer(BOB, shares),
        Err(Error::SharesLocked(_))
    ));
}

#[test]
fn transfer_moves_shares_when_request_expired() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, UNIT);
    let (_, expires_at) = env.request(ALICE, shares);
    env.warp(expires_at);
    env.host.set_sender(ALICE);
    assert_eq!(env.vault.transfer(BOB, shares), Ok(true));
}

#[test]
fn redeem_caps_at_request_when_shares_received_after_request() {
    let mut env = Env::new();
    let alice = env.deposit(ALICE, UNIT);
    let bob = env.deposit(BOB, UNIT);
    let (ready_at, _) = env.request(ALICE, alice / u(10));
    env.host.set_sender(BOB);
    env.vault.transfer(ALICE, bob).unwrap(); // Bob tries to use Alice's matured request
    env.warp(ready_at);
    assert_eq!(env.vault.max_redeem(ALICE), alice / u(10));
    assert!(matches!(
        env.redeem(ALICE, alice),
        Err(Error::ExceededMaxRedeem(_))
    ));
}

// -------------------------------------------------------------------------------------------
// Cover, caps, epochs
// -------------------------------------------------------------------------------------------

#[test]
fn cover_shortfall_pays_in_full_and_emits_when_within_caps() {
    let mut env = Env::new();
    env.deposit(ALICE, 1_000 * UNIT);
    env.host.clear_logs();
    let before = env.usdc(REGISTRY);
    assert_eq!(env.cover(30 * UNIT), u(30 * UNIT));
    assert_eq!(env.usdc(REGISTRY) - before, u(30 * UNIT));
    assert_eq!(env.vault.total_assets(), Ok(u(970 * UNIT)));
    assert_eq!(
        env.host.events::<ShortfallCovered>(),
        vec![ShortfallCovered {
            registry: REGISTRY,
            requested: u(30 * UNIT),
            paid: u(30 * UNIT),
            uncovered: U256::ZERO
        }]
    );
    assert_eq!(
        env.host.events::<CoverageEpochStarted>(),
        vec![CoverageEpochStarted {
            endsAt: T0 + DEFAULT_EPOCH_SECS,
            assetsAtStart: u(1_000 * UNIT)
        }]
    );
    assert_eq!(
        env.vault.coverage_epoch(),
        (T0 + DEFAULT_EPOCH_SECS, u(1_000 * UNIT), u(30 * UNIT))
    );
}

#[test]
fn cover_shortfall_pays_event_cap_and_emits_uncovered_when_request_large() {
    let mut env = Env::new();
    env.deposit(ALICE, 1_000 * UNIT);
    env.host.clear_logs();
    assert_eq!(env.cover(500 * UNIT), u(100 * UNIT)); // 10 % of 1000
    assert_eq!(
        env.host.events::<ShortfallCovered>(),
        vec![ShortfallCovered {
            registry: REGISTRY,
            requested: u(500 * UNIT),
            paid: u(100 * UNIT),
            uncovered: u(400 * UNIT)
        }]
    );
}

#[test]
fn cover_shortfall_caps_epoch_total_when_called_repeatedly() {
    let mut env = Env::new();
    env.deposit(ALICE, 1_000 * UNIT);
    // Epoch cap 25 % of 1000 = 250; per-event caps shrink as assets fall.
    assert_eq!(env.cover(1_000 * UNIT), u(100 * UNIT)); // 10 % of 1000
    assert_eq!(env.cover(1_000 * UNIT), u(90 * UNIT)); // 10 % of 900
    assert_eq!(env.cover(1_000 * UNIT), u(60 * UNIT)); // epoch remainder 250 - 190
    assert_eq!(env.cover(1_000 * UNIT), U256::ZERO); // epoch exhausted, no revert
    assert_eq!(env.vault.max_cover(), Ok(U256::ZERO));
    assert_eq!(env.vault.coverage_epoch().2, u(250 * UNIT));
}

#[test]
fn cover_shortfall_resets_epoch_when_epoch_ends() {
    let mut env = Env::new();
    env.deposit(ALICE, 1_000 * UNIT);
    for _ in 0..3 {
        env.cover(1_000 * UNIT);
    }
    let (ends_at, _, _) = env.vault.coverage_epoch();
    env.warp(ends_at - 1);
    assert_eq!(env.cover(1_000 * UNIT), U256::ZERO);
    env.warp(ends_at);
    // New epoch over 750 left: event cap 75, epoch cap 187.5 -> 187.
    assert_eq!(env.vault.max_cover(), Ok(u(75 * UNIT)));
    env.host.clear_logs();
    assert_eq!(env.cover(1_000 * UNIT), u(75 * UNIT));
    assert_eq!(
        env.host.events::<CoverageEpochStarted>(),
        vec![CoverageEpochStarted {
            endsAt: ends_at + DEFAULT_EPOCH_SECS,
            assetsAtStart: u(750 * UNIT)
        }]
    );
    assert_eq!(
        env.vault.coverage_epoch(),
        (ends_at + DEFAULT_EPOCH_SECS, u(750 * UNIT), u(75 * UNIT))
    );
}

#[test]
fn cover_shortfall_reverts_when_caller_not_registry() {
    let mut env = Env::new();
    env.deposit(ALICE, UNIT);
    env.host.set_sender(EVE);
    assert_eq!(
        env.vault.cover_shortfall(u(1)),
        Err(Error::CallerNotRegistry(InsuranceFundCallerNotRegistry {
            caller: EVE
        }))
    );
}

#[test]
fn cover_shortfall_reverts_when_registry_unset() {
    let mut env = Env::new();
    env.host.set_sender(OWNER);
    env.vault.set_registry(Address::ZERO).unwrap();
    env.host.set_sender(Address::ZERO);
    assert_eq!(
        env.vault.cover_shortfall(u(1)),
        Err(Error::CallerNotRegistry(InsuranceFundCallerNotRegistry {
            caller: Address::ZERO
        }))
    );
}

#[test]
fn cover_shortfall_pays_zero_without_transfer_when_vault_empty() {
    let mut env = Env::new();
    assert_eq!(env.cover(5 * UNIT), U256::ZERO);
    assert_eq!(env.host.token_transfer_calls(USDC), 0);
    assert_eq!(
        env.host.events::<ShortfallCovered>()[0].uncovered,
        u(5 * UNIT)
    );
}

#[test]
fn cover_shortfall_pays_when_paused() {
    let mut env = Env::new();
    env.deposit(ALICE, 100 * UNIT);
    env.host.set_sender(GUARDIAN);
    env.vault.pause().unwrap();
    assert_eq!(env.cover(UNIT), u(UNIT));
}

#[test]
fn cover_shortfall_lowers_share_price_when_paid() {
    let mut env = Env::new();
    env.deposit(ALICE, 100 * UNIT);
    let before = env.price();
    env.cover(UNIT);
    assert!(!price_ge(env.price(), before));
}

#[test]
fn cover_shortfall_reverts_when_asset_transfer_fails() {
    let mut env = Env::new();
    env.deposit(ALICE, 100 * UNIT);
    env.host.set_token_mode(USDC, ReturnMode::False);
    env.host.set_sender(REGISTRY);
    assert_eq!(
        env.vault.cover_shortfall(u(UNIT)),
        Err(Error::SafeErc20FailedOperation(SafeErc20FailedOperation {
            token: USDC
        }))
    );
}

#[test]
fn max_cover_reports_full_caps_when_no_epoch_started() {
    let mut env = Env::new();
    env.deposit(ALICE, 1_000 * UNIT);
    assert_eq!(env.vault.coverage_epoch(), (0, U256::ZERO, U256::ZERO));
    assert_eq!(env.vault.max_cover(), Ok(u(100 * UNIT)));
    env.host.set_sender(OWNER);
    env.vault.set_coverage_caps(5_000, 5_000).unwrap();
    assert_eq!(env.vault.max_cover(), Ok(u(500 * UNIT)));
    assert_eq!(env.cover(1_000 * UNIT), u(500 * UNIT));
}

// -------------------------------------------------------------------------------------------
// Income
// -------------------------------------------------------------------------------------------

#[test]
fn notify_fee_income_raises_share_price_and_emits_when_paid() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, 100 * UNIT);
    let before = env.vault.convert_to_assets(shares).unwrap();
    env.host.set_sender(REGISTRY);
    env.host.clear_logs();
    env.vault.notify_fee_income(u(10 * UNIT)).unwrap();
    assert_eq!(env.vault.total_assets(), Ok(u(110 * UNIT)));
    assert!(env.vault.convert_to_assets(shares).unwrap() > before);
    assert_eq!(
        env.host.events::<FeeIncomeReceived>(),
        vec![FeeIncomeReceived {
            from: REGISTRY,
            amount: u(10 * UNIT)
        }]
    );
}

#[test]
fn notify_fee_income_reverts_when_allowance_missing() {
    let mut env = Env::new();
    env.host.approve(USDC, REGISTRY, env.this(), U256::ZERO);
    env.host.set_sender(REGISTRY);
    assert_eq!(
        env.vault.notify_fee_income(u(1)),
        Err(Error::SafeErc20FailedOperation(SafeErc20FailedOperation {
            token: USDC
        }))
    );
}

#[test]
fn total_assets_counts_donation_when_asset_sent_directly() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, 100 * UNIT);
    env.host.transfer_as(USDC, BOB, env.this(), u(50 * UNIT));
    assert_eq!(env.vault.total_assets(), Ok(u(150 * UNIT)));
    // Alice owns it all, less what the virtual share keeps.
    let value = env.vault.convert_to_assets(shares).unwrap();
    assert!(value > u(149 * UNIT) && value < u(150 * UNIT));
}

// -------------------------------------------------------------------------------------------
// Inflation attack
// -------------------------------------------------------------------------------------------

/// Attacker deposits 1 unit, donates `donation`, victim deposits `victim_assets`; returns
/// (victim's loss, attacker's loss) in asset units, measured by actually redeeming.
fn run_inflation_attack(donation: u64, victim_assets: u64) -> (U256, U256) {
    let mut env = Env::new();
    let attacker_shares = env.deposit(EVE, 1);
    env.host.transfer_as(USDC, EVE, env.this(), u(donation));
    let victim_shares = env.deposit(ALICE, victim_assets);
    let (ready_at, _) = env.request(ALICE, victim_shares);
    env.request(EVE, attacker_shares);
    env.warp(ready_at);
    let victim_out = env.redeem(ALICE, victim_shares).unwrap();
    let attacker_out = env.redeem(EVE, attacker_shares).unwrap();
    (
        u(victim_assets) - victim_out,
        u(1 + donation) - attacker_out,
    )
}

#[test]
fn deposit_loses_at_most_bound_when_attacker_donates_first() {
    // The classic attack: 1 unit in, 1M USDC donated, 1000 USDC victim.
    let donation = 1_000_000 * UNIT;
    let (victim_loss, attacker_loss) = run_inflation_attack(donation, 1_000 * UNIT);
    // Bound from the math module docs: loss <= D / 10^6 + 2 (here 1 USDC + 2 units).
    assert!(
        victim_loss <= u(donation / 1_000_000 + 2),
        "victim lost {victim_loss}"
    );
    // The attacker pays about a million times what the victim loses.
    assert!(
        attacker_loss > victim_loss * u(100_000),
        "attacker lost only {attacker_loss}"
    );
    assert!(attacker_loss >= u(donation / 2 - UNIT));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// The bound holds for any donation and victim deposit.
    #[test]
    fn deposit_loses_at_most_bound_when_donation_random(
        donation in 0u64..100_000_000 * UNIT,
        victim in 1u64..10_000_000 * UNIT,
    ) {
        let (victim_loss, attacker_loss) = run_inflation_attack(donation, victim);
        proptest::prop_assert!(victim_loss <= u(donation / 1_000_000 + 2));
        proptest::prop_assert!(attacker_loss >= victim_loss);
    }
}

// -------------------------------------------------------------------------------------------
// Parameters
// -------------------------------------------------------------------------------------------

#[test]
fn set_cooldown_updates_and_emits_old_and_new_when_in_bounds() {
    let mut env = Env::new();
    env.host.set_sender(OWNER);
    env.vault.set_cooldown(MIN_COOLDOWN_SECS).unwrap();
    env.vault.set_cooldown(MAX_COOLDOWN_SECS).unwrap();
    assert_eq!(env.vault.cooldown(), MAX_COOLDOWN_SECS);
    assert_eq!(
        env.host.events::<CooldownUpdated>(),
        vec![
            CooldownUpdated {
                previousCooldown: DEFAULT_COOLDOWN_SECS,
                newCooldown: MIN_COOLDOWN_SECS
            },
            CooldownUpdated {
                previousCooldown: MIN_COOLDOWN_SECS,
                newCooldown: MAX_COOLDOWN_SECS
            },
        ]
    );
}

#[test]
fn set_cooldown_reverts_when_out_of_bounds() {
    let mut env = Env::new();
    env.host.set_sender(OWNER);
    for value in [MIN_COOLDOWN_SECS - 1, MAX_COOLDOWN_SECS + 1] {
        assert_eq!(
            env.vault.set_cooldown(value),
            Err(Error::DurationOutOfBounds(
                InsuranceFundDurationOutOfBounds {
                    parameter: PARAM_COOLDOWN,
                    value,
                    min: MIN_COOLDOWN_SECS,
                    max: MAX_COOLDOWN_SECS
                }
            ))
        );
    }
}

#[test]
fn set_withdraw_window_updates_and_emits_when_in_bounds() {
    let mut env = Env::new();
    env.host.set_sender(OWNER);
    env.vault
        .set_withdraw_window(MIN_WITHDRAW_WINDOW_SECS)
        .unwrap();
    assert_eq!(env.vault.withdraw_window(), MIN_WITHDRAW_WINDOW_SECS);
    assert_eq!(
        env.host.events::<WithdrawWindowUpdated>(),
        vec![WithdrawWindowUpdated {
            previousWindow: DEFAULT_WITHDRAW_WINDOW_SECS,
            newWindow: MIN_WITHDRAW_WINDOW_SECS
        }]
    );
}

#[test]
fn set_withdraw_window_reverts_when_out_of_bounds() {
    let mut env = Env::new();
    env.host.set_sender(OWNER);
    for value in [0, MAX_WITHDRAW_WINDOW_SECS + 1] {
        assert_eq!(
            env.vault.set_withdraw_window(value),
            Err(Error::DurationOutOfBounds(
                InsuranceFundDurationOutOfBounds {
                    parameter: PARAM_WITHDRAW_WINDOW,
                    value,
                    min: MIN_WITHDRAW_WINDOW_SECS,
                    max: MAX_WITHDRAW_WINDOW_SECS
                }
            ))
        );
    }
}

#[test]
fn set_epoch_duration_updates_and_applies_from_next_epoch_when_in_bounds() {
    let mut env = Env::new();
    env.deposit(ALICE, 1_000 * UNIT);
    env.cover(UNIT);
    env.host.set_sender(OWNER);
    env.vault.set_epoch_duration(MAX_EPOCH_SECS).unwrap();
    assert_eq!(env.vault.epoch_duration(), MAX_EPOCH_SECS);
    assert_eq!(
        env.host.events::<EpochDurationUpdated>(),
        vec![EpochDurationUpdated {
            previousDuration: DEFAULT_EPOCH_SECS,
            newDuration: MAX_EPOCH_SECS
        }]
    );
    // The running epoch keeps its end.
    assert_eq!(env.vault.coverage_epoch().0, T0 + DEFAULT_EPOCH_SECS);
    env.warp(T0 + DEFAULT_EPOCH_SECS);
    env.cover(UNIT);
    assert_eq!(
        env.vault.coverage_epoch().0,
        T0 + DEFAULT_EPOCH_SECS + MAX_EPOCH_SECS
    );
}

#[test]
fn set_epoch_duration_reverts_when_out_of_bounds() {
    let mut env = Env::new();
    env.host.set_sender(OWNER);
    for value in [MIN_EPOCH_SECS - 1, MAX_EPOCH_SECS + 1] {
        assert_eq!(
            env.vault.set_epoch_duration(value),
            Err(Error::DurationOutOfBounds(
                InsuranceFundDurationOutOfBounds {
                    parameter: PARAM_EPOCH,
                    value,
                    min: MIN_EPOCH_SECS,
                    max: MAX_EPOCH_SECS
                }
            ))
        );
    }
}

#[test]
fn set_coverage_caps_updates_and_emits_old_and_new_when_in_bounds() {
    let mut env = Env::new();
    env.host.set_sender(OWNER);
    env.vault.set_coverage_caps(1, 10_000).unwrap();
    assert_eq!(env.vault.coverage_caps(), (1, 10_000));
    assert_eq!(
        env.host.events::<CoverageCapsUpdated>(),
        vec![CoverageCapsUpdated {
            previousPerEventBps: DEFAULT_PER_EVENT_CAP_BPS,
            newPerEventBps: 1,
            previousPerEpochBps: DEFAULT_PER_EPOCH_CAP_BPS,
            newPerEpochBps: 10_000
        }]
    );
}

#[test]
fn set_coverage_caps_reverts_when_out_of_bounds() {
    let mut env = Env::new();
    env.host.set_sender(OWNER);
    for (event, epoch) in [(0, 100), (200, 100), (100, 10_001)] {
        assert_eq!(
            env.vault.set_coverage_caps(event, epoch),
            Err(Error::CapsOutOfBounds(InsuranceFundCapsOutOfBounds {
                perEventBps: event,
                perEpochBps: epoch
            }))
        );
    }
}

#[test]
fn set_registry_updates_and_emits_when_called_by_owner() {
    let mut env = Env::new();
    env.host.set_sender(OWNER);
    env.vault.set_registry(CAROL).unwrap();
    assert_eq!(env.vault.registry(), CAROL);
    assert_eq!(
        env.host.events::<RegistryUpdated>(),
        vec![RegistryUpdated {
            previousRegistry: REGISTRY,
            newRegistry: CAROL
        }]
    );
}

#[test]
fn set_cooldown_keeps_open_request_times_when_changed() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, UNIT);
    let times = env.request(ALICE, shares);
    env.host.set_sender(OWNER);
    env.vault.set_cooldown(MAX_COOLDOWN_SECS).unwrap();
    env.vault
        .set_withdraw_window(MIN_WITHDRAW_WINDOW_SECS)
        .unwrap();
    let (_, ready_at, expires_at) = env.vault.withdraw_request_of(ALICE);
    assert_eq!((ready_at, expires_at), times);
}

#[test]
fn owner_setters_revert_when_caller_not_owner() {
    let mut env = Env::new();
    env.host.set_sender(EVE);
    let unauthorized = Err(Error::OwnableUnauthorizedAccount(
        OwnableUnauthorizedAccount { account: EVE },
    ));
    assert_eq!(env.vault.set_registry(EVE), unauthorized);
    assert_eq!(env.vault.set_cooldown(DEFAULT_COOLDOWN_SECS), unauthorized);
    assert_eq!(
        env.vault.set_withdraw_window(DEFAULT_WITHDRAW_WINDOW_SECS),
        unauthorized
    );
    assert_eq!(
        env.vault.set_epoch_duration(DEFAULT_EPOCH_SECS),
        unauthorized
    );
    assert_eq!(env.vault.set_coverage_caps(1, 1), unauthorized);
    assert_eq!(env.vault.set_guardian(EVE), unauthorized);
    assert_eq!(env.vault.transfer_ownership(EVE), unauthorized);
    assert_eq!(env.host.log_count(), 0);
}

// -------------------------------------------------------------------------------------------
// Roles
// -------------------------------------------------------------------------------------------

#[test]
fn transfer_ownership_moves_owner_when_nominee_accepts() {
    let mut env = Env::new();
    env.host.set_sender(OWNER);
    env.vault.transfer_ownership(CAROL).unwrap();
    assert_eq!(env.vault.pending_owner(), CAROL);
    assert_eq!(env.vault.owner(), OWNER);
    env.host.set_sender(CAROL);
    env.vault.accept_ownership().unwrap();
    assert_eq!(env.vault.owner(), CAROL);
    assert_eq!(env.vault.pending_owner(), Address::ZERO);
    assert_eq!(
        env.host.events::<OwnershipTransferStarted>(),
        vec![OwnershipTransferStarted {
            previousOwner: OWNER,
            newOwner: CAROL
        }]
    );
    assert_eq!(
        env.host.events::<OwnershipTransferred>(),
        vec![OwnershipTransferred {
            previousOwner: OWNER,
            newOwner: CAROL
        }]
    );
    // The new owner governs, the old one no longer does.
    assert!(env.vault.set_cooldown(MIN_COOLDOWN_SECS).is_ok());
    env.host.set_sender(OWNER);
    assert!(env.vault.set_cooldown(MIN_COOLDOWN_SECS).is_err());
}

#[test]
fn accept_ownership_reverts_when_caller_not_nominee() {
    let mut env = Env::new();
    env.host.set_sender(OWNER);
    env.vault.transfer_ownership(CAROL).unwrap();
    env.host.set_sender(EVE);
    assert_eq!(
        env.vault.accept_ownership(),
        Err(Error::OwnableUnauthorizedAccount(
            OwnableUnauthorizedAccount { account: EVE }
        ))
    );
}

#[test]
fn set_guardian_replaces_guardian_and_emits_when_called_by_owner() {
    let mut env = Env::new();
    env.host.set_sender(OWNER);
    env.vault.set_guardian(CAROL).unwrap();
    assert_eq!(env.vault.guardian(), CAROL);
    assert_eq!(
        env.host.events::<GuardianUpdated>(),
        vec![GuardianUpdated {
            previousGuardian: GUARDIAN,
            newGuardian: CAROL
        }]
    );
    env.host.set_sender(GUARDIAN);
    assert!(env.vault.pause().is_err());
    env.host.set_sender(CAROL);
    assert!(env.vault.pause().is_ok());
}

#[test]
fn pause_then_unpause_restores_deposits_and_emits_when_called_by_guardian() {
    let mut env = Env::new();
    env.host.set_sender(GUARDIAN);
    env.vault.pause().unwrap();
    assert!(env.vault.paused());
    env.vault.unpause().unwrap();
    assert!(!env.vault.paused());
    assert_eq!(
        env.host.events::<Paused>(),
        vec![Paused { account: GUARDIAN }]
    );
    assert_eq!(
        env.host.events::<Unpaused>(),
        vec![Unpaused { account: GUARDIAN }]
    );
    assert_eq!(env.vault.max_deposit(ALICE), U256::MAX);
    env.deposit(ALICE, UNIT);
}

#[test]
fn pause_reverts_when_caller_not_guardian() {
    let mut env = Env::new();
    env.host.set_sender(OWNER);
    assert_eq!(
        env.vault.pause(),
        Err(Error::GuardianUnauthorizedAccount(
            GuardianUnauthorizedAccount { account: OWNER }
        ))
    );
}

#[test]
fn pause_reverts_when_already_paused() {
    let mut env = Env::new();
    env.host.set_sender(GUARDIAN);
    env.vault.pause().unwrap();
    assert_eq!(
        env.vault.pause(),
        Err(Error::PausableEnforcedPause(PausableEnforcedPause {}))
    );
}

#[test]
fn unpause_reverts_when_not_paused() {
    let mut env = Env::new();
    env.host.set_sender(GUARDIAN);
    assert_eq!(
        env.vault.unpause(),
        Err(Error::PausableExpectedPause(PausableExpectedPause {}))
    );
}

// -------------------------------------------------------------------------------------------
// Properties: share price and supply over random operation sequences
// -------------------------------------------------------------------------------------------

mod properties {
    use proptest::prelude::*;

    use super::*;

    const ACTORS: [Address; 3] = [ALICE, BOB, CAROL];

    #[derive(Clone, Debug)]
    enum Op {
        Deposit(usize, u64),
        Mint(usize, u64),
        Request(usize, u8),
        Cancel(usize),
        Redeem(usize, u8),
        Withdraw(usize, u64),
        Transfer(usize, usize, u8),
        Donate(u64),
        FeeIncome(u64),
        Cover(u64),
        Warp(u64),
    }

    fn op() -> impl Strategy<Value = Op> {
        let who = 0usize..3;
        prop_oneof![
            (who.clone(), 0u64..1_000_000 * UNIT).prop_map(|(w, a)| Op::Deposit(w, a)),
            (who.clone(), 0u64..u64::MAX / 2).prop_map(|(w, s)| Op::Mint(w, s)),
            (who.clone(), 1u8..=100).prop_map(|(w, p)| Op::Request(w, p)),
            who.clone().prop_map(Op::Cancel),
            (who.clone(), 1u8..=100).prop_map(|(w, p)| Op::Redeem(w, p)),
            (who.clone(), 0u64..1_000_000 * UNIT).prop_map(|(w, a)| Op::Withdraw(w, a)),
            (who.clone(), who, 1u8..=100).prop_map(|(f, t, p)| Op::Transfer(f, t, p)),
            (0u64..100_000 * UNIT).prop_map(Op::Donate),
            (0u64..100_000 * UNIT).prop_map(Op::FeeIncome),
            (0u64..1_000_000 * UNIT).prop_map(Op::Cover),
            (0u64..3 * 86_400 * 3).prop_map(Op::Warp),
        ]
    }

    fn percent(x: U256, p: u8) -> U256 {
        x * U256::from(p) / U256::from(100)
    }

    /// Applies `op`; errors are expected for invalid ones and leave no effect.
    fn apply(env: &mut Env, op: &Op) {
        match *op {
            Op::Deposit(w, a) => {
                env.host.set_sender(ACTORS[w]);
                let _ = env.vault.deposit(u(a), ACTORS[w]);
            }
            Op::Mint(w, s) => {
                env.host.set_sender(ACTORS[w]);
                let _ = env.vault.mint(u(s), ACTORS[w]);
            }
            Op::Request(w, p) => {
                env.host.set_sender(ACTORS[w]);
                let _ = env
                    .vault
                    .request_withdraw(percent(env.shares(ACTORS[w]), p));
            }
            Op::Cancel(w) => {
                env.host.set_sender(ACTORS[w]);
                let _ = env.vault.cancel_withdraw();
            }
            Op::Redeem(w, p) => {
                let shares = percent(env.vault.max_redeem(ACTORS[w]), p);
                let _ = env.redeem(ACTORS[w], shares);
            }
            Op::Withdraw(w, a) => {
                env.host.set_sender(ACTORS[w]);
                let _ = env.vault.withdraw(u(a), ACTORS[w], ACTORS[w]);
            }
            Op::Transfer(f, t, p) => {
                env.host.set_sender(ACTORS[f]);
                let _ = env
                    .vault
                    .transfer(ACTORS[t], percent(env.shares(ACTORS[f]), p));
            }
            Op::Donate(a) => env.host.transfer_as(USDC, EVE, env.this(), u(a)),
            Op::FeeIncome(a) => {
                env.host.set_sender(REGISTRY);
                let _ = env.vault.notify_fee_income(u(a));
            }
            Op::Cover(a) => {
                env.cover(a);
            }
            Op::Warp(secs) => env.warp(env.now() + secs),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        /// The share price never falls except when cover is paid, and no operation creates
        /// or destroys shares outside the ledger (sum of balances == totalSupply), and the
        /// vault always holds what its shares are worth at most.
        #[test]
        fn share_price_never_decreases_when_no_cover_paid(ops in proptest::collection::vec(op(), 1..40)) {
            let mut env = Env::new();
            for op in &ops {
                let before = env.price();
                let paid_before = env.vault.coverage_epoch().2;
                apply(&mut env, op);
                let after = env.price();
                let cover_paid = matches!(op, Op::Cover(_))
                    && env.vault.coverage_epoch().2 != paid_before;
                if !cover_paid {
                    prop_assert!(price_ge(after, before), "price fell on {:?}", op);
                }
                let sum: U256 = ACTORS.iter().map(|a| env.shares(*a)).sum();
                prop_assert_eq!(sum, env.vault.total_supply());
                prop_assert!(!env.vault.guard.is_entered());
            }
        }
    }
}

// -------------------------------------------------------------------------------------------
// The published interface: calls routed by selector from abi/interfaces/IInsuranceFund.sol
// -------------------------------------------------------------------------------------------

mod abi {
    use alloy_sol_types::{SolCall, SolError, SolEvent, SolInterface};
    use stylus_sdk::host::VM;

    use super::*;

    alloy_sol_types::sol!("../../abi/interfaces/IInsuranceFund.sol");

    use IInsuranceFund as I;

    /// Sends `call` from `sender` through stylus' router, as the chain would.
    fn send<C: SolCall>(host: &TestHost, sender: Address, call: &C) -> Result<Vec<u8>, Vec<u8>> {
        host.set_sender(sender);
        let vm = VM {
            host: Box::new(host.clone()),
        };
        stylus_sdk::abi::router_entrypoint::<InsuranceFund, InsuranceFund>(call.abi_encode(), vm)
    }

    fn ok<C: SolCall>(host: &TestHost, sender: Address, call: C) -> C::Return {
        let out = send(host, sender, &call).unwrap_or_else(|e| {
            let name = I::IInsuranceFundErrors::abi_decode(&e).map(|err| err.selector());
            panic!("{} reverted with {name:?} ({e:02x?})", C::SIGNATURE)
        });
        C::abi_decode_returns(&out).expect("should decode the return value")
    }

    fn err<C: SolCall>(host: &TestHost, sender: Address, call: C) -> I::IInsuranceFundErrors {
        let revert = send(host, sender, &call).expect_err("should revert");
        I::IInsuranceFundErrors::abi_decode(&revert)
            .expect("revert data should be an interface error")
    }

    fn constructed() -> TestHost {
        let host = TestHost::new();
        host.set_block_timestamp(T0);
        host.add_token(USDC, ReturnMode::Nothing);
        let mut data = vec![0x55, 0x85, 0x25, 0x8d]; // selector of stylus_constructor()
        data.extend(alloy_sol_types::SolValue::abi_encode_params(&(
            USDC, OWNER, GUARDIAN, REGISTRY,
        )));
        host.set_sender(DEPLOYER);
        let vm = VM {
            host: Box::new(host.clone()),
        };
        stylus_sdk::abi::router_entrypoint::<InsuranceFund, InsuranceFund>(data, vm)
            .expect("constructor should succeed");
        for who in [ALICE, BOB, REGISTRY] {
            host.mint(USDC, who, u(FUNDING));
            host.approve(USDC, who, host.contract_address(), U256::MAX);
        }
        host
    }

    #[test]
    fn constructor_reverts_when_called_twice() {
        let host = constructed();
        let mut data = vec![0x55, 0x85, 0x25, 0x8d];
        data.extend(alloy_sol_types::SolValue::abi_encode_params(&(
            USDC, EVE, EVE, EVE,
        )));
        host.set_sender(EVE);
        let vm = VM {
            host: Box::new(host.clone()),
        };
        let result = stylus_sdk::abi::router_entrypoint::<InsuranceFund, InsuranceFund>(data, vm);
        assert_eq!(result, Err(Vec::new()));
        assert_eq!(ok(&host, EVE, I::ownerCall {}), OWNER);
    }

    #[test]
    fn interface_routes_every_function_when_called_by_selector() {
        let host = constructed();
        let vault = host.contract_address();
        let shares_per_unit = u(UNIT) * VIRTUAL_SHARES;

        // Metadata, roles, parameters.
        assert_eq!(ok(&host, EVE, I::nameCall {}), "Ballast Insurance Fund");
        assert_eq!(ok(&host, EVE, I::symbolCall {}), "bIF");
        assert_eq!(ok(&host, EVE, I::decimalsCall {}), 12);
        assert_eq!(ok(&host, EVE, I::assetCall {}), USDC);
        assert_eq!(ok(&host, EVE, I::ownerCall {}), OWNER);
        assert_eq!(ok(&host, EVE, I::pendingOwnerCall {}), Address::ZERO);
        assert_eq!(ok(&host, EVE, I::guardianCall {}), GUARDIAN);
        assert_eq!(ok(&host, EVE, I::registryCall {}), REGISTRY);
        assert!(!ok(&host, EVE, I::pausedCall {}));
        assert_eq!(ok(&host, EVE, I::cooldownCall {}), DEFAULT_COOLDOWN_SECS);
        assert_eq!(
            ok(&host, EVE, I::withdrawWindowCall {}),
            DEFAULT_WITHDRAW_WINDOW_SECS
        );
        assert_eq!(ok(&host, EVE, I::epochDurationCall {}), DEFAULT_EPOCH_SECS);
        let caps = ok(&host, EVE, I::coverageCapsCall {});
        let caps = (caps.perEventBps, caps.perEpochBps);
        assert_eq!(caps, (DEFAULT_PER_EVENT_CAP_BPS, DEFAULT_PER_EPOCH_CAP_BPS));
        ok(
            &host,
            OWNER,
            I::setCooldownCall {
                secs: DEFAULT_COOLDOWN_SECS,
            },
        );
        ok(
            &host,
            OWNER,
            I::setWithdrawWindowCall {
                secs: DEFAULT_WITHDRAW_WINDOW_SECS,
            },
        );
        ok(
            &host,
            OWNER,
            I::setEpochDurationCall {
                secs: DEFAULT_EPOCH_SECS,
            },
        );
        ok(
            &host,
            OWNER,
            I::setCoverageCapsCall {
                perEventBps: 1_000,
                perEpochBps: 2_500,
            },
        );
        ok(
            &host,
            OWNER,
            I::setRegistryCall {
                newRegistry: REGISTRY,
            },
        );
        ok(
            &host,
            OWNER,
            I::setGuardianCall {
                newGuardian: GUARDIAN,
            },
        );
        ok(&host, GUARDIAN, I::pauseCall {});
        assert_eq!(
            ok(&host, EVE, I::maxDepositCall { receiver: ALICE }),
            U256::ZERO
        );
        assert_eq!(
            ok(&host, EVE, I::maxMintCall { receiver: ALICE }),
            U256::ZERO
        );
        ok(&host, GUARDIAN, I::unpauseCall {});

        // Vault flows.
        assert_eq!(
            ok(&host, EVE, I::previewDepositCall { assets: u(UNIT) }),
            shares_per_unit
        );
        assert_eq!(
            ok(
                &host,
                EVE,
                I::previewMintCall {
                    shares: shares_per_unit
                }
            ),
            u(UNIT)
        );
        assert_eq!(
            ok(&host, EVE, I::convertToSharesCall { assets: u(UNIT) }),
            shares_per_unit
        );
        assert_eq!(
            ok(
                &host,
                EVE,
                I::convertToAssetsCall {
                    shares: shares_per_unit
                }
            ),
            u(UNIT)
        );
        let minted = ok(
            &host,
            ALICE,
            I::depositCall {
                assets: u(10 * UNIT),
                receiver: ALICE,
            },
        );
        assert_eq!(minted, u(10) * shares_per_unit);
        assert_eq!(
            ok(
                &host,
                BOB,
                I::mintCall {
                    shares: shares_per_unit,
                    receiver: BOB
                }
            ),
            u(UNIT)
        );
        assert_eq!(ok(&host, EVE, I::totalAssetsCall {}), u(11 * UNIT));
        assert_eq!(
            ok(&host, EVE, I::totalSupplyCall {}),
            u(11) * shares_per_unit
        );
        assert_eq!(ok(&host, EVE, I::balanceOfCall { account: ALICE }), minted);
        assert!(ok(
            &host,
            ALICE,
            I::approveCall {
                spender: BOB,
                value: u(5)
            }
        ));
        assert_eq!(
            ok(
                &host,
                EVE,
                I::allowanceCall {
                    owner: ALICE,
                    spender: BOB
                }
            ),
            u(5)
        );
        assert!(ok(
            &host,
            BOB,
            I::transferFromCall {
                from: ALICE,
                to: BOB,
                value: u(5)
            }
        ));
        assert!(ok(
            &host,
            BOB,
            I::transferCall {
                to: ALICE,
                value: u(5)
            }
        ));

        ok(&host, ALICE, I::requestWithdrawCall { shares: minted });
        let request = ok(&host, EVE, I::withdrawRequestOfCall { owner: ALICE });
        assert_eq!(
            (request.shares, request.readyAt),
            (minted, T0 + DEFAULT_COOLDOWN_SECS)
        );
        ok(&host, ALICE, I::cancelWithdrawCall {});
        ok(&host, ALICE, I::requestWithdrawCall { shares: minted });
        host.set_block_timestamp(T0 + DEFAULT_COOLDOWN_SECS);
        assert_eq!(ok(&host, EVE, I::maxRedeemCall { owner: ALICE }), minted);
        assert_eq!(
            ok(&host, EVE, I::maxWithdrawCall { owner: ALICE }),
            u(10 * UNIT)
        );
        assert_eq!(
            ok(&host, EVE, I::previewWithdrawCall { assets: u(UNIT) }),
            shares_per_unit
        );
        assert_eq!(
            ok(
                &host,
                EVE,
                I::previewRedeemCall {
                    shares: shares_per_unit
                }
            ),
            u(UNIT)
        );
        let burnt = ok(
            &host,
            ALICE,
            I::withdrawCall {
                assets: u(UNIT),
                receiver: ALICE,
                owner: ALICE,
            },
        );
        assert_eq!(burnt, shares_per_unit);
        let paid = ok(
            &host,
            ALICE,
            I::redeemCall {
                shares: shares_per_unit,
                receiver: ALICE,
                owner: ALICE,
            },
        );
        assert_eq!(paid, u(UNIT));

        // Cover and income.
        assert_eq!(ok(&host, EVE, I::maxCoverCall {}), u(9 * UNIT) / u(10));
        assert_eq!(
            ok(&host, REGISTRY, I::coverShortfallCall { amount: u(100) }),
            u(100)
        );
        let epoch = ok(&host, EVE, I::coverageEpochCall {});
        assert_eq!((epoch.assetsAtStart, epoch.paid), (u(9 * UNIT), u(100)));
        ok(&host, REGISTRY, I::notifyFeeIncomeCall { amount: u(100) });
        assert_eq!(ok(&host, EVE, I::totalAssetsCall {}), u(9 * UNIT));

        // The calls above cover every function of the interface.
        assert_eq!(I::IInsuranceFundCalls::SELECTORS.len(), 51);

        // Ownership last.
        ok(&host, OWNER, I::transferOwnershipCall { newOwner: BOB });
        ok(&host, BOB, I::acceptOwnershipCall {});
        assert_eq!(ok(&host, EVE, I::ownerCall {}), BOB);
        assert_eq!(vault, host.contract_address());
    }

    #[test]
    fn interface_decodes_errors_when_calls_revert() {
        let host = constructed();
        assert!(matches!(
            err(&host, EVE, I::coverShortfallCall { amount: u(1) }),
            I::IInsuranceFundErrors::InsuranceFundCallerNotRegistry(
                I::InsuranceFundCallerNotRegistry { caller }
            ) if caller == EVE
        ));
        assert!(matches!(
            err(
                &host,
                ALICE,
                I::redeemCall {
                    shares: u(1),
                    receiver: ALICE,
                    owner: ALICE
                }
            ),
            I::IInsuranceFundErrors::InsuranceFundNoWithdrawRequest(_)
        ));
        assert!(matches!(
            err(&host, EVE, I::setCooldownCall { secs: 1 }),
            I::IInsuranceFundErrors::OwnableUnauthorizedAccount(_)
        ));
    }

    #[test]
    fn interface_declares_every_rust_error_when_compared_by_signature() {
        let rust: Vec<&str> = vec![
            OwnableUnauthorizedAccount::SIGNATURE,
            OwnableInvalidOwner::SIGNATURE,
            GuardianUnauthorizedAccount::SIGNATURE,
            PausableEnforcedPause::SIGNATURE,
            PausableExpectedPause::SIGNATURE,
            ReentrancyGuardReentrantCall::SIGNATURE,
            SafeErc20FailedOperation::SIGNATURE,
            ERC20InsufficientBalance::SIGNATURE,
            ERC20InvalidSender::SIGNATURE,
            ERC20InvalidReceiver::SIGNATURE,
            ERC20InsufficientAllowance::SIGNATURE,
            ERC20InvalidSpender::SIGNATURE,
            ERC4626ExceededMaxWithdraw::SIGNATURE,
            ERC4626ExceededMaxRedeem::SIGNATURE,
            InsuranceFundInvalidAsset::SIGNATURE,
            InsuranceFundCallerNotRegistry::SIGNATURE,
            InsuranceFundNoWithdrawRequest::SIGNATURE,
            InsuranceFundCooldownActive::SIGNATURE,
            InsuranceFundWithdrawWindowClosed::SIGNATURE,
            InsuranceFundInvalidWithdrawRequest::SIGNATURE,
            InsuranceFundSharesLocked::SIGNATURE,
            InsuranceFundDurationOutOfBounds::SIGNATURE,
            InsuranceFundCapsOutOfBounds::SIGNATURE,
            InsuranceFundMathOverflow::SIGNATURE,
        ];
        let mut ours: Vec<&str> = I::IInsuranceFundErrors::SIGNATURES.to_vec();
        let mut theirs = rust;
        ours.sort_unstable();
        theirs.sort_unstable();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn interface_declares_every_rust_event_when_compared_by_signature() {
        let rust: Vec<&str> = vec![
            Transfer::SIGNATURE,
            Approval::SIGNATURE,
            Deposit::SIGNATURE,
            Withdraw::SIGNATURE,
            Initialized::SIGNATURE,
            WithdrawRequested::SIGNATURE,
            WithdrawCancelled::SIGNATURE,
            ShortfallCovered::SIGNATURE,
            CoverageEpochStarted::SIGNATURE,
            FeeIncomeReceived::SIGNATURE,
            RegistryUpdated::SIGNATURE,
            CooldownUpdated::SIGNATURE,
            WithdrawWindowUpdated::SIGNATURE,
            EpochDurationUpdated::SIGNATURE,
            CoverageCapsUpdated::SIGNATURE,
            OwnershipTransferStarted::SIGNATURE,
            OwnershipTransferred::SIGNATURE,
            GuardianUpdated::SIGNATURE,
            Paused::SIGNATURE,
            Unpaused::SIGNATURE,
        ];
        let mut ours: Vec<&str> = I::IInsuranceFundEvents::SIGNATURES.to_vec();
        let mut theirs = rust;
        ours.sort_unstable();
        theirs.sort_unstable();
        assert_eq!(ours, theirs);
        // Indexed flags match too: an interface log decodes a Rust-emitted one.
        let host = constructed();
        host.clear_logs();
        ok(
            &host,
            ALICE,
            I::depositCall {
                assets: u(UNIT),
                receiver: ALICE,
            },
        );
        let logs = host.get_emitted_logs();
        let (topics, data) = logs.last().expect("should emit Deposit");
        let decoded = I::Deposit::decode_raw_log(topics.iter().copied(), data).unwrap();
        assert_eq!(
            (decoded.sender, decoded.owner, decoded.assets),
            (ALICE, ALICE, u(UNIT))
        );
    }
}
