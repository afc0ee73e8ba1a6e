//! Date expressions in text, to EDTF at the precision they state.
