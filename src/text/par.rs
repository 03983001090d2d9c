//! Order-keeping parallel maps for the independent pieces of a large comparison (paragraph
//! pairs, candidate searches): on every core when there are enough of them to pay for it, on
//! the calling thread otherwise, so a small diff never starts a thread. The answer is the same
//! either way: each item's result depends on that item alone and results keep input order.

use rayon::prelude::*;

/// Below this many items of real work a map stays on the calling thread: starting the pool (a
/// thread per core) costs more than a small diff takes (on the 580 KB pair with a handful of
/// edits, mapping its 1,224 mostly unchanged paragraphs in parallel made it 60 % slower).
pub const PARALLEL_FROM: usize = 256;

/// `items.iter().map(f).collect()`, in parallel when there are at least [`PARALLEL_FROM`].
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    map_with(items, || (), |(), item| f(item))
}

/// Like [`map`], with a scratch value made once per thread (`init`) and lent to each call.
pub fn map_with<T: Sync, R: Send, S>(
    items: &[T],
    init: impl Fn() -> S + Sync + Send,
    f: impl Fn(&mut S, &T) -> R + Sync + Send,
) -> Vec<R> {
    map_with_when(items.len() >= PARALLEL_FROM, items, init, f)
}

/// Like [`map_with`], in parallel only when `parallel` (the caller knows how much work its
/// items hold: most may be cheap).
pub fn map_with_when<T: Sync, R: Send, S>(
    parallel: bool,
    items: &[T],
    init: impl Fn() -> S + Sync + Send,
    f: impl Fn(&mut S, &T) -> R + Sync + Send,
) -> Vec<R> {
    if !parallel {
        let mut scratch = init();
        items.iter().map(|item| f(&mut scratch, item)).collect()
    } else {
        items.par_iter().map_init(init, f).collect()
    }
}
