//! The `communique` binary: hands over to [`communique::cli`].

fn main() -> std::process::ExitCode {
    communique::cli::main()
}
