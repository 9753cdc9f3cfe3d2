//! One app at a time per data folder: the first instance listens on a Unix socket in the
//! data folder; a second one, started later (from a launcher, or by opening a workspace
//! file), finds it there, asks it to come to the front, and exits instead of opening the
//! same workspace twice. A workspace file the second start was given is passed on (as an
//! absolute path) and opened in the first window.
//!
//! Other platforms run without the check (the app is built for Linux first).

use std::path::{Path, PathBuf};

/// The socket's file name in the data folder.
pub const SOCKET: &str = "app.sock";

/// What [`claim`] found.
pub enum Claim {
    /// This is the first instance; `listen` starts answering later ones.
    First(Listener),
    /// Another instance runs and was asked to come to the front: exit.
    Second,
}

#[cfg(unix)]
pub struct Listener(std::os::unix::net::UnixListener, PathBuf);

#[cfg(not(unix))]
pub struct Listener;

/// Finds out whether Stakemap already runs on `data_dir`. `explicit` is the workspace the
/// user asked for, passed on to the running instance.
#[cfg(unix)]
pub fn claim(data_dir: &Path, explicit: Option<&Path>) -> std::io::Result<Claim> {
    use std::io::Write;
    use std::os::unix::net::{UnixListener, UnixStream};

    let path = data_dir.join(SOCKET);
    if let Ok(mut stream) = UnixStream::connect(&path) {
        // The running app has another working folder: pass the path on whole.
        let line = explicit
            .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()))
            .map(|p| p.display().to_string())
            // One line per request: a name with a line break is not passed on.
            .filter(|p| !p.contains('\n'))
            .unwrap_or_default();
        stream.write_all(format!("{line}\n").as_bytes())?;
        return Ok(Claim::Second);
    }
    // Nobody answers: a socket file left by an app that crashed, or none.
    let _ = std::fs::remove_file(&path);
    let listener = UnixListener::bind(&path)?;
    Ok(Claim::First(Listener(listener, path)))
}

#[cfg(not(unix))]
pub fn claim(_data_dir: &Path, _explicit: Option<&Path>) -> std::io::Result<Claim> {
    Ok(Claim::First(Listener))
}

impl Listener {
    /// Answers later instances on a thread of its own: for each, `on_request` runs with the
    /// workspace path it was started with (empty for none).
    #[cfg(unix)]
    pub fn listen(self, on_request: impl Fn(String) + Send + 'static) -> std::io::Result<()> {
        use std::io::{BufRead, BufReader};
        let Listener(listener, _path) = self;
        std::thread::Builder::new()
            .name("stakemap-single-instance".into())
            .spawn(move || {
                for stream in listener.incoming().flatten() {
                    let mut line = String::new();
                    let _ = BufReader::new(stream).read_line(&mut line);
                    on_request(line.trim_end().to_string());
                }
            })?;
        Ok(())
    }

    #[cfg(not(unix))]
    pub fn listen(self, _on_request: impl Fn(String) + Send + 'static) -> std::io::Result<()> {
        Ok(())
    }
}
