//! Precompile provider: Ethereum's precompiles for the spec plus Arbitrum's ArbWasm at `0x71`.

use std::sync::Arc;

use revm::{
    context::Cfg,
    context_interface::ContextTr,
    handler::{EthPrecompiles, PrecompileProvider},
    interpreter::{CallInputs, InterpreterResult},
    primitives::{hardfork::SpecId, Address, AddressSet},
};

use crate::stylus::StylusRuntime;

/// Ethereum precompiles plus ArbWasm.
#[derive(Debug)]
pub(crate) struct ArbPrecompiles {
    eth: EthPrecompiles,
    warm: AddressSet,
    runtime: Arc<StylusRuntime>,
}

impl ArbPrecompiles {
    /// Precompiles of `spec` plus ArbWasm, sharing the program cache of `runtime`.
    pub(crate) fn new(spec: SpecId, runtime: Arc<StylusRuntime>) -> Self {
        let eth = EthPrecompiles::new(spec);
        let mut warm = eth.warm_addresses().clone();
        warm.insert(crate::arbwasm::ARBWASM_ADDRESS);
        Self { eth, warm, runtime }
    }
}

impl<CTX: ContextTr> PrecompileProvider<CTX> for ArbPrecompiles
where
    CTX::Db: revm::Database<Error = std::convert::Infallible>,
{
    type Output = InterpreterResult;

    fn set_spec(&mut self, spec: <CTX::Cfg as Cfg>::Spec) -> bool {
        <EthPrecompiles as PrecompileProvider<CTX>>::set_spec(&mut self.eth, spec)
    }

    /// Runs ArbWasm for `0x71`, otherwise the Ethereum precompile at the address, if any.
    fn run(
        &mut self,
        context: &mut CTX,
        inputs: &CallInputs,
    ) -> Result<Option<InterpreterResult>, String> {
        if inputs.bytecode_address == crate::arbwasm::ARBWASM_ADDRESS {
            return Ok(Some(crate::arbwasm::run(context, inputs, &self.runtime)));
        }
        self.eth.run(context, inputs)
    }

    fn warm_addresses(&self) -> &AddressSet {
        &self.warm
    }

    fn contains(&self, address: &Address) -> bool {
        self.warm.contains(address)
    }
}
