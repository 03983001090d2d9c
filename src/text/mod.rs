//! Small pure helpers shared by the analysis layers: fast hash tables and content keys
//! ([`hash`]), bag similarity ([`similarity`]), order-keeping parallel maps ([`par`]) and the
//! lines of a long text ([`mod@lines`]).
//!
//! Owns: nothing about documents or meetings. Must never import another module of the crate:
//! everything else may import it (see docs/DESIGN.md, "Layers").

pub mod hash;
pub mod lines;
pub mod par;
pub mod similarity;

pub use lines::lines;
pub use similarity::{sorted_common, sorted_dice};
