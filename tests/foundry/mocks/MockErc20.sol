// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IErc20} from "../../../abi/interfaces/external/IErc20.sol";

/// @title A plain ERC-20 for tests and the local chain, with open mint and burn.
/// @notice Faithful ERC-20 semantics (EIP-6093 errors, infinite allowance not decreased); anyone may mint or burn,
///         so it must never hold value.
contract MockErc20 is IErc20 {
    /// @notice `sender` tried to move `needed` tokens but holds only `balance`.
    error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
    /// @notice `spender` tried to move `needed` tokens with an allowance of only `allowance`.
    error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
    /// @notice Tokens cannot come from the zero address (except by mint).
    error ERC20InvalidSender(address sender);
    /// @notice Tokens cannot go to the zero address (except by burn).
    error ERC20InvalidReceiver(address receiver);
    /// @notice The zero address cannot approve.
    error ERC20InvalidApprover(address approver);
    /// @notice The zero address cannot be approved.
    error ERC20InvalidSpender(address spender);

    /// @inheritdoc IErc20
    string public name;
    /// @inheritdoc IErc20
    string public symbol;
    /// @inheritdoc IErc20
    uint8 public immutable decimals;
    /// @inheritdoc IErc20
    uint256 public totalSupply;
    /// @inheritdoc IErc20
    mapping(address account => uint256) public balanceOf;
    /// @inheritdoc IErc20
    mapping(address owner => mapping(address spender => uint256)) public allowance;

    /// @param name_ The token name (e.g. "USD Coin").
    /// @param symbol_ The token symbol (e.g. "USDC").
    /// @param decimals_ The decimals of amounts (e.g. 6).
    constructor(string memory name_, string memory symbol_, uint8 decimals_) {
        name = name_;
        symbol = symbol_;
        decimals = decimals_;
    }

    /// @notice Creates `value` tokens for `to`. Open to anyone: this is a test token.
    function mint(address to, uint256 value) external {
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        _update(address(0), to, value);
    }

    /// @notice Destroys `value` of `from`'s tokens. Open to anyone: this is a test token.
    function burn(address from, uint256 value) external {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        _update(from, address(0), value);
    }

    /// @inheritdoc IErc20
    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(msg.sender, to, value);
        return true;
    }

    /// @inheritdoc IErc20
    function approve(address spender, uint256 value) external returns (bool) {
        if (spender == address(0)) revert ERC20InvalidSpender(address(0));
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    /// @inheritdoc IErc20
    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            if (allowed < value) revert ERC20InsufficientAllowance(msg.sender, allowed, value);
            unchecked {
                allowance[from][msg.sender] = allowed - value;
            }
        }
        _transfer(from, to, value);
        return true;
    }

    function _transfer(address from, address to, uint256 value) private {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        _update(from, to, value);
    }

    /// @dev Moves, mints (`from` zero) or burns (`to` zero) `value` tokens and emits `Transfer`.
    function _update(address from, address to, uint256 value) private {
        if (from == address(0)) {
            totalSupply += value;
        } else {
            uint256 balance = balanceOf[from];
            if (balance < value) revert ERC20InsufficientBalance(from, balance, value);
            unchecked {
                balanceOf[from] = balance - value;
            }
        }
        if (to == address(0)) {
            unchecked {
                // Overflow not possible: value <= balanceOf[from] <= totalSupply.
                totalSupply -= value;
            }
        } else {
            unchecked {
                // Overflow not possible: balanceOf[to] + value <= totalSupply, which was checked above.
                balanceOf[to] += value;
            }
        }
        emit Transfer(from, to, value);
    }
}
