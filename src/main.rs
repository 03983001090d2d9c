//! The `communique` binary: hands over to [`communique::cli`].

// mimalloc keeps freed memory for reuse: comparing long documents allocates and frees large
// buffers, and the system allocator returns them to the kernel only to fault them in again.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    communique::cli::main()
}
