// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {vm} from "./Vm.sol";
import {MockChainlinkAggregator} from "./mocks/MockChainlinkAggregator.sol";

/// @notice The mock price feed the local chain and end-to-end tests deploy behaves as a Chainlink feed.
contract MockChainlinkAggregatorTest {
    MockChainlinkAggregator internal feed;

    function setUp() public {
        vm.warp(1_700_000_000);
        feed = new MockChainlinkAggregator(8, "ETH / USD", 3_000e8);
    }

    function test_InitialAnswerIsRoundOne() public view {
        (uint80 roundId, int256 answer,, uint256 updatedAt, uint80 answeredInRound) = feed.latestRoundData();
        vm.assertEq(roundId, 1);
        vm.assertEq(answer, 3_000e8);
        vm.assertEq(updatedAt, 1_700_000_000);
        vm.assertEq(answeredInRound, 1);
        vm.assertEq(feed.decimals(), 8);
        vm.assertEq(feed.description(), "ETH / USD");
    }

    function test_UpdatesStartNewRoundsAndKeepOldOnes() public {
        vm.warp(1_700_000_100);
        feed.updateAnswer(-5);
        feed.updateRoundData(2_900e8, 1_699_999_000);

        (uint80 roundId, int256 answer,, uint256 updatedAt,) = feed.latestRoundData();
        vm.assertEq(roundId, 3);
        vm.assertEq(answer, 2_900e8);
        vm.assertEq(updatedAt, 1_699_999_000);

        (, answer,, updatedAt,) = feed.getRoundData(2);
        vm.assertEq(answer, -5);
        vm.assertEq(updatedAt, 1_700_000_100);
    }

    function test_RevertWhen_RoundHasNoData() public {
        vm.expectRevert(abi.encodeWithSelector(MockChainlinkAggregator.MockAggregatorNoData.selector, uint80(7)));
        feed.getRoundData(7);
    }

    function test_RevertWhen_UpdateInFuture() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                MockChainlinkAggregator.MockAggregatorUpdateInFuture.selector, 1_700_000_001, 1_700_000_000
            )
        );
        feed.updateRoundData(1, 1_700_000_001);
    }

    function test_RevertWhen_UpdateAtTimestampZero() public {
        vm.expectRevert(abi.encodeWithSelector(MockChainlinkAggregator.MockAggregatorZeroTimestamp.selector));
        feed.updateRoundData(1, 0);
    }
}
