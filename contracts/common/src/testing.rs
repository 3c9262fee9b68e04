//! Native test host: stylus-sdk's `TestVM` plus mock ERC-20 tokens that really execute.
//!
//! `TestVM` mocks calls by exact calldata and hands every call the return data of the *last
//! registered* mock, which cannot model a token whose balances change. [`TestHost`] delegates
//! everything to a `TestVM` (storage, logs, sender, timestamp, ...) except calls: a call to an
//! address registered with [`TestHost::add_token`] runs a small in-memory ERC-20 with
//! `msg.sender` = the contract under test ([`TestHost::contract_address`]), and each call gets
//! its own return data. Calls to any other address behave like calls to an account without
//! code: success, no return data.
//!
//! Other native contracts join through one hook, [`TestHost::set_callee`]: it sees every call and
//! static call first and answers the ones meant for it (a mock oracle, another contract's native
//! build). A delegate call always reverts: no Ballast contract makes one.
//!
//! ```ignore
//! let host = TestHost::new();
//! host.add_token(USDC, ReturnMode::Nothing);       // USDT-style: no bool
//! host.mint(USDC, ALICE, U256::from(1_000));
//! host.approve(USDC, ALICE, host.contract_address(), U256::MAX);
//! let mut vault = InsuranceFund::from(&host);      // any #[storage] type
//! host.set_sender(ALICE);
//! vault.deposit(U256::from(100), ALICE)?;          // runs the real transferFrom path
//! assert_eq!(host.events::<Transfer>().len(), 1);  // decode logs by event type
//! ```
//!
//! Enabled by the crate feature `testing` (use it from `[dev-dependencies]` only).
#![allow(unsafe_code)] // Implementing the host's raw call interface requires it.
#![allow(clippy::missing_panics_doc, missing_docs)]

use std::{cell::RefCell, collections::HashMap, ops::Deref, rc::Rc, slice, vec::Vec};

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{SolCall, SolEvent, SolValue};
use stylus_sdk::{
    stylus_core::{
        AccountAccess, BlockAccess, CalldataAccess, ChainAccess, CryptographyAccess, Host,
        MemoryAccess, MessageAccess, MeteringAccess, RawLogAccess, StorageAccess, UnsafeCallAccess,
        UnsafeDeploymentAccess,
    },
    testing::TestVM,
};

use crate::safe_erc20::Erc20Abi;

/// How a mock token answers `transfer`/`transferFrom`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReturnMode {
    /// Standard: moves tokens and returns `true`; reverts on insufficient balance/allowance.
    Bool,
    /// USDT-style: moves tokens and returns no data; reverts on insufficient balance/allowance.
    Nothing,
    /// Broken: moves nothing and returns `false`.
    False,
    /// Broken: always reverts.
    Revert,
}

/// One mock ERC-20.
#[derive(Clone, Debug)]
struct MockToken {
    mode: ReturnMode,
    decimals: u8,
    balances: HashMap<Address, U256>,
    allowances: HashMap<(Address, Address), U256>,
    total_supply: U256,
    transfer_calls: usize,
}

impl MockToken {
    fn balance(&self, who: Address) -> U256 {
        self.balances.get(&who).copied().unwrap_or_default()
    }

    fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.allowances
            .get(&(owner, spender))
            .copied()
            .unwrap_or_default()
    }

    /// Moves tokens; `false` when the balance is short.
    fn move_tokens(&mut self, from: Address, to: Address, amount: U256) -> bool {
        let from_balance = self.balance(from);
        if from_balance < amount {
            return false;
        }
        self.balances.insert(from, from_balance - amount);
        let to_balance = self.balance(to);
        self.balances.insert(to, to_balance + amount);
        true
    }

    /// Executes a call from `caller`; `Err` = revert data.
    fn execute(&mut self, caller: Address, data: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
        if data.len() < 4 {
            return Err(Vec::new());
        }
        let selector: [u8; 4] = data[..4].try_into().expect("should have 4 bytes");
        let ok_bool = |mode: ReturnMode| match mode {
            ReturnMode::Bool => Ok(true.abi_encode()),
            ReturnMode::Nothing => Ok(Vec::new()),
            ReturnMode::False => Ok(false.abi_encode()),
            ReturnMode::Revert => Err(Vec::new()),
        };
        match selector {
            Erc20Abi::transferCall::SELECTOR => {
                let call = Erc20Abi::transferCall::abi_decode(data).map_err(|_| Vec::new())?;
                self.transfer_calls += 1;
                let mode = self.mode;
                if matches!(mode, ReturnMode::False | ReturnMode::Revert) {
                    return ok_bool(mode);
                }
                if !self.move_tokens(caller, call.to, call.amount) {
                    return Err(b"ERC20: transfer amount exceeds balance".to_vec());
                }
                ok_bool(mode)
            }
            Erc20Abi::transferFromCall::SELECTOR => {
                let call = Erc20Abi::transferFromCall::abi_decode(data).map_err(|_| Vec::new())?;
                self.transfer_calls += 1;
                if matches!(self.mode, ReturnMode::False | ReturnMode::Revert) {
                    return ok_bool(self.mode);
                }
                let allowance = self.allowance(call.from, caller);
                if allowance < call.amount {
                    return Err(b"ERC20: insufficient allowance".to_vec());
                }
                if !self.move_tokens(call.from, call.to, call.amount) {
                    return Err(b"ERC20: transfer amount exceeds balance".to_vec());
                }
                if allowance != U256::MAX {
                    self.allowances
                        .insert((call.from, caller), allowance - call.amount);
                }
                ok_bool(self.mode)
            }
            Erc20Abi::balanceOfCall::SELECTOR => {
                let call = Erc20Abi::balanceOfCall::abi_decode(data).map_err(|_| Vec::new())?;
                Ok(self.balance(call.account).abi_encode())
            }
            Erc20Abi::decimalsCall::SELECTOR => Ok(U256::from(self.decimals).abi_encode()),
            _ => Err(Vec::new()),
        }
    }
}

/// Which call opcode reached the callee.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallKind {
    /// `CALL` (with zero value: calls with value are refused before any callee sees them).
    Call,
    /// `STATICCALL`.
    StaticCall,
}

/// A call's outcome: `Ok(return data)` or `Err(revert data)`.
pub type CallResult = Result<Vec<u8>, Vec<u8>>;

/// The hook of [`TestHost::set_callee`]: `(host, kind, to, calldata)`, `None` for calls it does
/// not answer.
type Callee = Rc<dyn Fn(&TestHost, CallKind, Address, &[u8]) -> Option<CallResult>>;

/// State shared by all clones of one [`TestHost`].
#[derive(Default)]
struct World {
    tokens: HashMap<Address, MockToken>,
    callee: Option<Callee>,
    last_return: Vec<u8>,
}

/// A `Host` for native tests: a `TestVM` whose calls reach real mock ERC-20 tokens.
///
/// Derefs to the `TestVM`, so `set_sender`, `set_block_timestamp`, `set_contract_address`,
/// `get_emitted_logs`, ... are available directly.
#[derive(Clone, Default)]
pub struct TestHost {
    vm: TestVM,
    world: Rc<RefCell<World>>,
}

impl Deref for TestHost {
    type Target = TestVM;

    fn deref(&self) -> &TestVM {
        &self.vm
    }
}

impl TestHost {
    /// A fresh VM (timestamp 0, default contract address) with no tokens.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a mock ERC-20 at `token` (6 decimals, no balances).
    pub fn add_token(&self, token: Address, mode: ReturnMode) {
        let mock = MockToken {
            mode,
            decimals: 6,
            balances: HashMap::new(),
            allowances: HashMap::new(),
            total_supply: U256::ZERO,
            transfer_calls: 0,
        };
        self.world.borrow_mut().tokens.insert(token, mock);
    }

    /// Installs the hook that answers calls before the mock tokens do; it returns `None` for the
    /// calls it leaves to them. It receives this host and may call back into it (the host holds no
    /// borrow while it runs). Capturing a clone of this host in the hook would leak both; use the
    /// argument.
    pub fn set_callee(
        &self,
        callee: impl Fn(&TestHost, CallKind, Address, &[u8]) -> Option<CallResult> + 'static,
    ) {
        self.world.borrow_mut().callee = Some(Rc::new(callee));
    }

    /// Changes how `token` answers transfers from now on.
    pub fn set_token_mode(&self, token: Address, mode: ReturnMode) {
        self.with_token(token, |t| t.mode = mode);
    }

    /// Sets what `token.decimals()` returns.
    pub fn set_token_decimals(&self, token: Address, decimals: u8) {
        self.with_token(token, |t| t.decimals = decimals);
    }

    /// Creates `amount` of `token` for `to`.
    pub fn mint(&self, token: Address, to: Address, amount: U256) {
        self.with_token(token, |t| {
            let balance = t.balance(to);
            t.balances.insert(to, balance + amount);
            t.total_supply += amount;
        });
    }

    /// Sets `owner`'s allowance for `spender` on `token`.
    pub fn approve(&self, token: Address, owner: Address, spender: Address, amount: U256) {
        self.with_token(token, |t| {
            t.allowances.insert((owner, spender), amount);
        });
    }

    /// Moves `token` from `from` to `to` outside any contract (e.g. a donation).
    pub fn transfer_as(&self, token: Address, from: Address, to: Address, amount: U256) {
        let moved = self.with_token(token, |t| t.move_tokens(from, to, amount));
        assert!(moved, "mock transfer_as: balance too low");
    }

    /// Returns `token.balanceOf(who)`.
    #[must_use]
    pub fn token_balance(&self, token: Address, who: Address) -> U256 {
        self.with_token(token, |t| t.balance(who))
    }

    /// Returns `token.allowance(owner, spender)`.
    #[must_use]
    pub fn token_allowance(&self, token: Address, owner: Address, spender: Address) -> U256 {
        self.with_token(token, |t| t.allowance(owner, spender))
    }

    /// Returns how many `transfer`/`transferFrom` calls `token` received.
    #[must_use]
    pub fn token_transfer_calls(&self, token: Address) -> usize {
        self.with_token(token, |t| t.transfer_calls)
    }

    /// Decodes every emitted log whose topic 0 is `T`'s signature hash, in order.
    #[must_use]
    pub fn events<T: SolEvent>(&self) -> Vec<T> {
        self.vm
            .get_emitted_logs()
            .into_iter()
            .filter(|(topics, _)| topics.first() == Some(&T::SIGNATURE_HASH))
            .map(|(topics, data)| {
                T::decode_raw_log(topics, &data).expect("should decode a log with its own topic")
            })
            .collect()
    }

    /// Returns the number of emitted logs.
    #[must_use]
    pub fn log_count(&self) -> usize {
        self.vm.get_emitted_logs().len()
    }

    /// Forgets emitted logs (and any `TestVM` call mocks).
    pub fn clear_logs(&self) {
        self.vm.clear_mocks();
    }

    fn with_token<R>(&self, token: Address, f: impl FnOnce(&mut MockToken) -> R) -> R {
        let mut world = self.world.borrow_mut();
        let mock = world
            .tokens
            .get_mut(&token)
            .expect("token should be registered");
        f(mock)
    }

    /// Runs a call: the hook of [`Self::set_callee`] first, then the mock tokens; a static call to
    /// a token's transfer functions reverts; any other address behaves like an account without
    /// code.
    fn run_call(&self, kind: CallKind, to: Address, data: &[u8]) -> CallResult {
        let callee = self.world.borrow().callee.clone();
        if let Some(result) = callee.and_then(|callee| callee(self, kind, to, data)) {
            return result;
        }
        match kind {
            CallKind::Call => self.dispatch(to, data),
            // Mock tokens only change state on transfer selectors; a static call to one of those
            // would be a contract bug, so reject it like the EVM's static-context write would.
            CallKind::StaticCall => {
                let is_write = data.len() >= 4
                    && (data[..4] == Erc20Abi::transferCall::SELECTOR
                        || data[..4] == Erc20Abi::transferFromCall::SELECTOR);
                if is_write {
                    Err(Vec::new())
                } else {
                    self.dispatch(to, data)
                }
            }
        }
    }

    /// Runs a call to a mock token; unknown addresses behave like accounts without code.
    fn dispatch(&self, to: Address, data: &[u8]) -> CallResult {
        let caller = self.vm.contract_address();
        let mut world = self.world.borrow_mut();
        match world.tokens.get_mut(&to) {
            Some(token) => {
                // A revert rolls back the callee's state, as on chain.
                let before = token.clone();
                let result = token.execute(caller, data);
                if result.is_err() {
                    let calls = token.transfer_calls;
                    *token = before;
                    token.transfer_calls = calls;
                }
                result
            }
            None => Ok(Vec::new()),
        }
    }

    /// Stores the call's return data and returns the host status (0 = success).
    fn finish(&self, result: CallResult, outs_len: &mut usize) -> u8 {
        let (data, status) = match result {
            Ok(data) => (data, 0),
            Err(data) => (data, 1),
        };
        *outs_len = data.len();
        self.world.borrow_mut().last_return = data;
        status
    }
}

impl Host for TestHost {}

impl CryptographyAccess for TestHost {
    fn native_keccak256(&self, input: &[u8]) -> B256 {
        self.vm.native_keccak256(input)
    }
}

impl CalldataAccess for TestHost {
    fn read_args(&self, len: usize) -> Vec<u8> {
        self.vm.read_args(len)
    }

    fn read_return_data(&self, offset: usize, size: Option<usize>) -> Vec<u8> {
        let world = self.world.borrow();
        let data = &world.last_return;
        let start = offset.min(data.len());
        let end = size.map_or(data.len(), |s| (start + s).min(data.len()));
        data[start..end].to_vec()
    }

    fn return_data_size(&self) -> usize {
        self.world.borrow().last_return.len()
    }

    fn write_result(&self, data: &[u8]) {
        self.vm.write_result(data);
    }
}

// SAFETY: forwards the raw pointers unchanged to `TestVM`, which upholds the same contract.
unsafe impl UnsafeDeploymentAccess for TestHost {
    unsafe fn create1(
        &self,
        code: *const u8,
        code_len: usize,
        endowment: *const u8,
        contract: *mut u8,
        revert_data_len: *mut usize,
    ) {
        // SAFETY: same arguments, same contract as the caller's.
        unsafe {
            self.vm
                .create1(code, code_len, endowment, contract, revert_data_len)
        }
    }

    unsafe fn create2(
        &self,
        code: *const u8,
        code_len: usize,
        endowment: *const u8,
        salt: *const u8,
        contract: *mut u8,
        revert_data_len: *mut usize,
    ) {
        // SAFETY: same arguments, same contract as the caller's.
        unsafe {
            self.vm
                .create2(code, code_len, endowment, salt, contract, revert_data_len)
        }
    }
}

impl StorageAccess for TestHost {
    fn storage_load_bytes32(&self, key: U256) -> B256 {
        self.vm.storage_load_bytes32(key)
    }

    unsafe fn storage_cache_bytes32(&self, key: U256, value: B256) {
        // SAFETY: same arguments, same contract as the caller's.
        unsafe { self.vm.storage_cache_bytes32(key, value) }
    }

    fn flush_cache(&self, clear: bool) {
        self.vm.flush_cache(clear);
    }
}

// SAFETY: reads exactly `data_len` bytes from `data`, 20 from `to`, 32 from `value`, as the
// host interface promises the caller provides.
unsafe impl UnsafeCallAccess for TestHost {
    unsafe fn call_contract(
        &self,
        to: *const u8,
        data: *const u8,
        data_len: usize,
        value: *const u8,
        _gas: u64,
        outs_len: &mut usize,
    ) -> u8 {
        // SAFETY: pointer sizes are guaranteed by the host interface (see the impl comment).
        let (to, data, value) = unsafe {
            (
                Address::from_slice(slice::from_raw_parts(to, 20)),
                slice::from_raw_parts(data, data_len),
                U256::from_be_slice(slice::from_raw_parts(value, 32)),
            )
        };
        let result = if value.is_zero() {
            self.run_call(CallKind::Call, to, data)
        } else {
            Err(Vec::new())
        };
        self.finish(result, outs_len)
    }

    unsafe fn static_call_contract(
        &self,
        to: *const u8,
        data: *const u8,
        data_len: usize,
        _gas: u64,
        outs_len: &mut usize,
    ) -> u8 {
        // SAFETY: pointer sizes are guaranteed by the host interface (see the impl comment).
        let (to, data) = unsafe {
            (
                Address::from_slice(slice::from_raw_parts(to, 20)),
                slice::from_raw_parts(data, data_len),
            )
        };
        let result = self.run_call(CallKind::StaticCall, to, data);
        self.finish(result, outs_len)
    }

    /// Reverts with no data: no Ballast contract delegate-calls, and a delegate call would run
    /// code this host does not know on the caller's storage.
    unsafe fn delegate_call_contract(
        &self,
        _to: *const u8,
        _data: *const u8,
        _data_len: usize,
        _gas: u64,
        outs_len: &mut usize,
    ) -> u8 {
        self.finish(Err(Vec::new()), outs_len)
    }
}

impl BlockAccess for TestHost {
    fn block_basefee(&self) -> U256 {
        self.vm.block_basefee()
    }

    fn block_coinbase(&self) -> Address {
        self.vm.block_coinbase()
    }

    fn block_number(&self) -> u64 {
        self.vm.block_number()
    }

    fn block_timestamp(&self) -> u64 {
        self.vm.block_timestamp()
    }

    fn block_gas_limit(&self) -> u64 {
        self.vm.block_gas_limit()
    }
}

impl ChainAccess for TestHost {
    fn chain_id(&self) -> u64 {
        self.vm.chain_id()
    }
}

impl AccountAccess for TestHost {
    fn balance(&self, account: Address) -> U256 {
        self.vm.balance(account)
    }

    fn contract_address(&self) -> Address {
        self.vm.contract_address()
    }

    fn code(&self, account: Address) -> Vec<u8> {
        if self.world.borrow().tokens.contains_key(&account) {
            return vec![0xfe]; // any non-empty code
        }
        self.vm.code(account)
    }

    fn code_size(&self, account: Address) -> usize {
        self.code(account).len()
    }

    fn code_hash(&self, account: Address) -> B256 {
        alloy_primitives::keccak256(self.code(account))
    }
}

impl MemoryAccess for TestHost {
    fn pay_for_memory_grow(&self, pages: u16) {
        self.vm.pay_for_memory_grow(pages);
    }
}

impl MessageAccess for TestHost {
    fn msg_sender(&self) -> Address {
        self.vm.msg_sender()
    }

    fn msg_reentrant(&self) -> bool {
        self.vm.msg_reentrant()
    }

    fn msg_value(&self) -> U256 {
        self.vm.msg_value()
    }

    fn tx_origin(&self) -> Address {
        self.vm.tx_origin()
    }
}

impl MeteringAccess for TestHost {
    fn evm_gas_left(&self) -> u64 {
        self.vm.evm_gas_left()
    }

    fn evm_ink_left(&self) -> u64 {
        self.vm.evm_ink_left()
    }

    fn tx_gas_price(&self) -> U256 {
        self.vm.tx_gas_price()
    }

    fn tx_ink_price(&self) -> u32 {
        self.vm.tx_ink_price()
    }
}

impl RawLogAccess for TestHost {
    fn emit_log(&self, input: &[u8], num_topics: usize) {
        self.vm.emit_log(input, num_topics);
    }

    fn raw_log(&self, topics: &[B256], data: &[u8]) -> Result<(), &'static str> {
        self.vm.raw_log(topics, data)
    }
}

#[cfg(test)]
mod tests {
    use alloy_primitives::address;

    use super::*;

    const TOKEN: Address = address!("00000000000000000000000000000000000070C0");
    const ALICE: Address = address!("00000000000000000000000000000000000A11CE");

    #[test]
    fn dispatch_rolls_back_when_token_reverts() {
        let host = TestHost::new();
        host.add_token(TOKEN, ReturnMode::Bool);
        host.mint(TOKEN, host.contract_address(), U256::from(5));
        let data = crate::safe_erc20::transfer_calldata(ALICE, U256::from(6));
        assert!(host.dispatch(TOKEN, &data).is_err());
        assert_eq!(
            host.token_balance(TOKEN, host.contract_address()),
            U256::from(5)
        );
        assert_eq!(host.token_transfer_calls(TOKEN), 1);
    }

    #[test]
    fn callee_answers_first_and_leaves_the_rest_to_the_tokens() {
        let host = TestHost::new();
        host.add_token(TOKEN, ReturnMode::Bool);
        host.mint(TOKEN, ALICE, U256::from(7));
        host.set_callee(|host, kind, to, data| {
            (to == ALICE).then(|| {
                // Calls back into the host while answering: no borrow may be held.
                let balance = host.token_balance(TOKEN, ALICE);
                let mut answer = vec![kind as u8, data.len() as u8];
                answer.extend_from_slice(&balance.to_be_bytes::<32>()[31..]);
                Ok(answer)
            })
        });
        assert_eq!(
            host.run_call(CallKind::StaticCall, ALICE, &[9; 5]),
            Ok(vec![1, 5, 7])
        );
        assert_eq!(host.run_call(CallKind::Call, ALICE, &[]), Ok(vec![0, 0, 7]));
        let balance_of = Erc20Abi::balanceOfCall { account: ALICE }.abi_encode();
        assert_eq!(
            host.run_call(CallKind::StaticCall, TOKEN, &balance_of),
            Ok(U256::from(7).abi_encode())
        );
        let transfer = crate::safe_erc20::transfer_calldata(ALICE, U256::from(1));
        assert!(host
            .run_call(CallKind::StaticCall, TOKEN, &transfer)
            .is_err());
    }

    #[test]
    fn delegate_calls_revert_even_where_the_callee_answers() {
        let host = TestHost::new();
        host.set_callee(|_, _, _, _| Some(Ok(vec![1])));
        let mut outs_len = 7;
        // SAFETY: `to` points to 20 bytes; no calldata is read.
        let status = unsafe {
            host.delegate_call_contract(ALICE.as_slice().as_ptr(), [].as_ptr(), 0, 0, &mut outs_len)
        };
        assert_eq!((status, outs_len), (1, 0));
    }

    #[test]
    fn dispatch_succeeds_without_data_when_address_unknown() {
        let host = TestHost::new();
        assert_eq!(host.dispatch(ALICE, &[1, 2, 3, 4]), Ok(Vec::new()));
    }
}
