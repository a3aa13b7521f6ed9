//! The `harness` command line: see `harness --help`.

use std::process::ExitCode;

/// mimalloc instead of the system allocator: judging a response builds and drops a JSON tree
/// per exchange from many threads, where glibc's allocator spent a fifth of the harness's time
/// (`cargo bench -p harness --bench hot_paths`, `harness bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    keep_freed_memory();
    die_quietly_on_closed_pipe();
    match harness::cli::main(std::env::args_os().collect()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("harness: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// `harness run --plan | head`, `harness checks | grep ...`: when the reader closes the pipe,
/// end as Unix tools do (killed by SIGPIPE, no message) instead of panicking in `println!`,
/// which is what Rust's default of ignoring SIGPIPE turns a closed pipe into.
fn die_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restoring a signal's default disposition at start-up, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// mimalloc hands freed memory back to the OS 10 ms after it falls idle. A run frees and
/// allocates per-exchange JSON trees constantly, so the kernel zeroed fresh pages for the same
/// memory over and over (2 MiB huge pages at a time: 7% of `harness bench`). Freed memory stays
/// with the process for reuse instead; peak memory is unchanged (`bench/compare.sh` reports
/// it), the process just does not shrink while it runs. `MIMALLOC_PURGE_DELAY` in the
/// environment still overrides.
fn keep_freed_memory() {
    // `mi_option_purge_delay` of mimalloc.h (v3, what libmimalloc-sys builds by default); the
    // crate names only some options. -1 means never purge.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // mimalloc reads every option from the environment at process load, so an explicit
    // setting must be honoured here rather than by `mi_option_set_default`.
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets a plain integer option before any other thread exists.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
    }
}
