//! Precompile provider: Ethereum's precompiles for the spec plus Arbitrum's ArbSys (`0x64`),
//! ArbOwnerPublic (`0x6b`) and ArbWasm (`0x71`).

use std::sync::Arc;

use revm::{
    context::Cfg,
    context_interface::ContextTr,
    handler::{EthPrecompiles, PrecompileProvider},
    interpreter::{CallInputs, InterpreterResult},
    primitives::{hardfork::SpecId, Address, AddressSet},
};

use crate::stylus::StylusRuntime;

/// Ethereum precompiles plus the ArbOS precompiles the devnet implements.
#[derive(Debug)]
pub(crate) struct ArbPrecompiles {
    eth: EthPrecompiles,
    warm: AddressSet,
    runtime: Arc<StylusRuntime>,
}

impl ArbPrecompiles {
    /// Precompiles of `spec` plus ArbOS's, sharing the program cache of `runtime`.
    pub(crate) fn new(spec: SpecId, runtime: Arc<StylusRuntime>) -> Self {
        let eth = EthPrecompiles::new(spec);
        let mut warm = eth.warm_addresses().clone();
        for address in crate::arbos::ARBOS_PRECOMPILES {
            warm.insert(address);
        }
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

    /// Runs the ArbOS precompile at the address, otherwise the Ethereum one, if any.
    fn run(
        &mut self,
        context: &mut CTX,
        inputs: &CallInputs,
    ) -> Result<Option<InterpreterResult>, String> {
        use crate::{arbos, arbwasm};
        Ok(Some(match inputs.bytecode_address {
            arbwasm::ARBWASM_ADDRESS => arbwasm::run(context, inputs, &self.runtime),
            arbos::ARBSYS_ADDRESS => arbos::run_arbsys(context, inputs),
            arbos::ARB_OWNER_PUBLIC_ADDRESS => arbos::run_arb_owner_public(context, inputs),
            _ => return self.eth.run(context, inputs),
        }))
    }

    fn warm_addresses(&self) -> &AddressSet {
        &self.warm
    }

    fn contains(&self, address: &Address) -> bool {
        self.warm.contains(address)
    }
}
