//! One module per page kind: each builds its page's view from the page's inputs
//! ([`crate::render::inputs`]) alone.

pub(crate) mod bulletin;
