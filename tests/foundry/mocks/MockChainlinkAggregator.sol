// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AggregatorV3Interface} from "../../../abi/interfaces/external/AggregatorV3Interface.sol";

/// @title A Chainlink-style price feed for tests and the local chain, whose answers anyone may push.
/// @notice Each push starts a new round; every round stays readable through `getRoundData`.
contract MockChainlinkAggregator is AggregatorV3Interface {
    /// @notice Round `roundId` has no data (never pushed).
    error MockAggregatorNoData(uint80 roundId);
    /// @notice `updatedAt` lies after the current block's timestamp `now_`.
    error MockAggregatorUpdateInFuture(uint256 updatedAt, uint256 now_);
    /// @notice A round cannot be updated at timestamp 0 (Chainlink's "no data" marker).
    error MockAggregatorZeroTimestamp();

    /// @notice A new answer was pushed as round `roundId`, with the feed's `updatedAt` timestamp.
    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    struct Round {
        int256 answer;
        uint256 startedAt;
        uint256 updatedAt;
    }

    /// @inheritdoc AggregatorV3Interface
    uint8 public immutable decimals;
    /// @inheritdoc AggregatorV3Interface
    string public description;
    /// @inheritdoc AggregatorV3Interface
    uint256 public constant version = 4;
    /// @notice The latest round's id (0 before the first push).
    uint80 public latestRound;
    mapping(uint80 roundId => Round) private rounds;

    /// @param decimals_ The decimals of answers (Chainlink USD feeds use 8).
    /// @param description_ E.g. "ETH / USD".
    /// @param initialAnswer Pushed as round 1 at the deployment block's timestamp.
    constructor(uint8 decimals_, string memory description_, int256 initialAnswer) {
        decimals = decimals_;
        description = description_;
        _push(initialAnswer, block.timestamp);
    }

    /// @notice Pushes `answer` as a new round updated now.
    function updateAnswer(int256 answer) external {
        _push(answer, block.timestamp);
    }

    /// @notice Pushes `answer` as a new round updated at `updatedAt` (in the past, to make a stale feed).
    function updateRoundData(int256 answer, uint256 updatedAt) external {
        // forge-lint: disable-next-line(block-timestamp)
        if (updatedAt > block.timestamp) revert MockAggregatorUpdateInFuture(updatedAt, block.timestamp);
        _push(answer, updatedAt);
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(uint80 _roundId) public view returns (uint80, int256, uint256, uint256, uint80) {
        Round memory round = rounds[_roundId];
        if (round.updatedAt == 0) revert MockAggregatorNoData(_roundId);
        return (_roundId, round.answer, round.startedAt, round.updatedAt, _roundId);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        return getRoundData(latestRound);
    }

    function _push(int256 answer, uint256 updatedAt) private {
        if (updatedAt == 0) revert MockAggregatorZeroTimestamp();
        uint80 roundId = latestRound + 1;
        latestRound = roundId;
        rounds[roundId] = Round({answer: answer, startedAt: updatedAt, updatedAt: updatedAt});
        emit AnswerUpdated(answer, roundId, updatedAt);
    }
}
