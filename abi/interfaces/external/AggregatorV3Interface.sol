// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Chainlink price feed interface (AggregatorV3Interface).
/// @notice The oracle interface Ballast reads mark prices from.
interface AggregatorV3Interface {
    /// @notice The number of decimals of the answers.
    function decimals() external view returns (uint8);

    /// @notice A human-readable description of the feed (e.g. "ETH / USD").
    function description() external view returns (string memory);

    /// @notice The aggregator's version.
    function version() external view returns (uint256);

    /// @notice The data of round `_roundId`.
    /// @return roundId The round's id.
    /// @return answer The price.
    /// @return startedAt When the round started (seconds).
    /// @return updatedAt When the answer was last updated (seconds).
    /// @return answeredInRound The round in which the answer was computed.
    function getRoundData(uint80 _roundId)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /// @notice The data of the latest round.
    /// @return roundId The round's id.
    /// @return answer The price.
    /// @return startedAt When the round started (seconds).
    /// @return updatedAt When the answer was last updated (seconds).
    /// @return answeredInRound The round in which the answer was computed.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
