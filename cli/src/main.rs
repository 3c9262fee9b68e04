//! The `ballast` binary: parse the command line, run, print; bad input exits with code 2 and one line on
//! stderr naming the field.

use std::io::Write;
use std::process::ExitCode;

use ballast_cli::{run, Cli};
use clap::error::ErrorKind;
use clap::Parser;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            print!("{e}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            // clap's message names the offending flag on its first line; the usage block after it is noise here.
            let text = e.to_string();
            let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
            let mut message = lines
                .next()
                .unwrap_or("error: invalid arguments")
                .to_owned();
            // "the following required arguments were not provided:" names them on the next line.
            if message.ends_with(':') {
                if let Some(next) = lines.next() {
                    message = format!("{message} {next}");
                }
            }
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match run(&cli) {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            if stdout.write_all(out.as_bytes()).is_err() {
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
