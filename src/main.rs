//! The `salesim` binary: command-line glue around the library.

mod cli;

fn main() {
    std::process::exit(cli::main());
}
