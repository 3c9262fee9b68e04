//! Precompile provider: Ethereum's precompiles for the spec plus Arbitrum's ArbWasm at `0x71`.

use revm::{
    context::Cfg,
    context_interface::ContextTr,
    handler::{EthPrecompiles, PrecompileProvider},
    interpreter::{CallInputs, InterpreterResult},
    primitives::{hardfork::SpecId, Address, AddressSet},
};

/// Ethereum precompiles plus ArbWasm.
#[derive(Debug)]
pub(crate) struct ArbPrecompiles {
    eth: EthPrecompiles,
    warm: AddressSet,
}

impl ArbPrecompiles {
    /// Precompiles of `spec` plus ArbWasm, sharing the program cache of `runtime`.
    pub(crate) fn new(spec: SpecId) -> Self {
        let eth = EthPrecompiles::new(spec);
        let warm = eth.warm_addresses().clone();
        Self { eth, warm }
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

    fn run(&mut self, context: &mut CTX, inputs: &CallInputs) -> Result<Option<InterpreterResult>, String> {
        self.eth.run(context, inputs)
    }

    fn warm_addresses(&self) -> &AddressSet {
        &self.warm
    }

    fn contains(&self, address: &Address) -> bool {
        self.warm.contains(address)
    }
}
