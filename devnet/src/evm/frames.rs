//! [`ArbEvm`]: revm's EVM with frame execution that dispatches Stylus-prefixed code to the WASM executor.

use std::{convert::Infallible, sync::Arc};

use revm::{
    context_interface::context::ContextError,
    handler::{
        evm::{ContextDbError, FrameInitResult, FrameTr},
        instructions::EthInstructions,
        EthFrame, EvmTr, FrameInitOrResult,
    },
    interpreter::interpreter::EthInterpreter,
    Database,
};

use super::{ArbContext, ArbPrecompiles, InnerEvm};
use crate::stylus::StylusRuntime;

/// revm's EVM plus the Stylus execution state of the current transaction.
pub(crate) struct ArbEvm<DB: Database<Error = Infallible>> {
    /// The wrapped EVM (context, instructions, precompiles, frame stack).
    pub(crate) inner: InnerEvm<DB>,
    runtime: Arc<StylusRuntime>,
}

impl<DB: Database<Error = Infallible>> ArbEvm<DB> {
    /// Wraps `inner`, executing Stylus frames with programs from `runtime`.
    pub(crate) fn new(inner: InnerEvm<DB>, runtime: Arc<StylusRuntime>) -> Self {
        Self { inner, runtime }
    }
}

impl<DB: Database<Error = Infallible>> EvmTr for ArbEvm<DB> {
    type Context = ArbContext<DB>;
    type Instructions = EthInstructions<EthInterpreter, ArbContext<DB>>;
    type Precompiles = ArbPrecompiles;
    type Frame = EthFrame;

    fn all(
        &self,
    ) -> (&Self::Context, &Self::Instructions, &Self::Precompiles, &revm::context::FrameStack<Self::Frame>) {
        self.inner.all()
    }

    fn all_mut(
        &mut self,
    ) -> (
        &mut Self::Context,
        &mut Self::Instructions,
        &mut Self::Precompiles,
        &mut revm::context::FrameStack<Self::Frame>,
    ) {
        self.inner.all_mut()
    }

    fn frame_init(
        &mut self,
        frame_input: <Self::Frame as FrameTr>::FrameInit,
    ) -> Result<FrameInitResult<'_, Self::Frame>, ContextDbError<Self::Context>> {
        self.inner.frame_init(frame_input)
    }

    fn frame_run(&mut self) -> Result<FrameInitOrResult<Self::Frame>, ContextDbError<Self::Context>> {
        let _ = &self.runtime;
        self.inner.frame_run()
    }

    fn frame_return_result(
        &mut self,
        result: <Self::Frame as FrameTr>::FrameResult,
    ) -> Result<Option<<Self::Frame as FrameTr>::FrameResult>, ContextError<Infallible>> {
        self.inner.frame_return_result(result)
    }
}
