//! `ballast devnet`: the local Stylus chain's JSON-RPC server (ballast-devnet), until Ctrl-C.

use ballast_devnet::server::{run_blocking, DevnetConfig, DEFAULT_PORT};

use crate::error::{CliError, Result};

/// Arguments of `ballast devnet`.
#[derive(Debug, clap::Args)]
pub struct DevnetArgs {
    /// TCP port on 127.0.0.1 (0 picks a free one; the banner prints the address).
    #[arg(long, default_value_t = DEFAULT_PORT)]
    pub port: u16,
}

/// Serves JSON-RPC until Ctrl-C; the banner (endpoint, dev accounts) is printed at startup.
pub fn run(args: &DevnetArgs) -> Result<String> {
    let config = DevnetConfig {
        port: args.port,
        ..Default::default()
    };
    run_blocking(config).map_err(|e| CliError::Internal(e.to_string()))?;
    Ok(String::new())
}
