//! The `vm_hooks` host interface: per-invocation state ([`HostState`]) and the 42 host functions.
//!
//! Hostios that only touch the invocation's own data (calldata, output, storage-cache hits, context
//! fields, math, keccak) complete inside the host function. Hostios that need the EVM (storage misses
//! and flushes, transient storage, account queries, logs, calls, creates, memory payment) charge
//! their base ink, read their inputs, park an [`EvmRequest`] in the state and escape with
//! [`Escape::Yield`]; the executor performs the request against revm and resumes the wasm.

use std::{collections::HashMap, fmt};

use alloy_primitives::{keccak256, Address, Bytes, B256, U256};
use wasmi::{AsContext, AsContextMut, Caller, Engine, Global, Linker, Memory, Val};

use super::pricing::{self, EVM_API_INK, HOSTIO_INK, PTR_INK};

/// Why the wasm stopped inside a host function.
#[derive(Debug)]
pub(crate) enum Escape {
    /// An [`EvmRequest`] is parked in the state; resume after performing it.
    Yield,
    /// `exit_early(status)`.
    Exit(i32),
    /// Ink ran out inside a hostio.
    OutOfInk,
    /// A hostio failed (bad pointer, write protection, malformed log...): the program fails.
    Failure(String),
}

impl fmt::Display for Escape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Yield => write!(f, "yield to the evm"),
            Self::Exit(status) => write!(f, "exit early with status {status}"),
            Self::OutOfInk => write!(f, "out of ink"),
            Self::Failure(reason) => write!(f, "hostio failure: {reason}"),
        }
    }
}

impl wasmi::errors::HostError for Escape {}

/// Result type of host functions.
type HostResult<T> = Result<T, wasmi::Error>;

/// Wraps an [`Escape`] as the wasmi host error that suspends or ends the call.
fn escape(e: Escape) -> wasmi::Error {
    wasmi::Error::host(e)
}

/// A hostio failure (the program ends as Failure: revert, empty data, gas kept).
fn failure(reason: impl Into<String>) -> wasmi::Error {
    escape(Escape::Failure(reason.into()))
}

/// Kind of outgoing call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallKind {
    /// `call_contract`.
    Call,
    /// `delegate_call_contract`.
    Delegate,
    /// `static_call_contract`.
    Static,
}

/// An operation a hostio needs the EVM for.
#[derive(Debug)]
pub(crate) enum EvmRequest {
    /// Storage-cache miss: SLOAD `key` and write the value to `dest`.
    StorageLoad { key: B256, dest: u32 },
    /// Write the dirty cache slots; `clear` empties the cache afterwards.
    Flush { clear: bool },
    /// TLOAD into `dest`.
    TransientLoad { key: B256, dest: u32 },
    /// TSTORE.
    TransientStore { key: B256, value: B256 },
    /// A call of any kind.
    Call {
        kind: CallKind,
        target: Address,
        input: Bytes,
        value: U256,
        gas: u64,
        ret_len_out: u32,
    },
    /// CREATE / CREATE2 with EVM init code.
    Create {
        code: Bytes,
        endowment: U256,
        salt: Option<B256>,
        addr_out: u32,
        revert_len_out: u32,
    },
    /// LOG0..LOG4.
    Log { topics: Vec<B256>, data: Bytes },
    /// Balance of `address` into `dest`.
    Balance { address: Address, dest: u32 },
    /// Code hash of `address` into `dest`.
    CodeHash { address: Address, dest: u32 },
    /// Code size of `address` (returned).
    CodeSize { address: Address },
    /// Code of `address` from `offset`, at most `size` bytes into `dest` (count returned).
    Code {
        address: Address,
        offset: u32,
        size: u32,
        dest: u32,
    },
    /// Pay for `pages` new memory pages.
    MemoryGrow { pages: u16 },
}

/// Block, transaction and message fields of one invocation (nitro's `EvmData`).
#[derive(Debug, Clone, Default)]
pub(crate) struct EvmData {
    pub(crate) block_basefee: U256,
    pub(crate) chain_id: u64,
    pub(crate) coinbase: Address,
    pub(crate) block_gas_limit: u64,
    pub(crate) block_number: u64,
    pub(crate) block_timestamp: u64,
    pub(crate) contract_address: Address,
    pub(crate) msg_sender: Address,
    pub(crate) msg_value: U256,
    pub(crate) tx_gas_price: U256,
    pub(crate) tx_origin: Address,
    pub(crate) reentrant: bool,
    pub(crate) is_static: bool,
}

/// One storage-cache entry: the value the program sees and the value the EVM has, if known.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CacheSlot {
    pub(crate) value: B256,
    pub(crate) known: Option<B256>,
}

impl CacheSlot {
    /// True if the EVM does not (known to) hold this value, so a flush must write it.
    pub(crate) fn is_dirty(&self) -> bool {
        self.known != Some(self.value)
    }
}

/// Everything one program invocation owns (the wasmi store data).
#[derive(Debug, Default)]
pub(crate) struct HostState {
    /// Calldata (`read_args`).
    pub(crate) args: Vec<u8>,
    /// Pending output (`write_result`), used as return or revert data depending on the status.
    pub(crate) output: Vec<u8>,
    /// The invocation's storage cache (§6); never shared with other frames.
    pub(crate) storage: HashMap<B256, CacheSlot>,
    /// Storage loads so far (drives the read fee; not reset by a clearing flush).
    pub(crate) loads: u32,
    /// Cache writes so far (drives the write fee).
    pub(crate) writes: u32,
    /// Return data of the last call or create made by this invocation.
    pub(crate) return_data: Vec<u8>,
    /// Last non-empty code read by `account_code*` (repeat queries are free).
    pub(crate) last_code: Option<(Address, Bytes)>,
    /// Block, transaction and message fields.
    pub(crate) env: EvmData,
    /// The request a suspended hostio is waiting on.
    pub(crate) request: Option<EvmRequest>,
    /// The program's memory, set after instantiation.
    pub(crate) memory: Option<Memory>,
    /// Injected `stylus_ink_left` global.
    pub(crate) ink_global: Option<Global>,
    /// Injected `stylus_ink_status` global (1 = out of ink).
    pub(crate) status_global: Option<Global>,
    /// Injected `stylus_stack_left` global (0 = out of stack).
    pub(crate) stack_global: Option<Global>,
    /// Gas that hostios charged as gas (storage, account access, logs, fees, memory growth, calls' base cost),
    /// excluding the gas forwarded to child frames: for statistics (what is not wasm execution).
    pub(crate) hostio_gas: u64,
}

// ------------------------------------------------------------------ ink and memory helpers

/// Ink left in the program.
pub(crate) fn ink_left(ctx: impl AsContext<Data = HostState>) -> u64 {
    let ctx = ctx.as_context();
    let global = ctx
        .data()
        .ink_global
        .expect("should set the ink global at instantiation");
    global.get(ctx).i64().unwrap_or_default() as u64
}

/// Overwrites the ink left.
pub(crate) fn set_ink(mut ctx: impl AsContextMut<Data = HostState>, ink: u64) {
    let global = ctx
        .as_context()
        .data()
        .ink_global
        .expect("should set the ink global at instantiation");
    // The global is an injected mutable i64, so the set cannot fail.
    let _ = global.set(&mut ctx, Val::I64(ink as i64));
}

/// Marks the ink as exhausted and returns the escape to raise.
pub(crate) fn out_of_ink(mut ctx: impl AsContextMut<Data = HostState>) -> wasmi::Error {
    set_ink(&mut ctx, 0);
    if let Some(status) = ctx.as_context().data().status_global {
        let _ = status.set(&mut ctx, Val::I32(1));
    }
    escape(Escape::OutOfInk)
}

/// Charges `ink`, failing with out-of-ink when short.
pub(crate) fn buy_ink(mut ctx: impl AsContextMut<Data = HostState>, ink: u64) -> HostResult<()> {
    let left = ink_left(&ctx);
    if left < ink {
        return Err(out_of_ink(ctx));
    }
    set_ink(&mut ctx, left - ink);
    Ok(())
}

/// Charges `gas` worth of ink.
pub(crate) fn buy_gas(mut ctx: impl AsContextMut<Data = HostState>, gas: u64) -> HostResult<()> {
    buy_ink(&mut ctx, pricing::gas_to_ink(gas))?;
    let mut ctx = ctx.as_context_mut();
    let state = ctx.data_mut();
    state.hostio_gas = state.hostio_gas.saturating_add(gas);
    Ok(())
}

/// Checks (without charging) that `gas` worth of ink is left.
fn require_gas(ctx: impl AsContextMut<Data = HostState>, gas: u64) -> HostResult<()> {
    if ink_left(&ctx) < pricing::gas_to_ink(gas) {
        return Err(out_of_ink(ctx));
    }
    Ok(())
}

/// The program's exported memory.
fn memory(ctx: &impl AsContext<Data = HostState>) -> Memory {
    ctx.as_context()
        .data()
        .memory
        .expect("should set the memory at instantiation")
}

/// Reads `len` bytes of guest memory at `ptr`.
pub(crate) fn read_bytes(
    ctx: impl AsContext<Data = HostState>,
    ptr: u32,
    len: u32,
) -> HostResult<Vec<u8>> {
    let mut buf = vec![0u8; len as usize];
    memory(&ctx)
        .read(&ctx, ptr as usize, &mut buf)
        .map_err(|_| failure(format!("read of {len} bytes at {ptr} out of bounds")))?;
    Ok(buf)
}

/// Reads a 32-byte word.
fn read32(ctx: impl AsContext<Data = HostState>, ptr: u32) -> HostResult<B256> {
    Ok(B256::from_slice(&read_bytes(ctx, ptr, 32)?))
}

/// Reads a 20-byte address.
fn read_address(ctx: impl AsContext<Data = HostState>, ptr: u32) -> HostResult<Address> {
    Ok(Address::from_slice(&read_bytes(ctx, ptr, 20)?))
}

/// Writes `bytes` to guest memory at `ptr`.
pub(crate) fn write_bytes(
    mut ctx: impl AsContextMut<Data = HostState>,
    ptr: u32,
    bytes: &[u8],
) -> HostResult<()> {
    let memory = memory(&ctx);
    memory.write(&mut ctx, ptr as usize, bytes).map_err(|_| {
        failure(format!(
            "write of {} bytes at {ptr} out of bounds",
            bytes.len()
        ))
    })
}

/// Writes a little-endian u32 (a wasm `i32.store`).
pub(crate) fn write_u32(
    ctx: impl AsContextMut<Data = HostState>,
    ptr: u32,
    value: u32,
) -> HostResult<()> {
    write_bytes(ctx, ptr, &value.to_le_bytes())
}

/// Parks `request` for the executor and suspends the wasm.
fn yield_request(mut caller: Caller<'_, HostState>, request: EvmRequest) -> wasmi::Error {
    caller.data_mut().request = Some(request);
    escape(Escape::Yield)
}

/// Fails the program if it runs in a static context (write protection).
fn write_static_context(caller: &Caller<'_, HostState>) -> HostResult<()> {
    if caller.data().env.is_static {
        return Err(failure("write protection"));
    }
    Ok(())
}

// ------------------------------------------------------------------ the linker

type C<'a> = Caller<'a, HostState>;

/// Builds the linker with all 42 `vm_hooks` functions.
pub(crate) fn linker(engine: &Engine) -> Linker<HostState> {
    let mut linker = Linker::new(engine);
    define(&mut linker).expect("should define each vm_hooks function once");
    linker
}

/// Big-endian bytes of a U256.
fn word_of(u: U256) -> [u8; 32] {
    u.to_be_bytes::<32>()
}

/// Defines the 42 host functions; each charges its base ink first (§3.2, §5.4).
#[allow(clippy::too_many_lines)]
fn define(l: &mut Linker<HostState>) -> Result<(), wasmi::errors::LinkerError> {
    const M: &str = super::hostios::HOST_MODULE;

    l.func_wrap(
        M,
        "read_args",
        |mut c: C<'_>, dest: u32| -> HostResult<()> {
            let len = c.data().args.len() as u64;
            buy_ink(&mut c, HOSTIO_INK + pricing::write_ink(len))?;
            let args = std::mem::take(&mut c.data_mut().args);
            let written = write_bytes(&mut c, dest, &args);
            c.data_mut().args = args;
            written
        },
    )?;
    l.func_wrap(
        M,
        "write_result",
        |mut c: C<'_>, ptr: u32, len: u32| -> HostResult<()> {
            buy_ink(&mut c, HOSTIO_INK + 2 * pricing::read_ink(u64::from(len)))?;
            let data = read_bytes(&c, ptr, len)?;
            c.data_mut().output = data;
            Ok(())
        },
    )?;
    l.func_wrap(M, "exit_early", |_: C<'_>, status: i32| -> HostResult<()> {
        Err(escape(Escape::Exit(status)))
    })?;
    l.func_wrap(
        M,
        "storage_load_bytes32",
        |mut c: C<'_>, key: u32, dest: u32| -> HostResult<()> {
            buy_ink(&mut c, HOSTIO_INK + 2 * PTR_INK)?;
            require_gas(&mut c, 2_100 + 10 + pricing::ink_to_gas(EVM_API_INK))?;
            let key = read32(&c, key)?;
            c.data_mut().loads += 1;
            let fee = pricing::storage_read_fee(c.data().loads);
            if let Some(slot) = c.data().storage.get(&key).copied() {
                buy_gas(&mut c, fee)?;
                return write_bytes(&mut c, dest, slot.value.as_slice());
            }
            Err(yield_request(c, EvmRequest::StorageLoad { key, dest }))
        },
    )?;
    l.func_wrap(
        M,
        "storage_cache_bytes32",
        |mut c: C<'_>, key: u32, value: u32| -> HostResult<()> {
            buy_ink(&mut c, HOSTIO_INK + 2 * PTR_INK)?;
            require_gas(&mut c, 2_300 + 10)?;
            let (key, value) = (read32(&c, key)?, read32(&c, value)?);
            c.data_mut().writes += 1;
            let fee = pricing::storage_write_fee(c.data().writes);
            buy_gas(&mut c, fee)?;
            c.data_mut()
                .storage
                .entry(key)
                .and_modify(|slot| slot.value = value)
                .or_insert(CacheSlot { value, known: None });
            Ok(())
        },
    )?;
    l.func_wrap(
        M,
        "storage_flush_cache",
        |mut c: C<'_>, clear: i32| -> HostResult<()> {
            buy_ink(&mut c, HOSTIO_INK + EVM_API_INK)?;
            require_gas(&mut c, 2_300)?;
            let dirty = c.data().storage.values().any(CacheSlot::is_dirty);
            if !dirty {
                if clear != 0 {
                    c.data_mut().storage.clear();
                }
                return Ok(());
            }
            write_static_context(&c)?;
            Err(yield_request(c, EvmRequest::Flush { clear: clear != 0 }))
        },
    )?;
    l.func_wrap(
        M,
        "transient_load_bytes32",
        |mut c: C<'_>, key: u32, dest: u32| -> HostResult<()> {
            buy_ink(&mut c, HOSTIO_INK + 2 * PTR_INK + EVM_API_INK)?;
            buy_gas(&mut c, 100)?;
            let key = read32(&c, key)?;
            Err(yield_request(c, EvmRequest::TransientLoad { key, dest }))
        },
    )?;
    l.func_wrap(
        M,
        "transient_store_bytes32",
        |mut c: C<'_>, key: u32, value: u32| -> HostResult<()> {
            buy_ink(&mut c, HOSTIO_INK + 2 * PTR_INK + EVM_API_INK)?;
            buy_gas(&mut c, 100)?;
            write_static_context(&c)?;
            let (key, value) = (read32(&c, key)?, read32(&c, value)?);
            Err(yield_request(c, EvmRequest::TransientStore { key, value }))
        },
    )?;
    l.func_wrap(
        M,
        "call_contract",
        |mut c: C<'_>,
         addr: u32,
         data: u32,
         len: u32,
         value: u32,
         gas: u64,
         ret: u32|
         -> HostResult<u32> {
            let value = U256::from_be_bytes(read32(&c, value)?.0);
            call(&mut c, CallKind::Call, addr, data, len, value, gas, ret)
        },
    )?;
    l.func_wrap(
        M,
        "delegate_call_contract",
        |mut c: C<'_>, addr: u32, data: u32, len: u32, gas: u64, ret: u32| -> HostResult<u32> {
            call(
                &mut c,
                CallKind::Delegate,
                addr,
                data,
                len,
                U256::ZERO,
                gas,
                ret,
            )
        },
    )?;
    l.func_wrap(
        M,
        "static_call_contract",
        |mut c: C<'_>, addr: u32, data: u32, len: u32, gas: u64, ret: u32| -> HostResult<u32> {
            call(
                &mut c,
                CallKind::Static,
                addr,
                data,
                len,
                U256::ZERO,
                gas,
                ret,
            )
        },
    )?;
    l.func_wrap(
        M,
        "create1",
        |mut c: C<'_>,
         code: u32,
         len: u32,
         endowment: u32,
         addr_out: u32,
         revert_out: u32|
         -> HostResult<()> {
            create(&mut c, code, len, endowment, None, addr_out, revert_out)
        },
    )?;
    l.func_wrap(
        M,
        "create2",
        |mut c: C<'_>,
         code: u32,
         len: u32,
         endowment: u32,
         salt: u32,
         addr_out: u32,
         revert_out: u32|
         -> HostResult<()> {
            create(
                &mut c,
                code,
                len,
                endowment,
                Some(salt),
                addr_out,
                revert_out,
            )
        },
    )?;
    l.func_wrap(
        M,
        "read_return_data",
        |mut c: C<'_>, dest: u32, offset: u32, size: u32| -> HostResult<u32> {
            let len = c.data().return_data.len();
            let start = (offset as usize).min(len);
            let end = start.saturating_add(size as usize).min(len);
            buy_ink(
                &mut c,
                HOSTIO_INK + EVM_API_INK + pricing::write_ink((end - start) as u64),
            )?;
            let slice = c.data().return_data[start..end].to_vec();
            write_bytes(&mut c, dest, &slice)?;
            Ok(slice.len() as u32)
        },
    )?;
    l.func_wrap(M, "return_data_size", |mut c: C<'_>| -> HostResult<u32> {
        buy_ink(&mut c, HOSTIO_INK)?;
        Ok(c.data().return_data.len() as u32)
    })?;
    l.func_wrap(
        M,
        "emit_log",
        |mut c: C<'_>, data: u32, len: u32, topics: u32| -> HostResult<()> {
            buy_ink(
                &mut c,
                HOSTIO_INK + EVM_API_INK + pricing::read_ink(u64::from(len)),
            )?;
            if topics > 4 || len < topics * 32 {
                return Err(failure("bad topic data"));
            }
            write_static_context(&c)?;
            let bytes = read_bytes(&c, data, len)?;
            buy_gas(
                &mut c,
                375 * (1 + u64::from(topics)) + 8 * u64::from(len - topics * 32),
            )?;
            let split = topics as usize * 32;
            let topic_list = bytes[..split].chunks(32).map(B256::from_slice).collect();
            let data = Bytes::copy_from_slice(&bytes[split..]);
            Err(yield_request(
                c,
                EvmRequest::Log {
                    topics: topic_list,
                    data,
                },
            ))
        },
    )?;
    l.func_wrap(
        M,
        "account_balance",
        |mut c: C<'_>, addr: u32, dest: u32| -> HostResult<()> {
            buy_ink(&mut c, HOSTIO_INK + 2 * PTR_INK + EVM_API_INK)?;
            require_gas(&mut c, 2_600)?;
            let address = read_address(&c, addr)?;
            Err(yield_request(c, EvmRequest::Balance { address, dest }))
        },
    )?;
    l.func_wrap(
        M,
        "account_code",
        |mut c: C<'_>, addr: u32, offset: u32, size: u32, dest: u32| -> HostResult<u32> {
            buy_ink(&mut c, HOSTIO_INK + EVM_API_INK)?;
            let address = read_address(&c, addr)?;
            if let Some((cached, code)) = c.data().last_code.clone() {
                if cached == address {
                    return copy_code(&mut c, &code, offset, size, dest);
                }
            }
            require_gas(&mut c, 2_600)?;
            Err(yield_request(
                c,
                EvmRequest::Code {
                    address,
                    offset,
                    size,
                    dest,
                },
            ))
        },
    )?;
    l.func_wrap(
        M,
        "account_code_size",
        |mut c: C<'_>, addr: u32| -> HostResult<u32> {
            buy_ink(&mut c, HOSTIO_INK + EVM_API_INK)?;
            let address = read_address(&c, addr)?;
            if let Some((cached, code)) = &c.data().last_code {
                if *cached == address {
                    return Ok(code.len() as u32);
                }
            }
            require_gas(&mut c, 2_600)?;
            Err(yield_request(c, EvmRequest::CodeSize { address }))
        },
    )?;
    l.func_wrap(
        M,
        "account_codehash",
        |mut c: C<'_>, addr: u32, dest: u32| -> HostResult<()> {
            buy_ink(&mut c, HOSTIO_INK + 2 * PTR_INK + EVM_API_INK)?;
            require_gas(&mut c, 2_600)?;
            let address = read_address(&c, addr)?;
            Err(yield_request(c, EvmRequest::CodeHash { address, dest }))
        },
    )?;
    l.func_wrap(M, "evm_gas_left", |mut c: C<'_>| -> HostResult<u64> {
        buy_ink(&mut c, HOSTIO_INK)?;
        Ok(pricing::ink_to_gas(ink_left(&c)))
    })?;
    l.func_wrap(M, "evm_ink_left", |mut c: C<'_>| -> HostResult<u64> {
        buy_ink(&mut c, HOSTIO_INK)?;
        Ok(ink_left(&c))
    })?;
    l.func_wrap(
        M,
        "block_basefee",
        |mut c: C<'_>, dest: u32| -> HostResult<()> {
            buy_ink(&mut c, HOSTIO_INK + PTR_INK)?;
            let value = word_of(c.data().env.block_basefee);
            write_bytes(&mut c, dest, &value)
        },
    )?;
    l.func_wrap(M, "chainid", |mut c: C<'_>| -> HostResult<u64> {
        buy_ink(&mut c, HOSTIO_INK)?;
        Ok(c.data().env.chain_id)
    })?;
    l.func_wrap(
        M,
        "block_coinbase",
        |mut c: C<'_>, dest: u32| -> HostResult<()> {
            buy_ink(&mut c, HOSTIO_INK + PTR_INK)?;
            let value = c.data().env.coinbase;
            write_bytes(&mut c, dest, value.as_slice())
        },
    )?;
    l.func_wrap(M, "block_gas_limit", |mut c: C<'_>| -> HostResult<u64> {
        buy_ink(&mut c, HOSTIO_INK)?;
        Ok(c.data().env.block_gas_limit)
    })?;
    l.func_wrap(M, "block_number", |mut c: C<'_>| -> HostResult<u64> {
        buy_ink(&mut c, HOSTIO_INK)?;
        Ok(c.data().env.block_number)
    })?;
    l.func_wrap(M, "block_timestamp", |mut c: C<'_>| -> HostResult<u64> {
        buy_ink(&mut c, HOSTIO_INK)?;
        Ok(c.data().env.block_timestamp)
    })?;
    l.func_wrap(
        M,
        "contract_address",
        |mut c: C<'_>, dest: u32| -> HostResult<()> {
            buy_ink(&mut c, HOSTIO_INK + PTR_INK)?;
            let value = c.data().env.contract_address;
            write_bytes(&mut c, dest, value.as_slice())
        },
    )?;
    l.func_wrap(
        M,
        "math_div",
        |mut c: C<'_>, a: u32, b: u32| -> HostResult<()> {
            buy_ink(&mut c, HOSTIO_INK + 2 * PTR_INK + pricing::DIV_INK)?;
            math2(&mut c, a, b, |x, y| x.checked_div(y).unwrap_or_default())
        },
    )?;
    l.func_wrap(
        M,
        "math_mod",
        |mut c: C<'_>, a: u32, b: u32| -> HostResult<()> {
            buy_ink(&mut c, HOSTIO_INK + 2 * PTR_INK + pricing::DIV_INK)?;
            math2(&mut c, a, b, |x, y| x.checked_rem(y).unwrap_or_default())
        },
    )?;
    l.func_wrap(
        M,
        "math_pow",
        |mut c: C<'_>, a: u32, e: u32| -> HostResult<()> {
            let exponent = read32(&c, e)?;
            buy_ink(
                &mut c,
                HOSTIO_INK + 2 * PTR_INK + pricing::pow_ink(&exponent.0),
            )?;
            math2(&mut c, a, e, |x, y| x.wrapping_pow(y))
        },
    )?;
    l.func_wrap(
        M,
        "math_add_mod",
        |mut c: C<'_>, a: u32, b: u32, m: u32| -> HostResult<()> {
            buy_ink(&mut c, HOSTIO_INK + 3 * PTR_INK + pricing::ADD_MOD_INK)?;
            math3(&mut c, a, b, m, |x, y, m| {
                if m.is_zero() {
                    U256::ZERO
                } else {
                    x.add_mod(y, m)
                }
            })
        },
    )?;
    l.func_wrap(
        M,
        "math_mul_mod",
        |mut c: C<'_>, a: u32, b: u32, m: u32| -> HostResult<()> {
            buy_ink(&mut c, HOSTIO_INK + 3 * PTR_INK + pricing::MUL_MOD_INK)?;
            math3(&mut c, a, b, m, |x, y, m| {
                if m.is_zero() {
                    U256::ZERO
                } else {
                    x.mul_mod(y, m)
                }
            })
        },
    )?;
    l.func_wrap(M, "msg_reentrant", |mut c: C<'_>| -> HostResult<u32> {
        buy_ink(&mut c, HOSTIO_INK)?;
        Ok(u32::from(c.data().env.reentrant))
    })?;
    l.func_wrap(
        M,
        "msg_sender",
        |mut c: C<'_>, dest: u32| -> HostResult<()> {
            buy_ink(&mut c, HOSTIO_INK + PTR_INK)?;
            let value = c.data().env.msg_sender;
            write_bytes(&mut c, dest, value.as_slice())
        },
    )?;
    l.func_wrap(
        M,
        "msg_value",
        |mut c: C<'_>, dest: u32| -> HostResult<()> {
            buy_ink(&mut c, HOSTIO_INK + PTR_INK)?;
            let value = word_of(c.data().env.msg_value);
            write_bytes(&mut c, dest, &value)
        },
    )?;
    l.func_wrap(
        M,
        "native_keccak256",
        |mut c: C<'_>, input: u32, len: u32, out: u32| -> HostResult<()> {
            buy_ink(&mut c, pricing::keccak_ink(u64::from(len)))?;
            let data = read_bytes(&c, input, len)?;
            write_bytes(&mut c, out, keccak256(data).as_slice())
        },
    )?;
    l.func_wrap(
        M,
        "tx_gas_price",
        |mut c: C<'_>, dest: u32| -> HostResult<()> {
            buy_ink(&mut c, HOSTIO_INK + PTR_INK)?;
            let value = word_of(c.data().env.tx_gas_price);
            write_bytes(&mut c, dest, &value)
        },
    )?;
    l.func_wrap(M, "tx_ink_price", |mut c: C<'_>| -> HostResult<u32> {
        buy_ink(&mut c, HOSTIO_INK)?;
        Ok(pricing::INK_PRICE as u32)
    })?;
    l.func_wrap(
        M,
        "tx_origin",
        |mut c: C<'_>, dest: u32| -> HostResult<()> {
            buy_ink(&mut c, HOSTIO_INK + PTR_INK)?;
            let value = c.data().env.tx_origin;
            write_bytes(&mut c, dest, value.as_slice())
        },
    )?;
    l.func_wrap(
        M,
        "pay_for_memory_grow",
        |mut c: C<'_>, pages: u32| -> HostResult<()> {
            // Nitro converts the argument to u16.
            let pages = pages as u16;
            if pages == 0 {
                return buy_ink(&mut c, HOSTIO_INK);
            }
            Err(yield_request(c, EvmRequest::MemoryGrow { pages }))
        },
    )?;
    Ok(())
}

/// Front half of the three call hostios: charges base and read ink, reads the target and calldata,
/// clips the requested gas to the gas left, and parks the call for the executor.
#[allow(clippy::too_many_arguments)]
fn call(
    c: &mut C<'_>,
    kind: CallKind,
    addr: u32,
    data: u32,
    len: u32,
    value: U256,
    gas: u64,
    ret_len_out: u32,
) -> HostResult<u32> {
    buy_ink(
        &mut *c,
        HOSTIO_INK + 3 * PTR_INK + EVM_API_INK + 2 * pricing::read_ink(u64::from(len)),
    )?;
    let target = read_address(&*c, addr)?;
    let input = Bytes::from(read_bytes(&*c, data, len)?);
    let gas = gas.min(pricing::ink_to_gas(ink_left(&*c)));
    c.data_mut().request = Some(EvmRequest::Call {
        kind,
        target,
        input,
        value,
        gas,
        ret_len_out,
    });
    Err(escape(Escape::Yield))
}

/// Front half of `create1`/`create2`: charges ink, reads init code, endowment and salt, fails in a
/// static context, and parks the create for the executor.
fn create(
    c: &mut C<'_>,
    code: u32,
    len: u32,
    endowment: u32,
    salt: Option<u32>,
    addr_out: u32,
    revert_len_out: u32,
) -> HostResult<()> {
    let base = if salt.is_some() {
        HOSTIO_INK + 4 * PTR_INK + EVM_API_INK
    } else {
        HOSTIO_INK + 3 * PTR_INK + EVM_API_INK
    };
    buy_ink(&mut *c, base + 2 * pricing::read_ink(u64::from(len)))?;
    let code = Bytes::from(read_bytes(&*c, code, len)?);
    let endowment = U256::from_be_bytes(read32(&*c, endowment)?.0);
    let salt = match salt {
        Some(ptr) => Some(read32(&*c, ptr)?),
        None => None,
    };
    if c.data().env.is_static {
        return Err(failure("create in a static context"));
    }
    c.data_mut().request = Some(EvmRequest::Create {
        code,
        endowment,
        salt,
        addr_out,
        revert_len_out,
    });
    Err(escape(Escape::Yield))
}

/// Copies the overlapping part of `code[offset..offset+size]` to `dest` (no zero padding).
pub(crate) fn copy_code(
    mut ctx: impl AsContextMut<Data = HostState>,
    code: &[u8],
    offset: u32,
    size: u32,
    dest: u32,
) -> HostResult<u32> {
    buy_ink(&mut ctx, pricing::write_ink(code.len() as u64))?;
    let start = (offset as usize).min(code.len());
    let end = start.saturating_add(size as usize).min(code.len());
    write_bytes(&mut ctx, dest, &code[start..end])?;
    Ok((end - start) as u32)
}

/// Applies a binary U256 operation to the words at `a` and `b`, writing the result to `a`.
fn math2(c: &mut C<'_>, a: u32, b: u32, f: impl Fn(U256, U256) -> U256) -> HostResult<()> {
    let x = U256::from_be_bytes(read32(&*c, a)?.0);
    let y = U256::from_be_bytes(read32(&*c, b)?.0);
    write_bytes(&mut *c, a, &word_of(f(x, y)))
}

/// Applies a ternary U256 operation (modular) to the words at `a`, `b`, `m`, writing to `a`.
fn math3(
    c: &mut C<'_>,
    a: u32,
    b: u32,
    m: u32,
    f: impl Fn(U256, U256, U256) -> U256,
) -> HostResult<()> {
    let x = U256::from_be_bytes(read32(&*c, a)?.0);
    let y = U256::from_be_bytes(read32(&*c, b)?.0);
    let z = U256::from_be_bytes(read32(&*c, m)?.0);
    write_bytes(&mut *c, a, &word_of(f(x, y, z)))
}
