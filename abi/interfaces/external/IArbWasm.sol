// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ArbWasm: the Arbitrum precompile at 0x0000000000000000000000000000000000000071 (ArbOS 30+)
/// @notice Activates Stylus programs and reports Stylus parameters. Versions are Stylus versions, not ArbOS ones.
interface IArbWasm {
    /// @notice A program was activated (compiled and its Stylus version recorded).
    event ProgramActivated(bytes32 indexed codehash, bytes32 moduleHash, address program, uint256 dataFee, uint16 version);

    /// @notice A program's expiry was extended by a keepalive.
    event ProgramLifetimeExtended(bytes32 indexed codehash, uint256 dataFee);

    /// @notice The code is not a Stylus program (no Stylus prefix).
    error ProgramNotWasm();
    /// @notice The program has never been activated.
    error ProgramNotActivated();
    /// @notice The program was activated for another Stylus version and needs re-activation.
    error ProgramNeedsUpgrade(uint16 version, uint16 stylusVersion);
    /// @notice The program is older than `expiryDays` and needs re-activation.
    error ProgramExpired(uint64 ageInSeconds);
    /// @notice The program is already active at the current Stylus version.
    error ProgramUpToDate();
    /// @notice A keepalive came sooner than `keepaliveDays` after the last one.
    error ProgramKeepaliveTooSoon(uint64 ageInSeconds);
    /// @notice The call sent less value than the activation's data fee.
    error ProgramInsufficientValue(uint256 have, uint256 want);

    /// @notice Activates the program deployed at `program`; the call's value pays the data fee (excess refunded).
    /// @return version The Stylus version the program was activated for.
    /// @return dataFee The data fee paid.
    function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);

    /// @notice Extends the expiry of the active program with code hash `codehash`; the value pays the data fee.
    function codehashKeepalive(bytes32 codehash) external payable;

    /// @notice The current Stylus version.
    function stylusVersion() external view returns (uint16 version);

    /// @notice The Stylus version the code with hash `codehash` was activated for (reverts when not active).
    function codehashVersion(bytes32 codehash) external view returns (uint16 version);

    /// @notice The compiled (asm) size estimate of the active program with hash `codehash`, in bytes.
    function codehashAsmSize(bytes32 codehash) external view returns (uint32 size);

    /// @notice The Stylus version the program at `program` was activated for (reverts when not active).
    function programVersion(address program) external view returns (uint16 version);

    /// @notice The gas to start the program at `program`, uncached and cached.
    function programInitGas(address program) external view returns (uint64 gas, uint64 gasWhenCached);

    /// @notice The initial memory of the program at `program`, in 64 KiB pages.
    function programMemoryFootprint(address program) external view returns (uint16 footprint);

    /// @notice Seconds until the program at `program` expires.
    function programTimeLeft(address program) external view returns (uint64 _secs);

    /// @notice Ink per unit of gas.
    function inkPrice() external view returns (uint32 price);

    /// @notice The WASM stack depth limit, in words.
    function maxStackDepth() external view returns (uint32 depth);

    /// @notice The pages a transaction gets without paying for memory.
    function freePages() external view returns (uint16 pages);

    /// @notice The base gas per additional page.
    function pageGas() external view returns (uint16 gas);

    /// @notice The exponential memory-cost ramp.
    function pageRamp() external view returns (uint64 ramp);

    /// @notice The most pages a transaction may open.
    function pageLimit() external view returns (uint16 limit);

    /// @notice The minimum init gas, uncached and cached.
    function minInitGas() external view returns (uint64 gas, uint64 cached);

    /// @notice The init cost scalar, in percent.
    function initCostScalar() external view returns (uint64 percent);

    /// @notice Days after activation before a program expires.
    function expiryDays() external view returns (uint16 _days);

    /// @notice Days that must pass between keepalives.
    function keepaliveDays() external view returns (uint16 _days);

    /// @notice The size of the recent-programs cache, in programs.
    function blockCacheSize() external view returns (uint16 count);
}
