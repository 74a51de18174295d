//! Fault injection: a hook called before every step that changes the file system, so that tests
//! can make a write fail or die at any step, and a test-only pause for killing a real process.

use std::io;

/// What the fault-injection hook of the tests asks for at a step.
#[derive(Debug)]
#[cfg_attr(not(test), allow(dead_code))] // only the tests inject faults
pub(crate) enum Fault {
    /// The step fails with this error (the writer then undoes what it did).
    Fail(io::Error),
    /// The process dies here: the writer stops on the spot, cleaning up nothing.
    Kill,
}

/// Called before every step that changes the file system, with a description of the step.
pub(crate) type Hook<'a> = &'a mut dyn FnMut(&str) -> Result<(), Fault>;

/// In debug builds only, for the test that kills a real `postgen` process half-way:
/// `POSTGEN_TEST_PAUSE_AT=N` makes the writer stop before its N-th step (recovery not counted),
/// say so on stderr, and wait to be killed or interrupted (`super::interrupt`).
pub(super) fn pause_hook() -> impl FnMut(&str) -> Result<(), Fault> {
    let pause_at = if cfg!(debug_assertions) {
        std::env::var("POSTGEN_TEST_PAUSE_AT")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
    } else {
        None
    };
    let mut step = 0usize;
    move |what: &str| {
        step += 1;
        if pause_at == Some(step) {
            eprintln!("postgen: paused before step {step}: {what}");
            while !super::STOP.load(std::sync::atomic::Ordering::SeqCst) {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
        }
        Ok(())
    }
}
