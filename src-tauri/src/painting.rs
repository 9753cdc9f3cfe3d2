//! How WebKitGTK paints the window. It composites the page with OpenGL; without a GPU (no
//! DRM render node: a virtual machine, a remote desktop, a server's virtual display) that
//! OpenGL is Mesa's software rasteriser, and compositing then costs the web process about
//! 90 MB and every frame of the map several times the time of painting the page directly
//! (README, Benchmarks). So without a render node the app asks WebKit to paint directly,
//! unless the user set `WEBKIT_DISABLE_COMPOSITING_MODE` themselves; with a GPU nothing changes.

use std::path::Path;

const COMPOSITING_VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Called first thing in `run`, before any thread or window exists (the variable is read
/// by WebKit when the web view is made, and passed on to its processes).
pub fn choose() {
    if cfg!(target_os = "linux")
        && std::env::var_os(COMPOSITING_VAR).is_none()
        && !has_render_node(Path::new("/dev/dri"))
    {
        std::env::set_var(COMPOSITING_VAR, "1");
    }
}

/// Whether `dir` holds a DRM render node (`renderD128`, …): a GPU OpenGL can draw with.
fn has_render_node(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

#[cfg(test)]
mod tests {
    use super::has_render_node;

    #[test]
    fn a_render_node_is_a_gpu_and_a_missing_or_empty_folder_is_none() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!has_render_node(&dir.path().join("dri")), "no folder");
        std::fs::create_dir(dir.path().join("dri")).unwrap();
        assert!(!has_render_node(&dir.path().join("dri")), "empty folder");
        std::fs::write(dir.path().join("dri/card0"), "").unwrap();
        assert!(
            !has_render_node(&dir.path().join("dri")),
            "a display card without a render node"
        );
        std::fs::write(dir.path().join("dri/renderD128"), "").unwrap();
        assert!(has_render_node(&dir.path().join("dri")));
    }
}
