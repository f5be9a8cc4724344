//! What the write rules need from the operating system, in each one's
//! terms: a file's identity, whether it is read-only, how many names it
//! has, and its owner kept. Linux and macOS read them from a file's
//! metadata without opening it (a FIFO opened to be identified would
//! block); Windows has them only from an open handle, through `same-file`
//! and `winapi-util`.

use std::fs;
use std::path::Path;

/// One file however it is named: equal for two names of it.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Identity(Inner);

#[cfg(unix)]
type Inner = (u64, u64);
#[cfg(windows)]
type Inner = same_file::Handle;

#[cfg(unix)]
mod imp {
    use std::fs;
    use std::os::fd::AsFd as _;
    use std::os::unix::fs::MetadataExt as _;
    use std::path::Path;

    use super::Identity;

    fn of(meta: &fs::Metadata) -> Identity {
        Identity((meta.dev(), meta.ino()))
    }

    pub fn path(path: &Path) -> Option<Identity> {
        fs::metadata(path).ok().map(|m| of(&m))
    }

    pub fn file(file: &fs::File) -> Option<Identity> {
        file.metadata().ok().map(|m| of(&m))
    }

    pub fn stdout() -> Option<Identity> {
        let fd = std::io::stdout().as_fd().try_clone_to_owned().ok()?;
        file(&fs::File::from(fd))
    }

    /// No write bit for anyone: checked by hand, since root ignores the
    /// bits.
    pub fn read_only(meta: &fs::Metadata) -> bool {
        meta.mode() & 0o222 == 0
    }

    pub fn links(_: &Path, meta: &fs::Metadata) -> u64 {
        meta.nlink()
    }

    /// The replaced file's owner and group, kept where allowed (root, or a
    /// group of one's own).
    pub fn keep_owner(file: &fs::File, was: &fs::Metadata) {
        if let Ok(mine) = file.metadata() {
            if (mine.uid(), mine.gid()) != (was.uid(), was.gid()) {
                let _ = std::os::unix::fs::fchown(file, Some(was.uid()), Some(was.gid()));
            }
        }
    }

    /// Unix devices have paths (`/dev/null`) whose metadata says so.
    pub fn device_name(_: &Path) -> bool {
        false
    }

    /// A reader that stopped early (`| head`) is `BrokenPipe` on Unix.
    pub fn reader_gone(_: &std::io::Error) -> bool {
        false
    }

    /// A write refused because another program holds the file: Linux and
    /// macOS have no mandatory locks, so never.
    pub fn held_by_another_program(_: &std::io::Error) -> bool {
        false
    }
}

#[cfg(windows)]
mod imp {
    use std::fs;
    use std::path::Path;

    use same_file::Handle;

    use super::Identity;

    pub fn path(path: &Path) -> Option<Identity> {
        Handle::from_path(path).ok().map(Identity)
    }

    pub fn file(file: &fs::File) -> Option<Identity> {
        let f = file.try_clone().ok()?;
        Handle::from_file(f).ok().map(Identity)
    }

    pub fn stdout() -> Option<Identity> {
        Handle::stdout().ok().map(Identity)
    }

    /// The read-only attribute, which Windows keeps per file.
    pub fn read_only(meta: &fs::Metadata) -> bool {
        meta.permissions().readonly()
    }

    pub fn links(path: &Path, _: &fs::Metadata) -> u64 {
        fs::File::open(path)
            .and_then(|f| winapi_util::file::information(&f))
            .map_or(1, |i| i.number_of_links())
    }

    /// A new file's owner is its writer and its access the folder's, as
    /// for any file saved there: nothing to copy.
    pub fn keep_owner(_: &fs::File, _: &fs::Metadata) {}

    /// Windows' reserved device names (`NUL`, `CON`, `COM1`, ...), in any
    /// folder and with any extension, which name no file and whose
    /// metadata Windows will not give.
    pub fn device_name(path: &Path) -> bool {
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            return false;
        };
        let stem = stem.trim_end_matches([' ', '.']).to_ascii_uppercase();
        matches!(
            stem.as_str(),
            "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
        ) || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0')
    }

    /// A reader that stopped early: ERROR_NO_DATA (232, the pipe is being
    /// closed) is `BrokenPipe` in Rust, ERROR_PIPE_NOT_CONNECTED (233) is
    /// not, and a console pipe closed by `| Select-Object -First 3` gives
    /// either.
    pub fn reader_gone(e: &std::io::Error) -> bool {
        matches!(e.raw_os_error(), Some(109 | 232 | 233))
    }

    /// ERROR_SHARING_VIOLATION (32) and ERROR_LOCK_VIOLATION (33): another
    /// program, most often Excel, has the file open and shares it with no
    /// writer; ERROR_ACCESS_DENIED (5) is what a rename over such a file
    /// gives.
    pub fn held_by_another_program(e: &std::io::Error) -> bool {
        matches!(e.raw_os_error(), Some(5 | 32 | 33))
    }
}

/// The file `path` names, if it can be identified.
pub(super) fn identity(path: &Path) -> Option<Identity> {
    imp::path(path)
}

/// The file an open handle is.
pub(super) fn identity_of(file: &fs::File) -> Option<Identity> {
    imp::file(file)
}

/// The file this process's stdout is, if it is one.
pub(super) fn stdout_identity() -> Option<Identity> {
    imp::stdout()
}

pub(super) use imp::{
    device_name, held_by_another_program, keep_owner, links, read_only, reader_gone,
};
