//! What `annotate` finds for a meeting, as kept between runs: the origin of each sentence and
//! of each word, encoded small. `ops` keeps them in the corpus's per-meeting table, keyed by
//! the meeting and every meeting before it, so that annotating a meeting whose series is
//! unchanged reads one entry instead of the series.
//!
//! A decoded entry is checked against the text it is used with ([`super::traced_annotation`],
//! [`super::word_list`]): one origin per sentence or word, each a meeting of the series.

use super::Traced;

/// The format of the entries: change it whenever they, or the rules that compute them
/// ([`super::trace`], [`super::word_origins`], the prints they read), change.
pub const FORMAT: u32 = 2;

/// The bytes of one sentence's origin: meeting, start and end of its wording, similarity.
const SENTENCE: usize = 4 + 4 + 4 + 8;

/// The origins of a meeting's sentences ([`super::trace_each`]): their number, then each one's
/// meeting index, the range of its wording's words there (`u32`s) and its similarity (`f64`).
pub fn encode_sentences(traced: &[Traced]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + traced.len() * SENTENCE);
    out.extend_from_slice(&(traced.len() as u32).to_le_bytes());
    for t in traced {
        out.extend_from_slice(&(t.meeting as u32).to_le_bytes());
        out.extend_from_slice(&t.words.0.to_le_bytes());
        out.extend_from_slice(&t.words.1.to_le_bytes());
        out.extend_from_slice(&t.similarity.to_bits().to_le_bytes());
    }
    out
}

/// [`encode_sentences`] read back; `None` when the bytes are not an encoding.
pub fn decode_sentences(bytes: &[u8]) -> Option<Vec<Traced>> {
    let (count, rest) = bytes.split_first_chunk::<4>()?;
    let count = u32::from_le_bytes(*count) as usize;
    if rest.len() != count.checked_mul(SENTENCE)? {
        return None;
    }
    let u32_at =
        |chunk: &[u8], at: usize| u32::from_le_bytes(chunk[at..at + 4].try_into().expect("four bytes"));
    rest.chunks_exact(SENTENCE)
        .map(|chunk| {
            let similarity = f64::from_bits(u64::from_le_bytes(chunk[12..].try_into().expect("eight bytes")));
            let words = (u32_at(chunk, 4), u32_at(chunk, 8));
            let traced = Traced { meeting: u32_at(chunk, 0) as usize, similarity, words };
            ((0.0..=1.0).contains(&similarity) && words.0 <= words.1).then_some(traced)
        })
        .collect()
}

/// The origins of a meeting's words ([`super::word_origins`]) as runs of one origin: the
/// number of runs, then each one's origin and length (`u32`s). Neighbouring words mostly
/// share an origin, so a statement of 500 words takes a few hundred bytes.
pub fn encode_words(origins: &[u32]) -> Vec<u8> {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &origin in origins {
        match runs.last_mut() {
            Some((last, length)) if *last == origin => *length += 1,
            _ => runs.push((origin, 1)),
        }
    }
    let mut out = Vec::with_capacity(4 + runs.len() * 8);
    out.extend_from_slice(&(runs.len() as u32).to_le_bytes());
    for (origin, length) in runs {
        out.extend_from_slice(&origin.to_le_bytes());
        out.extend_from_slice(&length.to_le_bytes());
    }
    out
}

/// [`encode_words`] read back; `None` when the bytes are not an encoding, or would make more
/// origins than `most`.
pub fn decode_words(bytes: &[u8], most: usize) -> Option<Vec<u32>> {
    let (count, rest) = bytes.split_first_chunk::<4>()?;
    let count = u32::from_le_bytes(*count) as usize;
    if rest.len() != count.checked_mul(8)? {
        return None;
    }
    let mut out = Vec::new();
    for chunk in rest.chunks_exact(8) {
        let origin = u32::from_le_bytes(chunk[..4].try_into().expect("four bytes"));
        let length = u32::from_le_bytes(chunk[4..].try_into().expect("four bytes")) as usize;
        if length == 0 || out.len() + length > most {
            return None;
        }
        out.resize(out.len() + length, origin);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_anything_else_is_refused() {
        let traced: Vec<Traced> = [(0, 1.0, (0, 5)), (3, 0.5, (12, 30)), (7, 0.999, (4, 4))]
            .map(|(meeting, similarity, words)| Traced { meeting, similarity, words })
            .to_vec();
        let bytes = encode_sentences(&traced);
        assert_eq!(decode_sentences(&bytes), Some(traced.clone()));
        assert_eq!(decode_sentences(&bytes[..bytes.len() - 1]), None);
        assert_eq!(decode_sentences(&encode_sentences(&[])), Some(vec![]));
        let nan = Traced { similarity: f64::NAN, ..traced[0] };
        assert_eq!(decode_sentences(&encode_sentences(&[nan])), None);
        let backwards = Traced { words: (5, 4), ..traced[0] };
        assert_eq!(decode_sentences(&encode_sentences(&[backwards])), None);

        let words = vec![0, 0, 0, 4, 4, 1, 0, 0];
        let bytes = encode_words(&words);
        assert_eq!(bytes.len(), 4 + 4 * 8);
        assert_eq!(decode_words(&bytes, 8), Some(words));
        assert_eq!(decode_words(&bytes, 7), None, "more words than the text has");
        assert_eq!(decode_words(&bytes[..bytes.len() - 1], 8), None);
        assert_eq!(decode_words(&encode_words(&[]), 0), Some(vec![]));
    }
}
