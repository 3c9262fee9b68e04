// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title The few Foundry cheatcodes Ballast's Solidity tests use.
/// @notice forge serves these at `VM_ADDRESS`; declaring them here avoids a forge-std dependency (the npm copy is
///         an old unofficial one). Signatures follow Foundry's cheatcode interface; add more as tests need them.
interface Vm {
    /// @notice Sets `block.timestamp`.
    function warp(uint256 newTimestamp) external;
    /// @notice Makes the next call's `msg.sender` `msgSender`.
    function prank(address msgSender) external;
    /// @notice Makes `msg.sender` `msgSender` for every call until `stopPrank`.
    function startPrank(address msgSender) external;
    /// @notice Ends `startPrank`.
    function stopPrank() external;
    /// @notice The next call must revert with exactly `revertData`.
    function expectRevert(bytes calldata revertData) external;
    /// @notice The next emitted event must match the one emitted next by the test, on the checked parts.
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData) external;
    /// @notice Fails unless `left == right`.
    function assertEq(uint256 left, uint256 right) external pure;
    /// @notice Fails unless `left == right`.
    function assertEq(int256 left, int256 right) external pure;
    /// @notice Fails unless `left == right`.
    function assertEq(address left, address right) external pure;
    /// @notice Fails unless `left == right`.
    function assertEq(string calldata left, string calldata right) external pure;
    /// @notice Fails unless `condition` is true.
    function assertTrue(bool condition) external pure;
    /// @notice Restricts fuzz inputs to those for which `condition` holds.
    function assume(bool condition) external pure;
}

// The address at which forge serves the cheatcodes: address(uint160(uint256(keccak256("hevm cheat code")))).
Vm constant vm = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);
