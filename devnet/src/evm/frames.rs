//! [`ArbEvm`]: revm's EVM with frame execution that dispatches Stylus-prefixed code to the WASM
//! executor, re-applies EIP-3541 to non-Stylus code, and tracks the per-transaction Stylus state
//! (open pages, reentrancy counts).

use std::{collections::HashMap, convert::Infallible, sync::Arc};

use alloy_primitives::Address;
use revm::{
    context::FrameStack,
    context_interface::context::ContextError,
    handler::{
        evm::{ContextDbError, FrameInitResult, FrameTr},
        instructions::EthInstructions,
        EthFrame, EvmTr, FrameData, FrameInitOrResult, ItemOrResult,
    },
    interpreter::{
        interpreter::EthInterpreter, CallScheme, FrameInput, InstructionResult, InterpreterAction,
    },
    Database,
};

use super::{ArbContext, ArbPrecompiles, InnerEvm};
use crate::stylus::{
    exec::{PageCounters, RecentPrograms, Step, StylusFrame},
    is_component, is_program, StylusRuntime,
};

/// revm's EVM plus the Stylus execution state of the current transaction.
pub(crate) struct ArbEvm<DB: Database<Error = Infallible>> {
    /// The wrapped EVM (context, instructions, precompiles, frame stack).
    pub(crate) inner: InnerEvm<DB>,
    runtime: Arc<StylusRuntime>,
    /// Running Stylus invocations by frame depth.
    stylus: Vec<Option<StylusFrame>>,
    /// Acting address counted for each open frame (None for delegate frames), by depth.
    acting: Vec<Option<Address>>,
    /// Open non-delegate frames per acting address (nitro's reentrancy counter).
    open_frames: HashMap<Address, u32>,
    pages: PageCounters,
    /// Programs called recently in this block (= this transaction).
    recent: RecentPrograms,
    /// Why the outermost Stylus frame halted, when it could not run at all.
    pub(crate) halt_note: Option<&'static str>,
    /// Ink spent by Stylus programs in this transaction (statistics).
    pub(crate) ink_used: u64,
    /// Gas their hostios charged, forwarded gas excluded (statistics).
    pub(crate) hostio_gas: u64,
}

impl<DB: Database<Error = Infallible>> ArbEvm<DB> {
    /// Wraps `inner`, executing Stylus frames with programs from `runtime`.
    pub(crate) fn new(inner: InnerEvm<DB>, runtime: Arc<StylusRuntime>) -> Self {
        Self {
            inner,
            runtime,
            stylus: Vec::new(),
            acting: Vec::new(),
            open_frames: HashMap::new(),
            pages: PageCounters::default(),
            recent: RecentPrograms::default(),
            halt_note: None,
            ink_used: 0,
            hostio_gas: 0,
        }
    }

    /// The Stylus state slot of the frame at `depth`, growing the table as needed.
    fn stylus_slot(&mut self, depth: usize) -> &mut Option<StylusFrame> {
        if self.stylus.len() <= depth {
            self.stylus.resize_with(depth + 1, || None);
        }
        &mut self.stylus[depth]
    }

    /// Runs (or resumes) the Stylus program of the top frame.
    fn run_stylus(
        &mut self,
    ) -> Result<FrameInitOrResult<EthFrame>, ContextDbError<ArbContext<DB>>> {
        let frame = self.inner.frame_stack.get();
        let depth = frame.depth;
        let FrameInput::Call(inputs) = &frame.input else {
            unreachable!("stylus frames are call frames");
        };
        let inputs = inputs.clone();
        let ctx = &mut self.inner.ctx;
        if self.stylus.get(depth).is_none_or(Option::is_none) {
            let code_hash = frame.interpreter.bytecode.get_or_calculate_hash();
            let code = frame.interpreter.bytecode.original_byte_slice().to_vec();
            let reentrant = self
                .open_frames
                .get(&inputs.target_address)
                .copied()
                .unwrap_or(0)
                > 1;
            match StylusFrame::start(
                ctx,
                &inputs,
                code_hash,
                &code,
                &self.runtime,
                &mut self.pages,
                &mut self.recent,
                reentrant,
            ) {
                Ok(stylus) => *self.stylus_slot(depth) = Some(stylus),
                Err((result, note)) => {
                    if depth == 0 {
                        self.halt_note = Some(note);
                    }
                    let frame = self.inner.frame_stack.get();
                    let outcome = frame.process_next_action(
                        &mut self.inner.ctx,
                        InterpreterAction::Return(result),
                    );
                    frame.set_finished(true);
                    return outcome;
                }
            }
        }
        let stylus = self.stylus[depth]
            .as_mut()
            .expect("should have started the stylus frame");
        let step = stylus.drive(&mut self.inner.ctx, &mut self.pages);
        let action = match step {
            Step::Child(input) => InterpreterAction::NewFrame(input),
            Step::Done(result) => {
                self.ink_used += stylus.ink_used();
                self.hostio_gas += stylus.hostio_gas();
                self.stylus[depth] = None;
                InterpreterAction::Return(result)
            }
        };
        let frame = self.inner.frame_stack.get();
        let outcome = frame.process_next_action(&mut self.inner.ctx, action);
        if let Ok(ItemOrResult::Result(_)) = &outcome {
            frame.set_finished(true);
        }
        outcome
    }

    /// Runs the EVM interpreter on the top frame, rejecting created code that starts with 0xEF unless
    /// it is a Stylus component (classic, root or fragment).
    fn run_evm(&mut self) -> Result<FrameInitOrResult<EthFrame>, ContextDbError<ArbContext<DB>>> {
        let frame = self.inner.frame_stack.get();
        let ctx = &mut self.inner.ctx;
        let instructions = &mut self.inner.instruction;
        let mut action = frame.interpreter.run_plain(
            instructions.instruction_table(),
            instructions.gas_table(),
            ctx,
        );
        if let (FrameData::Create(_), InterpreterAction::Return(result)) =
            (&frame.data, &mut action)
        {
            // EIP-3541 is disabled in the config so Stylus code can deploy; re-apply it to the rest.
            if result.result.is_ok()
                && result.output.first() == Some(&0xEF)
                && !is_component(&result.output)
            {
                result.result = InstructionResult::CreateContractStartingWithEF;
            }
        }
        let outcome = frame.process_next_action(ctx, action);
        if let Ok(ItemOrResult::Result(_)) = &outcome {
            frame.set_finished(true);
        }
        outcome
    }
}

impl<DB: Database<Error = Infallible>> EvmTr for ArbEvm<DB> {
    type Context = ArbContext<DB>;
    type Instructions = EthInstructions<EthInterpreter, ArbContext<DB>>;
    type Precompiles = ArbPrecompiles;
    type Frame = EthFrame;

    fn all(
        &self,
    ) -> (
        &Self::Context,
        &Self::Instructions,
        &Self::Precompiles,
        &FrameStack<Self::Frame>,
    ) {
        self.inner.all()
    }

    fn all_mut(
        &mut self,
    ) -> (
        &mut Self::Context,
        &mut Self::Instructions,
        &mut Self::Precompiles,
        &mut FrameStack<Self::Frame>,
    ) {
        self.inner.all_mut()
    }

    /// Initialises a frame as revm does, then counts its acting address for the reentrancy flag
    /// (delegate and callcode frames are not counted, as in nitro).
    fn frame_init(
        &mut self,
        frame_input: <Self::Frame as FrameTr>::FrameInit,
    ) -> Result<FrameInitResult<'_, Self::Frame>, ContextDbError<Self::Context>> {
        let pushed = match self.inner.frame_init(frame_input)? {
            ItemOrResult::Item(_) => true,
            ItemOrResult::Result(result) => return Ok(ItemOrResult::Result(result)),
        };
        debug_assert!(pushed);
        let frame = self.inner.frame_stack.get();
        let acting = match (&frame.data, &frame.input) {
            (FrameData::Create(create), _) => Some(create.created_address),
            (FrameData::Call(_), FrameInput::Call(inputs))
                if !matches!(
                    inputs.scheme,
                    CallScheme::DelegateCall | CallScheme::CallCode
                ) =>
            {
                Some(inputs.target_address)
            }
            _ => None,
        };
        let depth = frame.depth;
        if let Some(address) = acting {
            *self.open_frames.entry(address).or_default() += 1;
        }
        if self.acting.len() <= depth {
            self.acting.resize(depth + 1, None);
        }
        self.acting[depth] = acting;
        Ok(ItemOrResult::Item(self.inner.frame_stack.get()))
    }

    /// Runs the top frame: Stylus code through the executor, everything else through revm's
    /// interpreter (with EIP-3541 re-applied to non-Stylus 0xEF code).
    fn frame_run(
        &mut self,
    ) -> Result<FrameInitOrResult<Self::Frame>, ContextDbError<Self::Context>> {
        let frame = self.inner.frame_stack.get();
        // A fragment is not a program: the EVM runs it and halts on its first byte (0xEF).
        let stylus = matches!(frame.data, FrameData::Call(_))
            && is_program(frame.interpreter.bytecode.original_byte_slice());
        if stylus {
            self.run_stylus()
        } else {
            self.run_evm()
        }
    }

    /// Pops a finished frame (uncounting its acting address) and hands its result to the parent:
    /// a Stylus parent receives it through its pending call/create hostio.
    fn frame_return_result(
        &mut self,
        result: <Self::Frame as FrameTr>::FrameResult,
    ) -> Result<Option<<Self::Frame as FrameTr>::FrameResult>, ContextError<Infallible>> {
        if self.inner.frame_stack.get().is_finished() {
            let depth = self.inner.frame_stack.get().depth;
            if let Some(Some(address)) = self.acting.get_mut(depth).map(Option::take) {
                if let Some(count) = self.open_frames.get_mut(&address) {
                    *count = count.saturating_sub(1);
                }
            }
            self.inner.frame_stack.pop();
        }
        if self.inner.frame_stack.index().is_none() {
            return Ok(Some(result));
        }
        let depth = self.inner.frame_stack.get().depth;
        if let Some(Some(stylus)) = self.stylus.get_mut(depth) {
            self.inner
                .frame_stack
                .get()
                .interpreter
                .memory
                .free_child_context();
            stylus.deliver(result);
            return Ok(None);
        }
        self.inner
            .frame_stack
            .get()
            .return_result::<_, ContextError<Infallible>>(&mut self.inner.ctx, result)?;
        Ok(None)
    }
}
