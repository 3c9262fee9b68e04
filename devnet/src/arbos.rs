//! The ArbOS precompiles besides ArbWasm that tools ask about the chain: `ArbSys` at `0x…64` (the
//! ArbOS version, chain id and block number) and `ArbOwnerPublic` at `0x…6b` (the Stylus fragment
//! limit, the scheduled upgrade and the network fee account).
//!
//! Gas follows nitro's precompile framework (`precompiles/precompile.go`): 3 per argument word,
//! 800 to open the ArbOS state, 800 per ArbOS storage read (100 for the Stylus parameters, read
//! warm) and 3 per result word. A selector the devnet does not implement reverts and consumes all
//! gas, as nitro does for a method that does not exist; so does a call with value.

use alloy_primitives::{address, Address, Bytes, U256};
use alloy_sol_types::{sol, SolCall};
use revm::{
    context::{Block, Cfg, ContextTr},
    interpreter::{CallInputs, Gas, InstructionResult, InterpreterResult},
};

use crate::stylus::pricing;

/// Address of the ArbSys precompile.
pub const ARBSYS_ADDRESS: Address = address!("0000000000000000000000000000000000000064");
/// Address of the ArbOwnerPublic precompile.
pub const ARB_OWNER_PUBLIC_ADDRESS: Address = address!("000000000000000000000000000000000000006b");

/// The ArbOS precompiles the devnet implements (ArbSys, ArbOwnerPublic, ArbWasm).
pub const ARBOS_PRECOMPILES: [Address; 3] = [
    ARBSYS_ADDRESS,
    ARB_OWNER_PUBLIC_ADDRESS,
    crate::arbwasm::ARBWASM_ADDRESS,
];

/// `arbOSVersion()` answers the ArbOS version plus this offset (Nitro started at 56).
pub const ARBOS_VERSION_OFFSET: u64 = 55;

/// Gas of opening the ArbOS state, which every view method does.
const OPEN_STATE_GAS: u64 = 800;
/// Gas of one ArbOS storage read.
const STORAGE_READ_GAS: u64 = 800;
/// Gas of reading the Stylus parameters (charged as a warm read).
const STYLUS_PARAMS_GAS: u64 = 100;
/// Gas per argument or result word.
const WORD_GAS: u64 = 3;

sol! {
    /// ArbSys (nitro-precompile-interfaces `ArbSys.sol`), the methods the devnet answers.
    #[allow(missing_docs)]
    interface ArbSys {
        function arbBlockNumber() external view returns (uint256);
        function arbChainID() external view returns (uint256);
        function arbOSVersion() external view returns (uint256);
    }

    /// ArbOwnerPublic (nitro-precompile-interfaces `ArbOwnerPublic.sol`), the methods the devnet
    /// answers.
    #[allow(missing_docs)]
    interface ArbOwnerPublic {
        function getMaxStylusContractFragments() external view returns (uint8);
        function getScheduledUpgrade() external view returns (uint64 arbosVersion, uint64 scheduledForTimestamp);
        function getNetworkFeeAccount() external view returns (address);
    }
}

/// A view method's answer and the gas its body charged (argument and result words excluded).
struct Answer {
    output: Vec<u8>,
    reads_gas: u64,
}

/// Runs `answer` for the call's selector as nitro's framework would, charging the argument words,
/// the state opening, the body's reads and the result words.
fn run_view(inputs: &CallInputs, input: &[u8], answer: Option<Answer>) -> InterpreterResult {
    let mut gas = Gas::new(inputs.gas_limit);
    let Some(answer) = answer.filter(|_| inputs.value.get().is_zero()) else {
        gas.spend_all();
        return InterpreterResult::new(InstructionResult::Revert, Bytes::new(), gas);
    };
    let words = |len: usize| WORD_GAS * (len as u64).div_ceil(32);
    let cost = words(input.len().saturating_sub(4))
        + OPEN_STATE_GAS
        + answer.reads_gas
        + words(answer.output.len());
    if !gas.record_regular_cost(cost) {
        gas.spend_all();
        return InterpreterResult::new(InstructionResult::PrecompileOOG, Bytes::new(), gas);
    }
    InterpreterResult::new(InstructionResult::Return, answer.output.into(), gas)
}

/// The selector of `input`, if it has one.
fn selector(input: &[u8]) -> Option<[u8; 4]> {
    input.get(..4).and_then(|s| s.try_into().ok())
}

/// Executes a call to ArbSys.
pub fn run_arbsys<CTX: ContextTr>(ctx: &mut CTX, inputs: &CallInputs) -> InterpreterResult {
    let input = inputs.input.bytes(ctx);
    let answer = match selector(&input) {
        Some(ArbSys::arbOSVersionCall::SELECTOR) => Some(Answer {
            output: ArbSys::arbOSVersionCall::abi_encode_returns(&U256::from(
                ARBOS_VERSION_OFFSET + pricing::ARBOS_VERSION,
            )),
            reads_gas: 0,
        }),
        Some(ArbSys::arbChainIDCall::SELECTOR) => Some(Answer {
            output: ArbSys::arbChainIDCall::abi_encode_returns(&U256::from(ctx.cfg().chain_id())),
            reads_gas: 0,
        }),
        Some(ArbSys::arbBlockNumberCall::SELECTOR) => Some(Answer {
            output: ArbSys::arbBlockNumberCall::abi_encode_returns(&ctx.block().number()),
            reads_gas: 0,
        }),
        _ => None,
    };
    run_view(inputs, &input, answer)
}

/// Executes a call to ArbOwnerPublic.
pub fn run_arb_owner_public<CTX: ContextTr>(
    ctx: &mut CTX,
    inputs: &CallInputs,
) -> InterpreterResult {
    let input = inputs.input.bytes(ctx);
    let answer = match selector(&input) {
        Some(ArbOwnerPublic::getMaxStylusContractFragmentsCall::SELECTOR) => Some(Answer {
            output: ArbOwnerPublic::getMaxStylusContractFragmentsCall::abi_encode_returns(
                &pricing::MAX_FRAGMENT_COUNT,
            ),
            reads_gas: STYLUS_PARAMS_GAS,
        }),
        // The devnet never schedules an ArbOS upgrade: nitro answers (0, 0) then.
        Some(ArbOwnerPublic::getScheduledUpgradeCall::SELECTOR) => Some(Answer {
            output: ArbOwnerPublic::getScheduledUpgradeCall::abi_encode_returns(
                &ArbOwnerPublic::getScheduledUpgradeReturn {
                    arbosVersion: 0,
                    scheduledForTimestamp: 0,
                },
            ),
            reads_gas: 2 * STORAGE_READ_GAS,
        }),
        // Activation data fees go to the block's beneficiary, the devnet's network fee account.
        Some(ArbOwnerPublic::getNetworkFeeAccountCall::SELECTOR) => Some(Answer {
            output: ArbOwnerPublic::getNetworkFeeAccountCall::abi_encode_returns(
                &ctx.block().beneficiary(),
            ),
            reads_gas: STORAGE_READ_GAS,
        }),
        _ => None,
    };
    run_view(inputs, &input, answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_match_the_interfaces() {
        assert_eq!(ArbSys::arbOSVersionCall::SELECTOR, [0x05, 0x10, 0x38, 0xf2]);
        assert_eq!(ArbSys::arbChainIDCall::SELECTOR, [0xd1, 0x27, 0xf5, 0x4a]);
        assert_eq!(
            ArbSys::arbBlockNumberCall::SELECTOR,
            [0xa3, 0xb1, 0xb3, 0x1d]
        );
        assert_eq!(
            ArbOwnerPublic::getScheduledUpgradeCall::SELECTOR,
            [0x81, 0xef, 0x94, 0x4c]
        );
        assert_eq!(
            ArbOwnerPublic::getMaxStylusContractFragmentsCall::SELECTOR,
            [0xe5, 0xa7, 0xf8, 0x93]
        );
    }
}
