//! Pishkhan reference backend.
