//! PortfolioNetting on the project's local Stylus chain (`ballast-devnet`): the real program
//! `target/stylus/portfolio-netting.bin` (built by `bash scripts/build-wasm.sh portfolio-netting`), installed
//! (as fragments and a root when it exceeds 24 KiB compressed), activated and configured like the native
//! reference of [`super::margin`]. Used by the `gas_bench` example and `tests/on_chain.rs`.

use alloy_primitives::{address, hex, keccak256, Address, Bytes, U256};
use alloy_sol_types::{sol_data::Uint, SolType, SolValue};
use ballast_devnet::{Chain, ChainConfig, TxOutcome, TxRequest};
use ballast_portfolio_netting::{params, types::RiskParams};
use ballast_risk_math::scenario::RiskParams as EngineParams;

use super::{BTC, ETH, SPREAD_CREDIT_BPS, WAD};

/// Owner and risk admin of the deployment.
pub(crate) const ALICE: Address = address!("00000000000000000000000000000000000a11ce");
/// The contract: the address integrators call.
pub(crate) const CONTRACT: Address = address!("00000000000000000000000000000000000c0de1");
/// Selector of `stylus_constructor()`.
const CONSTRUCTOR_SELECTOR: [u8; 4] = hex!("5585258d");

/// Returns the selector of a canonical signature.
pub(crate) fn selector(signature: &str) -> [u8; 4] {
    keccak256(signature.as_bytes())[..4]
        .try_into()
        .expect("4 bytes")
}

/// Returns `target/stylus/<program>.bin`, or `None` when it has not been built.
pub(crate) fn artifact(program: &str) -> Option<Vec<u8>> {
    let path = format!(
        "{}/../../target/stylus/{program}.bin",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(path).ok()
}

/// Sends a transaction from [`ALICE`] and returns its outcome, whatever the status.
pub(crate) fn send(chain: &mut Chain, to: Address, value: U256, input: Vec<u8>) -> TxOutcome {
    chain
        .send_transaction(TxRequest {
            from: ALICE,
            to: Some(to),
            value,
            input: input.into(),
            ..Default::default()
        })
        .expect("transaction")
}

/// Sends a transaction that must succeed.
fn send_ok(chain: &mut Chain, to: Address, value: U256, input: Vec<u8>) -> TxOutcome {
    let outcome = send(chain, to, value, input);
    assert!(
        outcome.status.is_success(),
        "{:?} {}",
        outcome.status,
        outcome.output
    );
    outcome
}

/// A chain with the contract at [`CONTRACT`] (installed and activated by [`Chain::install_program`], paid by
/// [`ALICE`]), constructed by [`ALICE`] (owner and risk admin), BTC and ETH listed with default parameters, limits
/// at the hard caps (8 underlyings, 64 positions) and the BTC/ETH spread credit of the native reference; `None`
/// when the program is not built.
pub(crate) fn try_deployed_chain() -> Option<Chain> {
    let code = artifact("portfolio-netting")?;
    let mut chain = Chain::new(ChainConfig {
        prefunded: vec![(ALICE, U256::from(10u64).pow(U256::from(21)))],
        ..Default::default()
    });
    let outcome = chain
        .install_program(CONTRACT, Bytes::from(code), ALICE)
        .expect("activation");
    assert!(outcome.status.is_success(), "activate: {}", outcome.output);
    send_ok(
        &mut chain,
        CONTRACT,
        U256::ZERO,
        [
            &CONSTRUCTOR_SELECTOR[..],
            &(ALICE, ALICE).abi_encode_params(),
        ]
        .concat(),
    );
    let defaults: RiskParams = params::to_abi(&params::engine_words(&EngineParams::default()));
    let set_params = selector(
        "setRiskParams(uint32,(uint256,uint256,uint256,uint32,uint32,uint256,uint256,uint256,uint256,uint256,uint256,\
         uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint32,uint256))",
    );
    for id in [BTC, ETH] {
        let args = <(Uint<32>, RiskParams)>::abi_encode_params(&(id, defaults.clone()));
        send_ok(
            &mut chain,
            CONTRACT,
            U256::ZERO,
            [&set_params[..], &args].concat(),
        );
    }
    let set_limits = selector("setLimits(uint256,uint256)");
    send_ok(
        &mut chain,
        CONTRACT,
        U256::ZERO,
        [
            &set_limits[..],
            &(U256::from(8), U256::from(64)).abi_encode_params(),
        ]
        .concat(),
    );
    let set_credit = selector("setSpreadCredit(uint32,uint32,uint256)");
    let credit = U256::from(SPREAD_CREDIT_BPS * WAD / 10_000);
    let args = <(Uint<32>, Uint<32>, Uint<256>)>::abi_encode_params(&(BTC, ETH, credit));
    send_ok(
        &mut chain,
        CONTRACT,
        U256::ZERO,
        [&set_credit[..], &args].concat(),
    );
    Some(chain)
}

/// [`try_deployed_chain`], which must find the program.
pub(crate) fn deployed_chain() -> (Chain, Address) {
    let chain = try_deployed_chain().expect(
        "target/stylus/portfolio-netting.bin: run `bash scripts/build-wasm.sh portfolio-netting` first",
    );
    (chain, CONTRACT)
}
