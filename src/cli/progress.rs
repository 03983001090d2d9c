//! A progress bar on stderr for long reads and imports: only when stderr is a terminal, not
//! under `--quiet`, and only once the work has taken long enough to be worth watching (a bar
//! that flashes for 20 ms is noise). `COMMUNIQUE_PROGRESS_DELAY=MS` sets that moment (0: at
//! once), for demonstrations and tests.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long work goes before its bar appears, unless `COMMUNIQUE_PROGRESS_DELAY` says.
const DELAY: Duration = Duration::from_millis(300);

/// [`DELAY`], or the milliseconds `COMMUNIQUE_PROGRESS_DELAY` gives.
fn delay() -> Duration {
    std::env::var("COMMUNIQUE_PROGRESS_DELAY")
        .ok()
        .and_then(|ms| ms.trim().parse().ok())
        .map_or(DELAY, Duration::from_millis)
}

/// Counts steps of `total`; shows a bar once `DELAY` has passed.
pub(super) struct Progress {
    total: u64,
    done: u64,
    what: &'static str,
    started: Instant,
    delay: Duration,
    bar: Option<ProgressBar>,
    enabled: bool,
}

impl Progress {
    /// Progress over `total` steps of `what` ("reading", "importing").
    pub(super) fn new(total: usize, what: &'static str) -> Self {
        let enabled =
            std::io::stderr().is_terminal() && !super::QUIET.load(std::sync::atomic::Ordering::Relaxed);
        Self {
            total: total as u64,
            done: 0,
            what,
            started: Instant::now(),
            delay: delay(),
            bar: None,
            enabled,
        }
    }

    /// One step done.
    pub(super) fn step(&mut self) {
        self.done += 1;
        if let Some(bar) = &self.bar {
            bar.set_position(self.done);
        } else if self.enabled && self.started.elapsed() >= self.delay {
            let bar = ProgressBar::with_draw_target(Some(self.total), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template("{msg:>9} [{bar:30}] {pos}/{len} {elapsed}")
                .map(|s| s.progress_chars("=> "))
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar.set_message(self.what);
            bar.set_position(self.done);
            self.bar = Some(bar);
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

/// Progress bars for the library's long work ([`communique::ops::Progress`]): one bar at a
/// time.
#[derive(Default)]
pub(super) struct Bars {
    current: Option<Progress>,
}

impl communique::ops::Progress for Bars {
    fn start(&mut self, total: usize, what: &'static str) {
        self.current = Some(Progress::new(total, what));
    }

    fn step(&mut self) {
        if let Some(progress) = &mut self.current {
            progress.step();
        }
    }

    fn finish(&mut self) {
        self.current = None;
    }
}
