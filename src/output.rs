//! Where results go: stdout, or a file written atomically (a temporary file
//! in the same folder, the old file's permissions kept, synced, then renamed
//! over the target), so an interrupted run never leaves half a file.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let temp = dir.join(format!(".{name}.cfp-{}.tmp", std::process::id()));
    let result = (|| -> anyhow::Result<()> {
        let mut file =
            fs::File::create(&temp).with_context(|| format!("cannot write {}", temp.display()))?;
        file.write_all(bytes)?;
        if let Ok(meta) = fs::metadata(path) {
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()?;
        fs::rename(&temp, path).with_context(|| format!("cannot replace {}", path.display()))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_whole_file_and_keeps_no_temporary() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.csv");
        fs::write(&path, "old contents that are longer").expect("write");
        write_atomic(&path, b"new").expect("atomic write");
        assert_eq!(fs::read_to_string(&path).expect("read"), "new");
        let names: Vec<_> = fs::read_dir(dir.path()).expect("dir").collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_missing_folder_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(write_atomic(&dir.path().join("no/such/out.csv"), b"x").is_err());
    }
}
