//! The `cases-mock` binary: serves one mock instance until killed.

mod cli;

use std::io::Write as _;
use std::process::ExitCode;

use cli::Command;

#[tokio::main]
async fn main() -> ExitCode {
    let command = match cli::parse(std::env::args().skip(1)) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("cases-mock: {message}\n\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    let options = match command {
        Command::Help => {
            println!("{}", cli::USAGE);
            return ExitCode::SUCCESS;
        }
        Command::ListFaults => {
            print!("{}", cli::fault_list());
            return ExitCode::SUCCESS;
        }
        Command::Serve(options) => options,
    };
    let listener = match tokio::net::TcpListener::bind((options.host.as_str(), options.port)).await
    {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!(
                "cases-mock: cannot bind {}:{}: {err}",
                options.host, options.port
            );
            return ExitCode::FAILURE;
        }
    };
    let addr = match listener.local_addr() {
        Ok(addr) => addr,
        Err(err) => {
            eprintln!("cases-mock: cannot read the bound address: {err}");
            return ExitCode::FAILURE;
        }
    };
    if options.config.release != cases_mock::MockRelease::default() {
        eprintln!("cases-mock: emulating release {}", options.config.release);
    }
    if !options.config.faults.is_empty() {
        let names: Vec<String> = options
            .config
            .faults
            .iter()
            .map(ToString::to_string)
            .collect();
        eprintln!("cases-mock: faults on: {}", names.join(", "));
    }
    let mut stdout = std::io::stdout();
    if writeln!(stdout, "listening on http://{addr}")
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::FAILURE;
    }
    match axum::serve(listener, cases_mock::router(options.config)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("cases-mock: server error: {err}");
            ExitCode::FAILURE
        }
    }
}
