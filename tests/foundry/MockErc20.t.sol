// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {vm} from "./Vm.sol";
import {IErc20} from "../../abi/interfaces/external/IErc20.sol";
import {MockErc20} from "./mocks/MockErc20.sol";

/// @notice The mock ERC-20 the local chain and end-to-end tests deploy behaves as an ERC-20.
contract MockErc20Test {
    MockErc20 internal token;
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);

    function setUp() public {
        token = new MockErc20("USD Coin", "USDC", 6);
    }

    function test_Metadata() public view {
        vm.assertEq(token.name(), "USD Coin");
        vm.assertEq(token.symbol(), "USDC");
        vm.assertEq(token.decimals(), 6);
    }

    function testFuzz_MintTransferBurn(uint128 minted, uint128 moved) public {
        vm.assume(moved <= minted);
        vm.expectEmit(true, true, false, true);
        emit IErc20.Transfer(address(0), ALICE, minted);
        token.mint(ALICE, minted);

        vm.prank(ALICE);
        vm.assertTrue(token.transfer(BOB, moved));
        vm.assertEq(token.balanceOf(ALICE), uint256(minted) - moved);
        vm.assertEq(token.balanceOf(BOB), moved);

        token.burn(BOB, moved);
        vm.assertEq(token.balanceOf(BOB), 0);
        vm.assertEq(token.totalSupply(), uint256(minted) - moved);
    }

    function test_TransferFromSpendsAllowanceUnlessInfinite() public {
        token.mint(ALICE, 100);
        vm.prank(ALICE);
        token.approve(BOB, 60);
        vm.prank(BOB);
        vm.assertTrue(token.transferFrom(ALICE, BOB, 40));
        vm.assertEq(token.allowance(ALICE, BOB), 20);

        vm.prank(ALICE);
        token.approve(BOB, type(uint256).max);
        vm.prank(BOB);
        vm.assertTrue(token.transferFrom(ALICE, BOB, 60));
        vm.assertEq(token.allowance(ALICE, BOB), type(uint256).max);
        vm.assertEq(token.balanceOf(BOB), 100);
    }

    function test_RevertWhen_TransferExceedsBalance() public {
        token.mint(ALICE, 5);
        vm.expectRevert(abi.encodeWithSelector(MockErc20.ERC20InsufficientBalance.selector, ALICE, 5, 6));
        vm.prank(ALICE);
        // forge-lint: disable-next-line(erc20-unchecked-transfer)
        token.transfer(BOB, 6);
    }

    function test_RevertWhen_TransferFromExceedsAllowance() public {
        token.mint(ALICE, 100);
        vm.prank(ALICE);
        token.approve(BOB, 10);
        vm.expectRevert(abi.encodeWithSelector(MockErc20.ERC20InsufficientAllowance.selector, BOB, 10, 11));
        vm.prank(BOB);
        // forge-lint: disable-next-line(erc20-unchecked-transfer)
        token.transferFrom(ALICE, BOB, 11);
    }

    function test_RevertWhen_TransferToZeroAddress() public {
        token.mint(ALICE, 1);
        vm.expectRevert(abi.encodeWithSelector(MockErc20.ERC20InvalidReceiver.selector, address(0)));
        vm.prank(ALICE);
        // forge-lint: disable-next-line(erc20-unchecked-transfer)
        token.transfer(address(0), 1);
    }
}
