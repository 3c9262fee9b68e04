//! On-chain code layouts of Stylus programs (geth `statedb_arbitrum.go`, stylus-tools `core/code`)
//! and the way back to their wasm.
//!
//! | Kind | Bytes |
//! |---|---|
//! | classic program | `EF F0 00 <dict>` + brotli stream |
//! | fragment (ArbOS ≥ 60) | `EF F0 01` + a chunk of a brotli stream |
//! | root program (ArbOS ≥ 60) | `EF F0 02 <dict> <u32 BE decompressed length> <20-byte fragment address>…` |
//!
//! Classic and root code run as programs when called; a fragment is plain code to the EVM (its first
//! byte `0xEF` is an invalid opcode), so calling one fails and burns the call's gas. A root's wasm is
//! its fragments' payloads joined in order and decompressed; activation also checks the declared
//! length against `MaxWasmSize` and the fragment count against `MaxFragmentCount`
//! (nitro `getWasmFromRootStylus`).

use std::io::Read;

use alloy_primitives::{Address, Bytes};

use super::pricing;
use crate::error::ProgramError;

/// Prefix of a classic program (followed by the dictionary byte).
pub const CLASSIC_PREFIX: [u8; 3] = [0xEF, 0xF0, 0x00];
/// Prefix of a fragment (followed by its payload).
pub const FRAGMENT_PREFIX: [u8; 3] = [0xEF, 0xF0, 0x01];
/// Prefix of a root program (followed by the dictionary byte, length and addresses).
pub const ROOT_PREFIX: [u8; 3] = [0xEF, 0xF0, 0x02];
/// Length of a root's header: prefix, dictionary byte and the u32 decompressed length.
pub const ROOT_HEADER_LEN: usize = 8;

/// `code` starts with `prefix` and has at least one byte more (geth `IsStylus…Prefix`).
fn has_prefix(code: &[u8], prefix: &[u8; 3]) -> bool {
    code.len() > prefix.len() && code.starts_with(prefix)
}

/// True if `code` is a classic program (`EF F0 00 <dict>`…).
pub fn is_classic(code: &[u8]) -> bool {
    has_prefix(code, &CLASSIC_PREFIX)
}

/// True if `code` is a fragment (`EF F0 01`…).
pub fn is_fragment(code: &[u8]) -> bool {
    has_prefix(code, &FRAGMENT_PREFIX)
}

/// True if `code` is a root program (`EF F0 02`…).
pub fn is_root(code: &[u8]) -> bool {
    has_prefix(code, &ROOT_PREFIX)
}

/// True if calling `code` runs a Stylus program: classic or root (geth
/// `IsStylusDeployableProgramPrefix` at ArbOS ≥ 60).
pub fn is_program(code: &[u8]) -> bool {
    is_classic(code) || is_root(code)
}

/// True if `code` is any Stylus component, which creates may deploy despite EIP-3541 (geth
/// `IsStylusComponentPrefix` at ArbOS ≥ 60).
pub fn is_component(code: &[u8]) -> bool {
    is_program(code) || is_fragment(code)
}

/// A parsed root program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StylusRoot {
    /// Brotli dictionary of the joined stream (0 = none).
    pub dictionary: u8,
    /// Length of the wasm the joined stream must decompress to.
    pub decompressed_len: u32,
    /// Fragment addresses, in stream order.
    pub fragments: Vec<Address>,
}

impl StylusRoot {
    /// Parses root code (geth `NewStylusRoot`).
    pub fn parse(code: &[u8]) -> Result<Self, ProgramError> {
        if !is_root(code) {
            return Err(ProgramError::MalformedRoot("not a root program".into()));
        }
        if code.len() < ROOT_HEADER_LEN {
            return Err(ProgramError::MalformedRoot(format!(
                "root too short: need at least {ROOT_HEADER_LEN} bytes, got {}",
                code.len()
            )));
        }
        let addresses = &code[ROOT_HEADER_LEN..];
        if !addresses.len().is_multiple_of(Address::len_bytes()) {
            return Err(ProgramError::MalformedRoot(format!(
                "address data of {} bytes is not a multiple of 20",
                addresses.len()
            )));
        }
        Ok(Self {
            dictionary: code[3],
            decompressed_len: u32::from_be_bytes(
                code[4..ROOT_HEADER_LEN]
                    .try_into()
                    .expect("should be 4 bytes"),
            ),
            fragments: addresses
                .chunks_exact(Address::len_bytes())
                .map(Address::from_slice)
                .collect(),
        })
    }

    /// The root's code: `EF F0 02 <dict> <u32 BE length>` followed by the addresses.
    pub fn encode(&self) -> Bytes {
        let mut code =
            Vec::with_capacity(ROOT_HEADER_LEN + Address::len_bytes() * self.fragments.len());
        code.extend_from_slice(&ROOT_PREFIX);
        code.push(self.dictionary);
        code.extend_from_slice(&self.decompressed_len.to_be_bytes());
        for address in &self.fragments {
            code.extend_from_slice(address.as_slice());
        }
        code.into()
    }
}

/// Decompresses a brotli `stream` written with `dictionary`, failing if it exceeds `limit` bytes.
///
/// Only dictionary 0 (none) is shipped; nitro's built-in dictionary 1 is not modelled.
pub fn decompress_stream(
    stream: &[u8],
    dictionary: u8,
    limit: usize,
) -> Result<Vec<u8>, ProgramError> {
    if dictionary != 0 {
        return Err(ProgramError::UnsupportedDictionary(dictionary));
    }
    let mut wasm = Vec::new();
    brotli::Decompressor::new(stream, 4096)
        .take(limit as u64 + 1)
        .read_to_end(&mut wasm)
        .map_err(|e| ProgramError::Decompress(e.to_string()))?;
    if wasm.len() > limit {
        return Err(ProgramError::Decompress(format!(
            "wasm exceeds {limit} bytes"
        )));
    }
    Ok(wasm)
}

/// The wasm of classic code, bounded by `MaxWasmSize`.
pub fn classic_wasm(code: &[u8]) -> Result<Vec<u8>, ProgramError> {
    if !is_classic(code) {
        return Err(ProgramError::NotWasm);
    }
    decompress_stream(&code[4..], code[3], pricing::MAX_WASM_SIZE)
}

/// The wasm of `root`: each fragment's code is obtained from `read` (which may charge for it and
/// fail), its payload appended, and the joined stream decompressed to exactly the declared length.
///
/// With `activation`, the declared length and the fragment count are first checked against
/// `MaxWasmSize` and `MaxFragmentCount`, as nitro does only when activating.
pub fn root_wasm<E: From<ProgramError>>(
    root: &StylusRoot,
    activation: bool,
    mut read: impl FnMut(Address) -> Result<Bytes, E>,
) -> Result<Vec<u8>, E> {
    if activation {
        if root.decompressed_len as usize > pricing::MAX_WASM_SIZE {
            return Err(ProgramError::DeclaredTooLarge {
                declared: root.decompressed_len,
                max: pricing::MAX_WASM_SIZE as u32,
            }
            .into());
        }
        if root.fragments.len() > usize::from(pricing::MAX_FRAGMENT_COUNT) {
            return Err(ProgramError::TooManyFragments {
                count: root.fragments.len(),
                max: pricing::MAX_FRAGMENT_COUNT,
            }
            .into());
        }
    }
    if root.fragments.is_empty() {
        return Err(ProgramError::NoFragments.into());
    }
    let mut stream = Vec::new();
    for address in &root.fragments {
        let code = read(*address)?;
        if !is_fragment(&code) {
            return Err(ProgramError::NotFragment(*address).into());
        }
        stream.extend_from_slice(&code[FRAGMENT_PREFIX.len()..]);
    }
    let declared = root.decompressed_len as usize;
    let wasm = decompress_stream(&stream, root.dictionary, declared)?;
    if wasm.len() != declared {
        return Err(ProgramError::LengthMismatch {
            actual: wasm.len(),
            declared: root.decompressed_len,
        }
        .into());
    }
    Ok(wasm)
}

/// Gas of reading a fragment's code at activation: 2600 cold / 100 warm plus 3 per 32-byte word
/// (nitro `fragmentReadGasCost`).
pub fn fragment_read_gas(cold: bool, code_len: usize) -> u64 {
    let access = if cold { 2_600 } else { 100 };
    access + 3 * (code_len as u64).div_ceil(32)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use alloy_primitives::address;

    use super::*;

    fn compress(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
            writer.write_all(data).unwrap();
        }
        out
    }

    fn fragment(payload: &[u8]) -> Bytes {
        [&FRAGMENT_PREFIX[..], payload].concat().into()
    }

    /// A root over `stream` cut in two fragments at fixed addresses, and a reader for them.
    fn two_fragments(
        stream: &[u8],
        declared: u32,
    ) -> (
        StylusRoot,
        impl FnMut(Address) -> Result<Bytes, ProgramError>,
    ) {
        let a = address!("00000000000000000000000000000000000000a1");
        let b = address!("00000000000000000000000000000000000000b2");
        let (first, second) = stream.split_at(stream.len() / 2);
        let (first, second) = (fragment(first), fragment(second));
        let root = StylusRoot {
            dictionary: 0,
            decompressed_len: declared,
            fragments: vec![a, b],
        };
        let read = move |at: Address| {
            Ok(if at == a {
                first.clone()
            } else {
                second.clone()
            })
        };
        (root, read)
    }

    #[test]
    fn prefixes_need_a_byte_after_them() {
        assert!(!is_classic(&CLASSIC_PREFIX));
        assert!(is_classic(&[0xEF, 0xF0, 0x00, 0x00]));
        assert!(is_fragment(&[0xEF, 0xF0, 0x01, 0x00]));
        assert!(is_root(&[0xEF, 0xF0, 0x02, 0x00]));
        assert!(is_program(&[0xEF, 0xF0, 0x02, 0x00]) && !is_program(&[0xEF, 0xF0, 0x01, 0x00]));
        assert!(is_component(&[0xEF, 0xF0, 0x01, 0x00]));
        assert!(!is_component(&[0xEF, 0xF0, 0x03, 0x00]));
    }

    #[test]
    fn root_round_trips_and_rejects_bad_lengths() {
        let root = StylusRoot {
            dictionary: 0,
            decompressed_len: 200_000,
            fragments: vec![Address::with_last_byte(1), Address::with_last_byte(2)],
        };
        let code = root.encode();
        assert_eq!(
            &code[..8],
            &[0xEF, 0xF0, 0x02, 0x00, 0x00, 0x03, 0x0D, 0x40]
        );
        assert_eq!(StylusRoot::parse(&code).unwrap(), root);
        assert!(matches!(
            StylusRoot::parse(&code[..7]),
            Err(ProgramError::MalformedRoot(_))
        ));
        assert!(matches!(
            StylusRoot::parse(&code[..27]),
            Err(ProgramError::MalformedRoot(_))
        ));
    }

    #[test]
    fn root_wasm_joins_fragments_and_checks_the_declared_length() {
        let wasm: Vec<u8> = (0..5_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let stream = compress(&wasm);
        let (root, read) = two_fragments(&stream, wasm.len() as u32);
        assert_eq!(root_wasm(&root, true, read).unwrap(), wasm);

        let (root, read) = two_fragments(&stream, wasm.len() as u32 + 1);
        assert_eq!(
            root_wasm(&root, true, read),
            Err(ProgramError::LengthMismatch {
                actual: wasm.len(),
                declared: wasm.len() as u32 + 1
            })
        );
        // Declaring less than the stream holds fails while decompressing.
        let (root, read) = two_fragments(&stream, wasm.len() as u32 - 1);
        assert!(matches!(
            root_wasm(&root, true, read),
            Err(ProgramError::Decompress(_))
        ));
    }

    #[test]
    fn activation_limits_are_checked_before_reading() {
        let mut reads = 0;
        let mut read = |_| {
            reads += 1;
            Ok::<_, ProgramError>(fragment(&[0]))
        };
        let root = StylusRoot {
            dictionary: 0,
            decompressed_len: pricing::MAX_WASM_SIZE as u32 + 1,
            fragments: vec![Address::ZERO],
        };
        assert_eq!(
            root_wasm(&root, true, &mut read),
            Err(ProgramError::DeclaredTooLarge {
                declared: pricing::MAX_WASM_SIZE as u32 + 1,
                max: pricing::MAX_WASM_SIZE as u32
            })
        );
        let root = StylusRoot {
            dictionary: 0,
            decompressed_len: 10,
            fragments: vec![Address::ZERO; 5],
        };
        assert_eq!(
            root_wasm(&root, true, &mut read),
            Err(ProgramError::TooManyFragments { count: 5, max: 4 })
        );
        let root = StylusRoot {
            dictionary: 0,
            decompressed_len: 10,
            fragments: Vec::new(),
        };
        assert_eq!(
            root_wasm(&root, false, &mut read),
            Err(ProgramError::NoFragments)
        );
        assert_eq!(reads, 0);
    }

    #[test]
    fn a_fragment_address_without_fragment_code_is_rejected() {
        let root = StylusRoot {
            dictionary: 0,
            decompressed_len: 10,
            fragments: vec![Address::ZERO],
        };
        let empty = |_| Ok::<_, ProgramError>(Bytes::new());
        assert_eq!(
            root_wasm(&root, true, empty),
            Err(ProgramError::NotFragment(Address::ZERO))
        );
        let classic = |_| Ok::<_, ProgramError>(Bytes::from_static(&[0xEF, 0xF0, 0x00, 0x00, 1]));
        assert_eq!(
            root_wasm(&root, true, classic),
            Err(ProgramError::NotFragment(Address::ZERO))
        );
    }

    #[test]
    fn fragment_reads_cost_access_plus_three_per_word() {
        assert_eq!(fragment_read_gas(true, 24_576), 2_600 + 3 * 768);
        assert_eq!(fragment_read_gas(false, 24_576), 100 + 3 * 768);
        assert_eq!(fragment_read_gas(true, 33), 2_606);
        assert_eq!(fragment_read_gas(true, 0), 2_600);
    }

    #[test]
    fn classic_wasm_checks_prefix_dictionary_and_size() {
        assert_eq!(classic_wasm(&[0x60, 0x00]), Err(ProgramError::NotWasm));
        assert_eq!(
            classic_wasm(&[0xEF, 0xF0, 0x00, 0x01, 0x00]),
            Err(ProgramError::UnsupportedDictionary(1))
        );
        let big = compress(&vec![0u8; pricing::MAX_WASM_SIZE + 1]);
        let code = [&[0xEF, 0xF0, 0x00, 0x00][..], &big].concat();
        assert!(matches!(
            classic_wasm(&code),
            Err(ProgramError::Decompress(_))
        ));
        let fits = compress(&vec![0u8; pricing::MAX_WASM_SIZE]);
        let code = [&[0xEF, 0xF0, 0x00, 0x00][..], &fits].concat();
        assert_eq!(classic_wasm(&code).unwrap().len(), pricing::MAX_WASM_SIZE);
    }
}
