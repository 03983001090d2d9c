fn main() -> std::process::ExitCode {
    communique::cli::main()
}
