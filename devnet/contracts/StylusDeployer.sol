// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice The part of ArbWasm (precompile 0x71) the deployer needs.
interface IArbWasmDeploy {
    function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
    function stylusVersion() external view returns (uint16 version);
    function codehashVersion(bytes32 codehash) external view returns (uint16 version);
}

/// @title StylusDeployer (devnet implementation)
/// @notice Deploys, activates and initialises a Stylus contract in one transaction. Same ABI, address
///         and behaviour as Arbitrum's deployer that `cargo stylus deploy` uses for contracts with a
///         constructor (Ballast facts sheet §9.4); written for the Ballast devnet and installed in its
///         genesis at 0xcEcba2F1DC234f70Dd89F2041029807F8D03A990.
contract StylusDeployer {
    IArbWasmDeploy private constant ARB_WASM = IArbWasmDeploy(address(0x71));

    /// @notice A contract was deployed (and activated and initialised when needed).
    event ContractDeployed(address deployedContract);

    /// @notice CREATE/CREATE2 returned the zero address.
    error ContractDeploymentError(bytes bytecode);
    /// @notice The initialisation call reverted with `data`.
    error ContractInitializationError(address newContract, bytes data);
    /// @notice Returning the unused value to the sender failed.
    error RefundExcessValueError(uint256 excessValue);
    /// @notice No init code was given.
    error EmptyBytecode();
    /// @notice A value for initialisation was given without initialisation data.
    error InitValueButNotInitData();

    /// @notice Deploys `bytecode` (CREATE, or CREATE2 when `salt` is non-zero), activates the program
    ///         if its code hash is not active at the current Stylus version (paying the fee out of
    ///         `msg.value - initValue`), calls it with `initData` and `initValue`, and refunds the rest.
    /// @return The new contract's address.
    function deploy(bytes calldata bytecode, bytes calldata initData, uint256 initValue, bytes32 salt)
        public
        payable
        returns (address)
    {
        if (initData.length == 0 && initValue != 0) revert InitValueButNotInitData();
        if (bytecode.length == 0) revert EmptyBytecode();
        address newContract = salt != 0
            ? create2(bytecode, keccak256(abi.encodePacked(salt, initData, initValue)))
            : create1(bytecode);

        uint256 activationFee = 0;
        if (requiresActivation(newContract)) {
            (, activationFee) = ARB_WASM.activateProgram{value: msg.value - initValue}(newContract);
        }
        if (initData.length != 0) {
            (bool ok, bytes memory data) = newContract.call{value: initValue}(initData);
            if (!ok) revert ContractInitializationError(newContract, data);
        }
        uint256 excess = msg.value - initValue - activationFee;
        if (excess > 0) {
            (bool sent,) = msg.sender.call{value: excess}("");
            if (!sent) revert RefundExcessValueError(excess);
        }
        emit ContractDeployed(newContract);
        return newContract;
    }

    /// @notice True unless `program`'s code hash is active at the current Stylus version.
    function requiresActivation(address program) public view returns (bool) {
        bytes32 codehash = program.codehash;
        try ARB_WASM.codehashVersion(codehash) returns (uint16 version) {
            return version != ARB_WASM.stylusVersion();
        } catch {
            return true;
        }
    }

    function create1(bytes memory bytecode) private returns (address newContract) {
        assembly {
            newContract := create(0, add(bytecode, 0x20), mload(bytecode))
        }
        if (newContract == address(0)) revert ContractDeploymentError(bytecode);
    }

    function create2(bytes memory bytecode, bytes32 salt) private returns (address newContract) {
        assembly {
            newContract := create2(0, add(bytecode, 0x20), mload(bytecode), salt)
        }
        if (newContract == address(0)) revert ContractDeploymentError(bytecode);
    }
}
