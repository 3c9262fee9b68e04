//! Facets: one contract address served by several Stylus programs.
//!
//! A contract whose code does not fit the 24 KiB Stylus limit is built from one crate as a **router** (the
//! crate's default build, deployed at the address integrators use) and **facets** (builds of the same crate with
//! a `facet-<name>` cargo feature; see `scripts/build-wasm.sh`). The router serves some functions itself and
//! forwards the others from its `#[fallback]` to a facet by DELEGATECALL, so the facet's code runs on the
//! router's storage, with the router's address and the original `msg.sender`. Because every facet is compiled
//! from the same `#[storage]` struct (a facet's entrypoint struct wraps it as its only field), the storage
//! layouts agree by construction.
//!
//! Facet addresses are fixed in the router's constructor: nobody can swap the code later. A facet deployed on its
//! own has empty storage (no owner, no roles, nothing listed); calling it directly touches only that storage.

use alloy_primitives::Address;
use stylus_sdk::{call::RawCall, prelude::*, ArbResult};

/// Returns the 4-byte function selector that starts `calldata`, or `None` when it is shorter.
#[must_use]
pub fn selector(calldata: &[u8]) -> Option<[u8; 4]> {
    calldata.get(..4)?.try_into().ok()
}

/// The selector an "unknown selector" error reports for `calldata`: its first four bytes, zero-padded when it is
/// shorter (so the caller sees what it sent).
#[must_use]
pub fn reported_selector(calldata: &[u8]) -> [u8; 4] {
    let mut selector = [0u8; 4];
    let n = calldata.len().min(4);
    selector[..n].copy_from_slice(&calldata[..n]);
    selector
}

/// Runs `calldata` on `facet`'s code in this contract's context (DELEGATECALL with all remaining gas) and returns
/// its return data; a revert comes back as `Err` with the facet's revert data unchanged, so the caller sees the
/// facet's custom error.
///
/// The storage cache is flushed and cleared first: the facet may write any slot, and this frame must not reuse
/// values read before the call.
///
/// # Errors
/// The facet's revert data.
// The one unsafe block of the workspace: stylus-sdk marks every raw call unsafe because a callee might alias
// storage; a facet is the same crate's code on the same layout, and the cache is cleared first.
#[allow(unsafe_code)]
pub fn delegate<H: Host + ?Sized>(host: &H, facet: Address, calldata: &[u8]) -> ArbResult {
    // SAFETY: `facet` is a build of the calling crate with the same storage layout, fixed at construction; the
    // cache is cleared before the call, so no stale storage value is used afterwards.
    unsafe {
        RawCall::new_delegate(host)
            .clear_storage_cache()
            .call(facet, calldata)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // `delegate` is exercised on the local Stylus chain (TestVM does not hand delegate calls their return
    // data): see contracts/margin-registry/tests/on_chain.rs, where every facet is reached by it.
    #[test]
    fn selector_needs_four_bytes() {
        assert_eq!(selector(&[1, 2, 3]), None);
        assert_eq!(selector(&[1, 2, 3, 4, 5]), Some([1, 2, 3, 4]));
    }

    #[test]
    fn reported_selector_pads_short_calldata() {
        assert_eq!(reported_selector(&[]), [0; 4]);
        assert_eq!(reported_selector(&[7, 8]), [7, 8, 0, 0]);
        assert_eq!(reported_selector(&[1, 2, 3, 4, 5]), [1, 2, 3, 4]);
    }
}
