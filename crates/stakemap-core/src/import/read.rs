//! Reading a file the user gave, bounded: the same in the window and the CLI.

use std::path::Path;

/// The bytes of a file the user gave (the CLI's arguments, the window's chosen file), read through a limit: a file over `cap`
/// bytes is refused after reading at most `cap + 1` of them, whatever its size claims to
/// be (a growing file, a pipe or a device). `what` names it in errors.
pub fn read_capped(what: &str, path: &Path, cap: usize) -> crate::Result<Vec<u8>> {
    use std::io::Read as _;
    // An error of the file system stays one (the window words it as such), with the path.
    let cannot = crate::Error::file(path);
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let too_big = |_size: Option<u64>| {
        crate::Error::refused(
            &name,
            crate::error::Reason::TooBig {
                limit_mb: crate::error::n32(cap >> 20),
            },
        )
    };
    let file = std::fs::File::open(path).map_err(&cannot)?;
    let meta = file.metadata().map_err(&cannot)?;
    if meta.is_dir() {
        return Err(crate::Error::invalid(
            what,
            crate::error::Reason::IsAFolder {
                path: path.display().to_string(),
            },
        ));
    }
    if meta.len() > cap as u64 {
        return Err(too_big(Some(meta.len())));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(&cannot)?;
    if bytes.len() > cap {
        return Err(too_big(None));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_that_never_ends_is_refused_after_the_cap() {
        let err = read_capped("file", Path::new("/dev/zero"), 4096).unwrap_err();
        assert!(err.to_string().contains("the file is larger"), "{err}");
    }

    #[test]
    fn a_file_within_the_cap_is_read_whole_and_a_folder_is_refused() {
        let dir = std::env::temp_dir().join(format!("stakemap-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("people.csv");
        std::fs::write(&file, b"name\nAiko\n").unwrap();
        assert_eq!(read_capped("file", &file, 10).unwrap(), b"name\nAiko\n");
        assert!(read_capped("file", &file, 9).is_err());
        assert!(read_capped("file", &dir, 10).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
