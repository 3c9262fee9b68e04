//! A one-flag reentrancy guard.
//!
//! Use it around every function that makes an external call after (or before) touching state:
//!
//! ```ignore
//! self.guard.enter::<Error>()?;
//! let result = self.work();   // no early return between enter and exit
//! self.guard.exit();
//! result
//! ```

use alloc::vec::Vec;
use stylus_sdk::{prelude::*, storage::StorageBool};

pub use sol::*;

#[allow(missing_docs)]
mod sol {
    alloy_sol_types::sol! {
        /// A guarded function was entered again before it returned.
        #[derive(Debug, PartialEq, Eq)]
        error ReentrancyGuardReentrantCall();
    }
}

/// Narrow error type for code that only uses [`ReentrancyGuard`].
#[derive(SolidityError, Debug, PartialEq, Eq)]
pub enum Error {
    /// See [`ReentrancyGuardReentrantCall`].
    ReentrantCall(ReentrancyGuardReentrantCall),
}

/// Storage of the reentrancy guard: whether a guarded function is running.
#[storage]
pub struct ReentrancyGuard {
    /// True between `enter` and `exit`.
    entered: StorageBool,
}

impl ReentrancyGuard {
    /// Marks a guarded function as running.
    ///
    /// # Errors
    /// * [`ReentrancyGuardReentrantCall`] if one is already running.
    pub fn enter<E: From<ReentrancyGuardReentrantCall>>(&mut self) -> Result<(), E> {
        if self.entered.get() {
            return Err(ReentrancyGuardReentrantCall {}.into());
        }
        self.entered.set(true);
        Ok(())
    }

    /// Marks the guarded function as finished. Call it on every path after `enter` succeeded.
    pub fn exit(&mut self) {
        self.entered.set(false);
    }

    /// Returns whether a guarded function is running.
    #[must_use]
    pub fn is_entered(&self) -> bool {
        self.entered.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::TestHost;

    #[test]
    fn enter_reverts_when_already_entered() {
        let host = TestHost::new();
        let mut guard = ReentrancyGuard::from(&host);
        guard.enter::<Error>().unwrap();
        assert!(guard.is_entered());
        assert_eq!(
            guard.enter::<Error>(),
            Err(Error::ReentrantCall(ReentrancyGuardReentrantCall {}))
        );
    }

    #[test]
    fn enter_succeeds_when_exited() {
        let host = TestHost::new();
        let mut guard = ReentrancyGuard::from(&host);
        guard.enter::<Error>().unwrap();
        guard.exit();
        assert!(!guard.is_entered());
        assert!(guard.enter::<Error>().is_ok());
    }
}
