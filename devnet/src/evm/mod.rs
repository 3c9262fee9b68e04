//! revm integration: the context type, the [`ArbEvm`] wrapper whose frames dispatch Stylus code to the
//! WASM executor, and one-shot transaction execution.

mod frames;
mod precompiles;

use std::{convert::Infallible, sync::Arc};

use revm::{
    context::{BlockEnv, CfgEnv, Context, Evm, FrameStack, Journal, TxEnv},
    context_interface::result::{EVMError, ExecutionResult, InvalidTransaction},
    database::{CacheDB, EmptyDB},
    handler::{instructions::EthInstructions, EthFrame, Handler, MainnetHandler},
    interpreter::interpreter::EthInterpreter,
    primitives::hardfork::SpecId,
    state::EvmState,
    Database, ExecuteEvm,
};

pub(crate) use frames::ArbEvm;
pub(crate) use precompiles::ArbPrecompiles;

use crate::stylus::StylusRuntime;

/// The persistent in-memory state database of the chain.
pub(crate) type StateDb = CacheDB<EmptyDB>;

/// Hardfork the devnet runs (Arbitrum's ArbOS 40+ follows Prague).
pub(crate) const SPEC: SpecId = SpecId::PRAGUE;

/// revm context over any infallible database.
pub(crate) type ArbContext<DB> = Context<BlockEnv, TxEnv, CfgEnv, DB, Journal<DB>, ()>;

/// The plain revm EVM that [`ArbEvm`] wraps.
pub(crate) type InnerEvm<DB> = Evm<
    ArbContext<DB>,
    (),
    EthInstructions<EthInterpreter, ArbContext<DB>>,
    ArbPrecompiles,
    EthFrame,
>;

/// Error type of the handler.
pub(crate) type ExecError = EVMError<Infallible, InvalidTransaction>;

/// Outcome of [`transact`].
pub(crate) struct Executed {
    /// revm's result.
    pub(crate) result: ExecutionResult,
    /// Changed state, not yet committed.
    pub(crate) state: EvmState,
    /// Why a top-level Stylus frame could not run, if it could not.
    pub(crate) halt_note: Option<&'static str>,
    /// Ink spent by Stylus programs.
    pub(crate) ink_used: u64,
    /// Gas their hostios charged (storage, calls' base cost, ...), forwarded gas excluded.
    pub(crate) hostio_gas: u64,
}

/// Executes one transaction against `db` and returns the result and the changed state (not committed).
pub(crate) fn transact<DB: Database<Error = Infallible>>(
    db: DB,
    block: BlockEnv,
    cfg: CfgEnv,
    tx: TxEnv,
    runtime: &Arc<StylusRuntime>,
) -> Result<Executed, ExecError> {
    let ctx: ArbContext<DB> = Context::new(db, SPEC);
    let ctx = ctx.with_block(block).with_cfg(cfg).with_tx(tx);
    let inner = Evm {
        ctx,
        inspector: (),
        instruction: EthInstructions::new_mainnet_with_spec(SPEC),
        precompiles: ArbPrecompiles::new(SPEC, Arc::clone(runtime)),
        frame_stack: FrameStack::new_prealloc(8),
    };
    let mut evm = ArbEvm::new(inner, Arc::clone(runtime));
    let result = MainnetHandler::<_, ExecError, EthFrame>::default().run(&mut evm);
    let state = evm.inner.finalize();
    result.map(|result| Executed {
        result,
        state,
        halt_note: evm.halt_note,
        ink_used: evm.ink_used,
        hostio_gas: evm.hostio_gas,
    })
}
