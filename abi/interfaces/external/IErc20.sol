// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ERC-20 token standard (EIP-20), with the optional metadata getters.
/// @notice The interface Ballast expects of collateral and settlement tokens (e.g. USDC).
interface IErc20 {
    /// @notice `value` tokens moved from `from` to `to` (`from` is zero on mint, `to` is zero on burn).
    event Transfer(address indexed from, address indexed to, uint256 value);

    /// @notice `owner` allowed `spender` to move up to `value` of its tokens.
    event Approval(address indexed owner, address indexed spender, uint256 value);

    /// @notice The token's name.
    function name() external view returns (string memory);

    /// @notice The token's symbol.
    function symbol() external view returns (string memory);

    /// @notice The number of decimals of the token's amounts.
    function decimals() external view returns (uint8);

    /// @notice The amount of tokens in existence.
    function totalSupply() external view returns (uint256);

    /// @notice The amount of tokens `account` holds.
    function balanceOf(address account) external view returns (uint256);

    /// @notice Moves `value` tokens from the caller to `to`.
    /// @return success True on success (a failure reverts).
    function transfer(address to, uint256 value) external returns (bool success);

    /// @notice How much of `owner`'s tokens `spender` may still move.
    function allowance(address owner, address spender) external view returns (uint256);

    /// @notice Lets `spender` move up to `value` of the caller's tokens.
    /// @return success True on success (a failure reverts).
    function approve(address spender, uint256 value) external returns (bool success);

    /// @notice Moves `value` tokens from `from` to `to` using the caller's allowance.
    /// @return success True on success (a failure reverts).
    function transferFrom(address from, address to, uint256 value) external returns (bool success);
}
