//! Similarity of token bags, shared by the diff engine and lineage.

/// Dice coefficient of two sorted bags (multisets) of tokens: `2·common / (|a| + |b|)`; 0 when
/// both are empty.
pub fn sorted_dice<T: Ord + Copy>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    2.0 * sorted_common(a, b) as f64 / (a.len() + b.len()) as f64
}

/// How many tokens two sorted bags (multisets) share.
pub fn sorted_common<T: Ord + Copy>(a: &[T], b: &[T]) -> usize {
    // Branch-free merge: which side advances is data, not a jump the processor has to guess
    // (half of them are mispredicted on real sentences otherwise).
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        common += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    common
}
