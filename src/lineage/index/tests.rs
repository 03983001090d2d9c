use super::*;
use crate::document::{word_keys, words};
use crate::lineage::Phrase;

/// A small seeded generator (SplitMix64).
struct Trials(u64);

impl Trials {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

const VOCABULARY: [&str; 14] =
    ["the", "The", "theme", "rate", "Rates", "Côte", "ﬁnal", "final", "2¾", "2-3/4", "a", "of", "ISIS", "延"];

fn paragraphs(trials: &mut Trials) -> Vec<String> {
    (0..trials.next(5) + 1)
        .map(|_| {
            let words: Vec<&str> =
                (0..trials.next(40)).map(|_| VOCABULARY[trials.next(VOCABULARY.len())]).collect();
            words.join([" ", ", ", "/", ". "][trials.next(4)])
        })
        .collect()
}

/// Every start at which `phrase` matches the words of `text`, by brute force on the keys.
fn starts(phrase: &Phrase, text: &str) -> Vec<u32> {
    let keys = word_keys(text);
    (0..keys.len())
        .filter(|&i| i + phrase.len() <= keys.len() && phrase.matches_keys(|k| keys[k].as_str(), i))
        .map(|i| i as u32)
        .collect()
}

#[test]
fn occurrences_are_every_match_of_the_phrase_and_texts_read_back() {
    let mut trials = Trials(3);
    let mut blocks: Vec<Vec<u8>> = Vec::new();
    let mut builder = Builder::new();
    let mut meetings = Vec::new();
    for m in 0..40 {
        let mut texts = paragraphs(&mut trials);
        // Meetings repeat paragraphs of earlier ones, as successive statements do.
        if m > 0 && trials.next(2) == 0 {
            let earlier: &Vec<String> = &meetings[trials.next(m)];
            texts.push(earlier[0].clone());
        }
        builder.add(&format!("s/{m}"), m as u128, texts.iter().map(String::as_str), &mut blocks);
        meetings.push(texts);
    }
    builder.finish(&mut blocks);
    let index = Index::open(blocks).unwrap();
    assert_eq!(index.meetings().len(), 40);
    let words_of = index.words().unwrap().to_vec();
    for (m, texts) in meetings.iter().enumerate() {
        let stored = &index.meetings()[m];
        assert_eq!((stored.id.as_str(), stored.key), (format!("s/{m}").as_str(), m as u128));
        for (p, text) in stored.paragraphs.iter().zip(texts) {
            assert_eq!(&index.text(*p).unwrap(), text);
            assert_eq!(words_of[*p as usize] as usize, words(text).count());
        }
    }
    let forward = index.forward().unwrap();
    let mut tried = 0;
    for _ in 0..300 {
        let phrase: Vec<String> = (0..trials.next(3) + 1)
            .map(|_| {
                let w = VOCABULARY[trials.next(VOCABULARY.len())];
                if trials.next(4) == 0 {
                    format!("{}*", w.chars().take(2).collect::<String>())
                } else {
                    w.into()
                }
            })
            .collect();
        let Some(phrase) = Phrase::parse(&phrase.join(" ")) else { continue };
        let found = index.occurrences(&phrase).unwrap();
        let mut expected: Vec<(u32, Vec<u32>)> = Vec::new();
        for p in 0..words_of.len() as u32 {
            let s = starts(&phrase, &index.text(p).unwrap());
            if !s.is_empty() {
                expected.push((p, s));
            }
        }
        assert_eq!(found, expected, "{:?}", phrase.text);
        // The index turned round finds the same paragraphs from the rarest token's postings.
        let paragraphs: Vec<u32> = expected.iter().map(|(p, _)| *p).collect();
        assert_eq!(index.holding(&forward, &phrase).unwrap(), paragraphs, "{:?}", phrase.text);
        tried += 1;
    }
    assert!(tried > 200);
    // Whole paragraphs, as a walk asks for sentences, each found where it is.
    for p in 0..words_of.len() as u32 {
        let Some(phrase) = Phrase::parse(&index.text(p).unwrap()) else { continue };
        let holding = index.holding(&forward, &phrase).unwrap();
        assert!(holding.contains(&p), "{:?}", phrase.text);
        let brute: Vec<u32> = (0..words_of.len() as u32)
            .filter(|&q| !starts(&phrase, &index.text(q).unwrap()).is_empty())
            .collect();
        assert_eq!(holding, brute);
    }
}

/// The blocks of a segment of one meeting of two paragraphs: their texts (blocks 0 and 1),
/// the postings of their six keys (2 to 7), the dictionary's one chunk (8), its index (9), the
/// words (10), the meetings and the meta block.
fn two_paragraphs() -> Vec<Vec<u8>> {
    let mut blocks: Vec<Vec<u8>> = Vec::new();
    let mut builder = Builder::new();
    builder.add("s/1", 1, ["The rate of inflation.", "Rates rose."], &mut blocks);
    builder.finish(&mut blocks);
    blocks
}

#[test]
fn a_garbled_byte_is_never_a_panic_nor_an_allocation_of_what_it_claims() {
    let blocks = two_paragraphs();
    let keys = ["the", "rate", "of", "inflation", "rates", "rose", "rate*", "the rate", "rates rose"];
    let phrases: Vec<Phrase> = keys.iter().map(|k| Phrase::parse(k).unwrap()).collect();
    let mut answered = 0;
    for i in 0..blocks.len() {
        for at in 0..blocks[i].len() {
            for value in [0x00, 0x01, 0x10, 0x7f, 0x80, 0xff] {
                let mut garbled = blocks.clone();
                garbled[i][at] = value;
                let Ok(index) = Index::open(garbled) else { continue };
                let Ok(forward) = index.forward() else { continue };
                for phrase in &phrases {
                    answered += usize::from(index.holding(&forward, phrase).is_ok());
                }
            }
        }
    }
    assert!(answered > 0);
    // Blocks 0 and 1 are the texts, 2 to 7 the six keys' postings, 8 the dictionary's one
    // chunk, 9 its index, 10 the words: the first paragraph claiming 2³² − 1 words is
    // damage, found before anything is allocated for them (without that check, 16 GiB are
    // filled before the postings disagree). The dictionary numbering its keys past the last
    // one too.
    let index = Index::open(blocks.clone()).unwrap();
    assert_eq!((index.words().unwrap(), index.dictionary.len()), (&[4, 2][..], 1));
    let mut claims = blocks.clone();
    claims[10] = vec![0xff, 0xff, 0xff, 0xff, 0x0f, 0x00];
    let index = Index::open(claims).unwrap();
    assert!(index.words().is_ok());
    assert_eq!(index.forward().err(), Some(Damaged));
    let mut past = blocks.clone();
    past[8][0] = 0x10;
    let index = Index::open(past).unwrap();
    let forward = index.forward().unwrap();
    assert_eq!(index.holding(&forward, &phrases[1]).err(), Some(Damaged));
}

#[test]
fn a_damaged_or_missing_block_is_damaged_never_an_answer() {
    let blocks = two_paragraphs();
    let rates = Phrase::parse("rate*").unwrap();
    assert_eq!(Index::open(blocks.clone()).unwrap().occurrences(&rates).unwrap().len(), 2);
    for i in 0..blocks.len() {
        let mut missing = blocks.clone();
        missing[i] = b"\xff\xff".to_vec();
        match Index::open(missing) {
            Err(Damaged) => {}
            Ok(index) => {
                // Every block is read by one of these: each key's postings, the words, the texts.
                let texts: Result<Vec<String>, Damaged> = (0..2).map(|p| index.text(p)).collect();
                let keys = ["the", "rate", "of", "inflation", "rates", "rose", "rate*"];
                let postings = keys
                    .iter()
                    .map(|k| index.occurrences(&Phrase::parse(k).unwrap()))
                    .collect::<Result<Vec<_>, _>>();
                assert!(
                    postings.is_err() || index.words().is_err() || texts.is_err(),
                    "block {i} garbled and nothing noticed"
                );
                // Turning the segment round reads every key's postings (blocks 2 to 7: the two
                // paragraphs' texts come first, then the six keys') and the words.
                if (2..8).contains(&i) {
                    assert_eq!(index.forward().err(), Some(Damaged), "block {i} garbled and nothing noticed");
                }
            }
        }
    }
    assert_eq!(Index::open(Vec::<Vec<u8>>::new()).err(), Some(Damaged));
}

#[test]
fn prefixes_and_keys_are_found_across_dictionary_chunks() {
    // Enough keys for many chunks: a prefix's keys run over several of them.
    let texts: Vec<String> = (0..300)
        .map(|p| (0..20).map(|k| format!("w{:04}", (p * 37 + k * 101) % 4000)).collect::<Vec<_>>().join(" "))
        .collect();
    let mut blocks: Vec<Vec<u8>> = Vec::new();
    let mut builder = Builder::new();
    builder.add("s/1", 1, texts.iter().map(String::as_str), &mut blocks);
    builder.finish(&mut blocks);
    let index = Index::open(blocks).unwrap();
    assert!(index.dictionary.len() >= 4, "{} chunks", index.dictionary.len());
    for query in ["w1*", "w0*", "w39*", "w2*", "w1234", "w0000", "w3999", "w*", "x*", "v*", "w1234 w1335"] {
        let phrase = Phrase::parse(query).unwrap();
        let expected: Vec<(u32, Vec<u32>)> = (0..texts.len() as u32)
            .map(|p| (p, starts(&phrase, &texts[p as usize])))
            .filter(|(_, s)| !s.is_empty())
            .collect();
        assert_eq!(index.occurrences(&phrase).unwrap(), expected, "{query}");
    }
}
