//! Deployment helpers: the init-code prelude `cargo stylus deploy` puts in front of runtime code,
//! and the StylusDeployer contract the chain installs at genesis for contracts with constructors.

use alloy_primitives::{address, hex, Address, Bytes};

/// Arbitrum's StylusDeployer address, which `cargo stylus deploy` calls for contracts with a
/// `#[constructor]`.
pub const STYLUS_DEPLOYER_ADDRESS: Address = address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");

/// Runtime bytecode of the devnet's StylusDeployer (`devnet/contracts/StylusDeployer.sol`, compiled
/// by `devnet/contracts/build.sh`).
pub fn stylus_deployer_runtime() -> Bytes {
    hex::decode(include_str!("../contracts/StylusDeployer.runtime.hex").trim())
        .expect("should be the committed hex of the compiled deployer")
        .into()
}

/// Length of the prelude: 42 bytes of opcodes plus one metadata byte.
pub const PRELUDE_LEN: usize = 43;

/// Init code that returns `runtime` as the contract's code (cargo-stylus' prelude, facts §9.2):
/// `PUSH32 len; DUP1; PUSH1 43; PUSH1 0; CODECOPY; PUSH1 0; RETURN; 00` followed by `runtime`.
///
/// Works for Stylus-prefixed and plain EVM runtime code alike.
pub fn init_code(runtime: &[u8]) -> Bytes {
    let mut code = Vec::with_capacity(PRELUDE_LEN + runtime.len());
    code.push(0x7f);
    let mut len = [0u8; 32];
    len[24..].copy_from_slice(&(runtime.len() as u64).to_be_bytes());
    code.extend_from_slice(&len);
    code.extend_from_slice(&[
        0x80,
        0x60,
        PRELUDE_LEN as u8,
        0x60,
        0x00,
        0x39,
        0x60,
        0x00,
        0xf3,
        0x00,
    ]);
    code.extend_from_slice(runtime);
    code.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_code_prelude_is_43_bytes_with_length_word() {
        let code = init_code(&[0xaa; 300]);
        assert_eq!(code.len(), PRELUDE_LEN + 300);
        assert_eq!(code[0], 0x7f);
        assert_eq!(&code[31..33], &[0x01, 0x2c]);
        assert_eq!(code[35], PRELUDE_LEN as u8);
        assert_eq!(code[42], 0x00);
    }
}
