//! The committed completion scripts are what the binary generates now.

mod common;

#[test]
fn committed_completions_are_current() {
    let env = common::TestEnv::new();
    for (shell, file) in [
        ("bash", "communique.bash"),
        ("zsh", "_communique"),
        ("fish", "communique.fish"),
        ("elvish", "communique.elv"),
        ("powershell", "_communique.ps1"),
    ] {
        let generated = env.ok(&["completions", shell]);
        let committed = std::fs::read_to_string(common::repo().join("completions").join(file)).unwrap();
        assert!(
            generated == committed,
            "completions/{file} is stale; regenerate with `cargo run -- completions {shell} > completions/{file}`"
        );
    }
}
