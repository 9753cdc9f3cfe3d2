//! Stakemap core: the domain model of a key-account decision network, the SQLite
//! workspace store, the analysis of the influence network, imports and the org-chart layout.
//!
//! Nothing here knows about windows or webviews; the desktop shell and the CLI are thin
//! layers over these functions.

pub mod analysis;
pub mod backup;
pub mod cadence;
pub mod clock;
pub mod deal;
pub mod demo;
pub mod doc;
pub mod error;
pub mod export;
pub mod hold;
pub mod import;
pub mod layout;
pub mod map;
pub mod markup;
pub mod merge;
pub mod model;
pub mod palette;
pub mod plan;
pub mod review;
pub mod session;
pub mod store;
pub mod trash;

pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{Error, Result};
pub use model::*;
pub use store::cipher::Password;
pub use store::{UndoLabel, UndoStatus, Workspace};
