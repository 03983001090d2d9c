//! The `communique` binary: the command line ([`cli`]) over the `communique` library. The
//! command line is not part of the library: it parses, opens the corpus once, calls one
//! function of `communique::ops`, and hands the answer to a renderer.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
