//! The commands the window calls, by feature. Each is thin: it parses nothing itself and
//! calls the core (through the app's state). No command module imports another.

pub mod analysis;
pub mod backups;
pub mod cycle;
pub mod edit;
pub mod files;
pub mod keychain;
pub mod share;
pub mod trash;
pub mod workspace;
