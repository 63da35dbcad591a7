//! What wirelab asks of the operating system, apart from packets: which interfaces there
//! are ([`interfaces`]), who may capture and how root is given up ([`privilege`]), and how an
//! output file is opened as the user behind sudo ([`output_file`]).
//!
//! These sit together because they are the parts that differ from one machine (and one
//! user) to the next; the stages of the data path (capture → decode → track → annotate →
//! render) know nothing of them except through these modules.

pub mod interfaces;
pub mod output_file;
pub mod privilege;
