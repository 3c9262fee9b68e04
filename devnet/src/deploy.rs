//! Deployment: the init-code prelude `cargo stylus deploy` puts in front of runtime code, the
//! StylusDeployer contract the chain installs at genesis for contracts with constructors, and the
//! splitting of programs above [`MAX_CODE_SIZE`] into fragments and a root (ArbOS ≥ 60), byte for
//! byte as stylus-tools' `split_if_large` does.
//!
//! A classic program `EF F0 00 <dict> <stream>` whose code exceeds [`MAX_CODE_SIZE`] is deployed as
//! fragments `EF F0 01 <chunk>`, each chunk [`FRAGMENT_PAYLOAD`] bytes of the stream (the last one
//! shorter), then a root `EF F0 02 <dict> <u32 BE decompressed length> <fragment addresses>`
//! ([`root_code`]), which is what gets activated and called.

use alloy_primitives::{address, hex, keccak256, Address, Bytes, U256};
use alloy_sol_types::{sol, SolCall};

use crate::{
    arbwasm::{ArbWasm, ARBWASM_ADDRESS},
    error::{ChainError, Result},
    stylus::{code, pricing},
    Chain, TxOutcome, TxRequest,
};

/// Arbitrum's StylusDeployer address, which `cargo stylus deploy` calls for contracts with a
/// `#[constructor]`.
pub const STYLUS_DEPLOYER_ADDRESS: Address = address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");

sol! {
    /// The StylusDeployer's interface (nitro-contracts `StylusDeployer.sol`), as `cargo stylus
    /// deploy` calls it for a contract with a constructor: it creates `bytecode` (CREATE2 when
    /// `salt` is not zero), activates the program if needed, calls it with `initData` and
    /// `initValue`, and refunds the rest of the value.
    #[allow(missing_docs)]
    interface StylusDeployer {
        function deploy(bytes bytecode, bytes initData, uint256 initValue, bytes32 salt) external payable returns (address);
        event ContractDeployed(address deployedContract);
    }
}

/// Largest code one contract may hold (EIP-170, Arbitrum's default `MaxCodeSize`).
pub const MAX_CODE_SIZE: usize = pricing::MAX_CODE_SIZE;

/// Bytes of the compressed stream in each fragment: the code size limit less the 3-byte prefix.
pub const FRAGMENT_PAYLOAD: usize = MAX_CODE_SIZE - code::FRAGMENT_PREFIX.len();

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
/// Works for Stylus-prefixed (classic, fragment, root) and plain EVM runtime code alike.
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

/// How a classic program is deployed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitProgram {
    /// The code fits in one contract ([`MAX_CODE_SIZE`] bytes or fewer): deploy it as it is.
    Single(Bytes),
    /// The code is larger: deploy the fragments, then the root built by [`Fragments::root`].
    Fragmented(Fragments),
}

/// A program cut into fragments, with what its root needs besides their addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragments {
    /// Fragment codes in stream order, each `EF F0 01` followed by its chunk.
    pub codes: Vec<Bytes>,
    /// Brotli dictionary byte of the classic code.
    pub dictionary: u8,
    /// Length of the decompressed wasm.
    pub decompressed_len: u32,
}

impl Fragments {
    /// The root's code once the fragments are deployed at `addresses` (in order).
    pub fn root(&self, addresses: &[Address]) -> Bytes {
        root_code(self.dictionary, self.decompressed_len, addresses)
    }
}

/// Splits classic code `EF F0 00 <dict> <stream>` as stylus-tools does: code of at most
/// [`MAX_CODE_SIZE`] bytes stays one contract; longer code becomes fragments of
/// [`FRAGMENT_PAYLOAD`]-byte chunks of the stream, plus the root's dictionary and decompressed
/// length (found by decompressing the stream).
///
/// # Panics
/// If `classic_code` is longer than [`MAX_CODE_SIZE`] and is not a classic program whose stream
/// decompresses with the dictionary it names (only dictionary 0 is shipped): the decompressed
/// length a root must declare cannot be known then.
pub fn split_program(classic_code: &[u8]) -> SplitProgram {
    if classic_code.len() <= MAX_CODE_SIZE {
        return SplitProgram::Single(Bytes::copy_from_slice(classic_code));
    }
    assert!(
        code::is_classic(classic_code),
        "only classic Stylus code (EF F0 00 <dict>) can be split"
    );
    let (dictionary, stream) = (classic_code[3], &classic_code[4..]);
    let wasm = code::decompress_stream(stream, dictionary, u32::MAX as usize)
        .unwrap_or_else(|e| panic!("a program to split must decompress: {e}"));
    SplitProgram::Fragmented(Fragments {
        codes: stream
            .chunks(FRAGMENT_PAYLOAD)
            .map(|chunk| [&code::FRAGMENT_PREFIX[..], chunk].concat().into())
            .collect(),
        dictionary,
        decompressed_len: wasm.len() as u32,
    })
}

/// Root code `EF F0 02 <dict> <u32 BE decompressed length> <addresses>` for fragments at
/// `fragments` (in stream order).
pub fn root_code(dictionary: u8, decompressed_len: u32, fragments: &[Address]) -> Bytes {
    code::StylusRoot {
        dictionary,
        decompressed_len,
        fragments: fragments.to_vec(),
    }
    .encode()
}

/// Where [`Chain::install_program`] places fragment `index` of the program installed at `root`:
/// the last 20 bytes of `keccak256("ballast-devnet.fragment" ‖ root ‖ index)`.
pub fn fragment_address(root: Address, index: u8) -> Address {
    let hash = keccak256(
        [
            b"ballast-devnet.fragment".as_slice(),
            root.as_slice(),
            &[index],
        ]
        .concat(),
    );
    Address::from_slice(&hash[12..])
}

/// A program deployed by [`Chain::deploy_program`].
#[derive(Debug, Clone)]
pub struct DeployedProgram {
    /// The program's address (classic code, or the root of a fragmented program).
    pub address: Address,
    /// Fragment addresses in stream order (empty for a program that fits in one contract).
    pub fragments: Vec<Address>,
    /// The create transactions: each fragment's, then the program's.
    pub creations: Vec<TxOutcome>,
    /// The `activateProgram` transaction, whatever its status.
    pub activation: TxOutcome,
}

/// One ether, sent with activations for the data fee (the excess is refunded).
fn activation_value() -> U256 {
    U256::from(10u64).pow(U256::from(18))
}

impl Chain {
    /// Places Stylus `code` (classic code of any size) at `address` with cheats and activates it
    /// through ArbWasm in a transaction from `payer`, who sends 1 ether for the data fee (the excess
    /// is refunded). Code above [`MAX_CODE_SIZE`] is split as [`split_program`] does: fragment `i`
    /// goes to [`fragment_address`]`(address, i)` and the root to `address`. Activation instruments
    /// and prices the program (fragment reads included) and enforces every rule as on chain.
    ///
    /// Returns the activation's outcome, whatever its status.
    ///
    /// # Errors
    /// As [`Chain::send_transaction`] (e.g. `payer` cannot pay).
    ///
    /// # Panics
    /// As [`split_program`], for oversized code that is not a decodable classic program.
    pub fn install_program(
        &mut self,
        address: Address,
        code: Bytes,
        payer: Address,
    ) -> Result<TxOutcome> {
        let installed = match split_program(&code) {
            SplitProgram::Single(code) => code,
            SplitProgram::Fragmented(fragments) => {
                let mut addresses = Vec::with_capacity(fragments.codes.len());
                for (index, fragment) in fragments.codes.iter().enumerate() {
                    let at = fragment_address(address, index as u8);
                    self.set_code(at, fragment.clone());
                    addresses.push(at);
                }
                fragments.root(&addresses)
            }
        };
        self.set_code(address, installed);
        self.activate_program(payer, address)
    }

    /// Deploys classic Stylus `code` from `from` the way `cargo stylus deploy` does: a create
    /// transaction with the [`init_code`] prelude per fragment (for code above [`MAX_CODE_SIZE`]),
    /// one for the program (the root, or the code itself), then `activateProgram` with 1 ether for
    /// the data fee (the excess is refunded).
    ///
    /// # Errors
    /// [`ChainError::DeploymentFailed`] if a create transaction does not succeed, otherwise as
    /// [`Chain::send_transaction`]. A failed activation is not an error: its outcome says so.
    ///
    /// # Panics
    /// As [`split_program`], for oversized code that is not a decodable classic program.
    pub fn deploy_program(&mut self, from: Address, code: &[u8]) -> Result<DeployedProgram> {
        let mut creations = Vec::new();
        let mut fragments = Vec::new();
        let program = match split_program(code) {
            SplitProgram::Single(code) => code,
            SplitProgram::Fragmented(split) => {
                for fragment in &split.codes {
                    let (at, outcome) = self.create(from, fragment)?;
                    fragments.push(at);
                    creations.push(outcome);
                }
                split.root(&fragments)
            }
        };
        let (address, outcome) = self.create(from, &program)?;
        creations.push(outcome);
        let activation = self.activate_program(from, address)?;
        Ok(DeployedProgram {
            address,
            fragments,
            creations,
            activation,
        })
    }

    /// Sends a create transaction for `runtime` behind the prelude; fails unless it succeeds.
    fn create(&mut self, from: Address, runtime: &[u8]) -> Result<(Address, TxOutcome)> {
        let outcome = self.send_transaction(TxRequest {
            from,
            input: init_code(runtime),
            ..Default::default()
        })?;
        match outcome.contract_address {
            Some(address) if outcome.status.is_success() => Ok((address, outcome)),
            _ => Err(ChainError::DeploymentFailed {
                code_len: runtime.len(),
                status: outcome.status,
            }),
        }
    }

    /// Sends `activateProgram(program)` from `payer` with 1 ether for the data fee.
    fn activate_program(&mut self, payer: Address, program: Address) -> Result<TxOutcome> {
        self.send_transaction(TxRequest {
            from: payer,
            to: Some(ARBWASM_ADDRESS),
            value: activation_value(),
            input: ArbWasm::activateProgramCall { program }.abi_encode().into(),
            ..Default::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// Classic code around an incompressible stream of `len` bytes (brotli stores it raw).
    fn classic(len: usize) -> Vec<u8> {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let wasm: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        let mut code = vec![0xEF, 0xF0, 0x00, 0x00];
        {
            let mut writer = brotli::CompressorWriter::new(&mut code, 4096, 11, 22);
            writer.write_all(&wasm).unwrap();
        }
        code
    }

    #[test]
    fn init_code_prelude_is_43_bytes_with_length_word() {
        let code = init_code(&[0xaa; 300]);
        assert_eq!(code.len(), PRELUDE_LEN + 300);
        assert_eq!(code[0], 0x7f);
        assert_eq!(&code[31..33], &[0x01, 0x2c]);
        assert_eq!(code[35], PRELUDE_LEN as u8);
        assert_eq!(code[42], 0x00);
    }

    #[test]
    fn code_up_to_the_limit_stays_one_contract() {
        let code = vec![0xEF, 0xF0, 0x00, 0x00, 1, 2, 3];
        assert_eq!(split_program(&code), SplitProgram::Single(code.into()));
        let mut code = classic(30_000);
        code.truncate(MAX_CODE_SIZE);
        assert!(matches!(split_program(&code), SplitProgram::Single(_)));
    }

    #[test]
    fn larger_code_splits_into_full_chunks_and_a_rest() {
        let code = classic(60_000);
        let stream = &code[4..];
        let SplitProgram::Fragmented(split) = split_program(&code) else {
            panic!("{} bytes should split", code.len());
        };
        assert_eq!(split.decompressed_len, 60_000);
        assert_eq!(split.dictionary, 0);
        assert_eq!(split.codes.len(), stream.len().div_ceil(FRAGMENT_PAYLOAD));
        for (i, fragment) in split.codes.iter().enumerate() {
            assert_eq!(&fragment[..3], &code::FRAGMENT_PREFIX);
            let start = i * FRAGMENT_PAYLOAD;
            let end = (start + FRAGMENT_PAYLOAD).min(stream.len());
            assert_eq!(&fragment[3..], &stream[start..end]);
            assert!(fragment.len() <= MAX_CODE_SIZE);
        }
        assert_eq!(split.codes[0].len(), MAX_CODE_SIZE);
    }

    #[test]
    fn root_code_is_the_stylus_tools_layout() {
        let a = Address::with_last_byte(0xaa);
        let b = Address::with_last_byte(0xbb);
        let root = root_code(0, 0x0001_0203, &[a, b]);
        let expected = [
            &[0xEF, 0xF0, 0x02, 0x00, 0x00, 0x01, 0x02, 0x03][..],
            a.as_slice(),
            b.as_slice(),
        ]
        .concat();
        assert_eq!(root.as_ref(), expected.as_slice());
    }

    #[test]
    fn fragment_addresses_are_distinct_per_root_and_index() {
        let root = Address::with_last_byte(1);
        assert_ne!(fragment_address(root, 0), fragment_address(root, 1));
        assert_ne!(
            fragment_address(root, 0),
            fragment_address(Address::with_last_byte(2), 0)
        );
        assert_eq!(fragment_address(root, 3), fragment_address(root, 3));
    }
}
