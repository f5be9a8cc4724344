//! Where results go: stdout, or a file. Every file cfp writes goes through
//! here, by one rule (docs/decisions.md, "Writes"):
//!
//! - the real target is resolved: a symlink is followed (even one that
//!   points to a file not made yet), so the link stays a link;
//! - a folder, device, FIFO or socket is refused, unless it is this
//!   process's own stdout (`-o /dev/stdout`), which is then written to;
//! - a read-only target (no write bit for anyone, checked by hand since
//!   root ignores the bits) or one not writable by this user is refused, and
//!   so is one with more than one hard link, which a rename would break;
//! - a lock is held so that writers queue: on the target's folder (no file
//!   of its own, so a plan's `files = ["data/*"]` never reads one), or where
//!   a folder cannot be locked (NFS), a lock file beside the target
//!   (`.NAME.cfp.lock`). Under it, any `.NAME.cfp-PID.tmp` left by a killed
//!   writer is removed (every one in the folder under the folder's lock,
//!   this target's under a lock file): writers make their temporary file
//!   only while holding the lock, so one found then is nobody's;
//! - a temporary file beside the target, the old file's permissions and
//!   owner kept, synced, renamed over the target, and the folder synced;
//! - on Ctrl-C (or SIGTERM, SIGHUP) the temporary file (and a lock file)
//!   are removed and cfp exits 130.

mod platform;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once};

use anyhow::{bail, Context as _};

/// Writes `bytes` to `path` by the rule above. A path that is this
/// process's stdout is refused like any device: for a data file, not a
/// result, there is no stdout to mean.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    lock(path)?.replace(bytes)
}

/// Writes a command's result to `path` (`-o`): as [`write_atomic`], except
/// that a path that is this process's own stdout (`/dev/stdout`,
/// `/proc/self/fd/1`, or the file stdout is redirected to) is written to
/// stdout. The result is written by `write` as it is made, straight into the
/// temporary file: a large board pack is never held whole in memory. If
/// `write` fails, the target is left as it was.
pub(crate) fn write_output_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    if let Some(target) = platform::identity(path) {
        if platform::stdout_identity() == Some(target) {
            return to_stdout(write);
        }
    }
    lock(path)?.replace_with(write)
}

/// Refuses to write a result over a file the run reads (the plan, its
/// includes, its measurement files): `-o figures.csv` in the data folder,
/// or `-o cfp.toml`, would replace an input with an output. The same file
/// by another name (a link) is the same file.
pub(crate) fn not_an_input(path: &Path, inputs: &[&Path]) -> anyhow::Result<()> {
    let Some(target) = platform::identity(path) else {
        return Ok(());
    };
    let same = |input: &Path| platform::identity(input).as_ref() == Some(&target);
    if let Some(input) = inputs.iter().copied().find(|i| same(i)) {
        // The same name however written (`m.csv`, `./data/../m.csv`, the
        // absolute path, a symbolic link) is the input itself; a hard link is
        // another name for it.
        let same_name = fs::canonicalize(input).ok() == fs::canonicalize(path).ok();
        let what = if same_name {
            "one of the files this run reads".to_string()
        } else {
            format!("the same file as {}, which this run reads", input.display())
        };
        bail!(
            "{} is {what}: cfp never writes its results over its inputs; \
             write them to another file",
            path.display()
        );
    }
    Ok(())
}

/// The target a cfp temporary file (`.NAME.cfp-PID.tmp`) was for, if
/// `file` is one.
fn temporary_target(file: &str) -> Option<&str> {
    let rest = file.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (target, pid) = rest.rsplit_once(".cfp-")?;
    let digits = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
    (digits && !target.is_empty()).then_some(target)
}

/// A target resolved and locked: its lock is held until this is dropped.
pub(crate) struct Locked {
    /// The path as the user gave it, for messages.
    shown: PathBuf,
    /// The real file behind it.
    real: PathBuf,
    dir: PathBuf,
    name: String,
    /// The target as it is under the lock (`None`: not there yet).
    meta: Option<fs::Metadata>,
    _lock: Held,
}

/// The lock a writer holds, released when dropped.
enum Held {
    Folder {
        _folder: fs::File,
    },
    /// A lock file, removed when done (while still held).
    File {
        _file: fs::File,
        path: PathBuf,
    },
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Held::File { path, .. } = self {
            // Removed while still held: a writer that waited on this file
            // sees it gone and takes a new one.
            let _ = fs::remove_file(&*path);
            pending().retain(|p| p != path);
        }
    }
}

/// Takes the lock for `name` in `dir`, waiting for the writer that has it:
/// the folder's, or a lock file's where a folder cannot be locked.
fn take_lock(dir: &Path, name: &str) -> anyhow::Result<Held> {
    if let Ok(folder) = fs::File::open(dir) {
        if folder.lock().is_ok() {
            return Ok(Held::Folder { _folder: folder });
        }
    }
    lock_file(dir, name)
}

fn lock_file(dir: &Path, name: &str) -> anyhow::Result<Held> {
    let path = dir.join(format!(".{name}.cfp.lock"));
    loop {
        let file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .with_context(|| format!("cannot make the lock file {}", path.display()))?;
        file.lock()
            .with_context(|| format!("cannot lock {}", path.display()))?;
        // The writer this one waited for removes the lock file as it ends;
        // a lock on a removed file is no lock, so take the new one.
        let held = platform::identity_of(&file);
        if held.is_some() && platform::identity(&path) == held {
            pending().push(path.clone());
            return Ok(Held::File { _file: file, path });
        }
    }
}

/// Resolves `path` to its real target, takes its lock (waiting for
/// another writer to finish), clears temporary files that killed writers
/// left, and checks the target may be replaced.
pub(crate) fn lock(path: &Path) -> anyhow::Result<Locked> {
    let real = resolve(path)?;
    let (dir, name) = match (real.parent(), real.file_name()) {
        (Some(d), Some(n)) => (d.to_path_buf(), n.to_string_lossy().into_owned()),
        _ => bail!("cannot write {}: it names no file", path.display()),
    };
    install_interrupt_handler();
    let lock =
        take_lock(&dir, &name).with_context(|| format!("cannot write {}", path.display()))?;
    let mut locked = Locked {
        shown: path.to_path_buf(),
        real,
        dir,
        name,
        meta: None,
        _lock: lock,
    };
    locked.remove_stale_temporaries();
    locked.meta = locked.check()?;
    Ok(locked)
}

impl Locked {
    /// The real file the target names: a symlink followed (also one to a
    /// file not made yet), its folder canonical.
    pub(crate) fn real(&self) -> &Path {
        &self.real
    }

    /// The target's contents under the lock (empty when there is none yet).
    pub(crate) fn read(&self) -> anyhow::Result<Vec<u8>> {
        match fs::read(&self.real) {
            Ok(bytes) => Ok(bytes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => {
                Err(anyhow::Error::new(e).context(format!("cannot read {}", self.shown.display())))
            }
        }
    }

    /// Replaces the target with `bytes`: a temporary file beside it,
    /// synced, renamed over it.
    pub(crate) fn replace(&self, bytes: &[u8]) -> anyhow::Result<()> {
        self.replace_with(|out| out.write_all(bytes))
    }

    /// Replaces the target with what `write` writes: a temporary file
    /// beside it, written through a buffer, synced, renamed over it.
    pub(crate) fn replace_with(
        &self,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> anyhow::Result<()> {
        let temp = self
            .dir
            .join(format!(".{}.cfp-{}.tmp", self.name, std::process::id()));
        pending().push(temp.clone());
        let result = self.write_temporary(&temp, write).and_then(|()| {
            // Under the pending list's lock, so that Ctrl-C comes either
            // before the rename (and removes the temporary) or after it.
            let mut pending = pending();
            let renamed = fs::rename(&temp, &self.real).map_err(|e| self.not_replaced(e));
            if renamed.is_ok() {
                pending.retain(|p| *p != temp);
            }
            renamed
        });
        if result.is_err() {
            let _ = fs::remove_file(&temp);
            pending().retain(|p| *p != temp);
        }
        result?;
        // The rename itself made durable; a folder that cannot be synced
        // (some network file systems) still has the file.
        if let Ok(dir) = fs::File::open(&self.dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    }

    fn write_temporary(
        &self,
        temp: &Path,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> anyhow::Result<()> {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(temp)
            .with_context(|| format!("cannot write {}", temp.display()))?;
        if let Some(meta) = &self.meta {
            platform::keep_owner(&file, meta);
            file.set_permissions(meta.permissions())?;
        }
        let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut file);
        write(&mut buffered)
            .and_then(|()| buffered.flush())
            .with_context(|| format!("cannot write {}", self.shown.display()))?;
        drop(buffered);
        file.sync_all()
            .with_context(|| format!("cannot write {}", self.shown.display()))?;
        Ok(())
    }

    /// Removes killed writers' `.NAME.cfp-PID.tmp` files: under the lock,
    /// any there are theirs. Under the folder's lock that is every such
    /// file in the folder, whatever its target (issue 20: one left by `kill
    /// -9` stayed until the next write to the same target); under a lock
    /// file, which guards one target, only that target's.
    fn remove_stale_temporaries(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        let whole_folder = matches!(self._lock, Held::Folder { .. });
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let stale = match temporary_target(name) {
                Some(target) => whole_folder || target == self.name,
                None => false,
            };
            if stale {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    /// Why the target could not be replaced: on Windows most often a
    /// program (Excel) holding it open, which is said in those words.
    fn not_replaced(&self, e: io::Error) -> anyhow::Error {
        let shown = self.shown.display();
        if platform::held_by_another_program(&e) {
            return anyhow::anyhow!(
                "{shown} is open in another program (Excel?), which does not let it be \
                 replaced: close it in Excel and run again; the file is as it was"
            );
        }
        anyhow::Error::new(e).context(format!("cannot replace {shown}"))
    }

    /// The target's metadata if it exists, once it is known to be a regular
    /// file that may be replaced.
    fn check(&self) -> anyhow::Result<Option<fs::Metadata>> {
        let shown = self.shown.display();
        let meta = match fs::metadata(&self.real) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(anyhow::Error::new(e).context(format!("cannot write {shown}"))),
        };
        refuse_other_than_a_file(&self.shown, &meta)?;
        if platform::read_only(&meta) {
            bail!(
                "{shown} is read-only: cfp does not replace it; {}",
                if cfg!(windows) {
                    "clear its Read-only attribute (Properties, or attrib -r) to allow"
                } else {
                    "make it writable (chmod u+w) to allow"
                }
            );
        }
        if let Err(e) = fs::OpenOptions::new().write(true).open(&self.real) {
            if platform::held_by_another_program(&e) {
                return Err(self.not_replaced(e));
            }
            if e.kind() == io::ErrorKind::PermissionDenied {
                bail!("{shown} is not writable by you: cfp does not replace it");
            }
        }
        let links = platform::links(&self.real, &meta);
        if links > 1 {
            bail!(
                "{shown} has {links} hard links: cfp writes a new file and renames it into place, \
                 which would leave the other links with the old contents; \
                 write to a file with one link (copy it, or remove the other links)"
            );
        }
        Ok(Some(meta))
    }
}

/// The real file `path` names: symlinks followed, its folder canonical.
fn resolve(path: &Path) -> anyhow::Result<PathBuf> {
    if platform::device_name(path) {
        bail!(
            "{} is a device: cfp writes results only to regular files (or to stdout: leave \
             out -o, or -o -)",
            path.display()
        );
    }
    match fs::metadata(path) {
        Ok(meta) => {
            refuse_other_than_a_file(path, &meta)?;
            fs::canonicalize(path).with_context(|| format!("cannot write {}", path.display()))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // Not there yet, or a symlink to a file not there yet.
            let mut at = path.to_path_buf();
            for _ in 0..40 {
                match fs::symlink_metadata(&at) {
                    Ok(m) if m.file_type().is_symlink() => {
                        let to = fs::read_link(&at)
                            .with_context(|| format!("cannot write {}", path.display()))?;
                        at = match at.parent() {
                            Some(parent) if to.is_relative() => parent.join(to),
                            _ => to,
                        };
                    }
                    _ => break,
                }
            }
            let name = at
                .file_name()
                .with_context(|| format!("cannot write {}: it names no file", path.display()))?;
            let dir = match at.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            let dir = fs::canonicalize(dir).with_context(|| {
                format!(
                    "cannot write {}: no folder {}",
                    path.display(),
                    dir.display()
                )
            })?;
            Ok(dir.join(name))
        }
        Err(e) => Err(anyhow::Error::new(e).context(format!("cannot write {}", path.display()))),
    }
}

fn refuse_other_than_a_file(path: &Path, meta: &fs::Metadata) -> anyhow::Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    bail!(
        "{} is {}: cfp writes results only to regular files (or to stdout: leave out -o, or -o -)",
        path.display(),
        crate::diag::file_kind(meta)
    )
}

/// Writes to stdout, buffered. A reader that stopped early (`| head`) is
/// not an error: the command's outcome (the CI gate) stands. A closed or
/// full stdout is.
pub(crate) fn to_stdout(
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe || platform::reader_gone(&e) => {
            // Nothing more can reach the reader; drop what is buffered.
            let _ = out.into_parts();
            Ok(())
        }
        Err(e) => Err(anyhow::Error::new(e).context("cannot write to stdout")),
        Ok(()) => Ok(()),
    }
}

/// The files to remove if cfp is interrupted: the temporary file being
/// written and a lock file held.
fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes `paths`, the last first: a temporary file before the lock it
/// was written under. What Ctrl-C does with the pending files.
fn remove_files(paths: &mut Vec<PathBuf>) {
    for path in paths.iter().rev() {
        let _ = fs::remove_file(path);
    }
    paths.clear();
}

fn install_interrupt_handler() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Without it (another handler set), an interrupted write leaves a
        // temporary file, which the next writer removes.
        let _ = ctrlc::set_handler(|| {
            // The guard is held until exit, so no rename can follow.
            remove_files(&mut pending());
            std::process::exit(130);
        });
    });
}

// Unix permission bits and symlinks; on Windows the same rules are
// tested through the Windows binary under Wine (tests/windows).
#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt as _;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_the_whole_file_and_keeps_no_temporary() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.csv");
        fs::write(&path, "old contents that are longer").expect("write");
        write_atomic(&path, b"new").expect("atomic write");
        assert_eq!(fs::read_to_string(&path).expect("read"), "new");
        assert_eq!(names(dir.path()), ["out.csv"]);
    }

    #[test]
    fn a_missing_folder_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(write_atomic(&dir.path().join("no/such/out.csv"), b"x").is_err());
    }

    #[test]
    fn a_dangling_symlink_makes_its_target() {
        let dir = tempfile::tempdir().expect("temp dir");
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink("sub/../real.csv", &link).expect("symlink");
        fs::create_dir(dir.path().join("sub")).expect("mkdir");
        write_atomic(&link, b"x").expect("write");
        assert!(fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink());
        assert_eq!(
            fs::read_to_string(dir.path().join("real.csv")).expect("read"),
            "x"
        );
    }

    #[test]
    fn read_only_is_refused_even_for_root() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.csv");
        fs::write(&path, "old").expect("write");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).expect("chmod");
        let err = write_atomic(&path, b"new").expect_err("refused");
        assert!(format!("{err:#}").contains("read-only"), "{err:#}");
        assert_eq!(fs::read_to_string(&path).expect("read"), "old");
        assert_eq!(names(dir.path()), ["out.csv"]);
    }

    #[test]
    fn interrupting_removes_the_temporary_and_a_lock_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let folder = fs::canonicalize(dir.path()).expect("canonical");
        let held = lock_file(&folder, "out.csv").expect("lock");
        assert_eq!(names(&folder), [".out.csv.cfp.lock"]);
        let locked = lock(&folder.join("out.csv")).expect("lock");
        // As if interrupted in the middle of writing: what is pending for
        // this folder (other tests run beside this one) is what is there.
        let temp = folder.join(format!(".out.csv.cfp-{}.tmp", std::process::id()));
        pending().push(temp.clone());
        locked
            .write_temporary(&temp, |w| w.write_all(b"half"))
            .expect("write");
        let mut ours: Vec<PathBuf> = pending()
            .iter()
            .filter(|p| p.starts_with(&folder))
            .cloned()
            .collect();
        assert_eq!(ours.len(), 2, "{ours:?}");
        remove_files(&mut ours);
        assert_eq!(names(&folder), Vec::<String>::new());
        pending().retain(|p| !p.starts_with(&folder));
        drop(locked);
        drop(held);
    }

    #[test]
    fn a_lock_file_makes_the_next_writer_wait_and_is_removed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let folder = fs::canonicalize(dir.path()).expect("canonical");
        let first = lock_file(&folder, "out.csv").expect("lock");
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = {
            let folder = folder.clone();
            std::thread::spawn(move || {
                let second = lock_file(&folder, "out.csv").expect("lock");
                tx.send(()).expect("send");
                drop(second);
            })
        };
        let wait = std::time::Duration::from_millis(300);
        assert!(rx.recv_timeout(wait).is_err(), "the lock was not held");
        drop(first);
        rx.recv_timeout(std::time::Duration::from_secs(10))
            .expect("the second writer got the lock");
        waiter.join().expect("the waiter ends");
        assert_eq!(names(&folder), Vec::<String>::new());
    }

    #[test]
    fn every_killed_writers_temporary_in_the_folder_is_removed() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in [
            ".out.csv.cfp-1.tmp",
            ".out.csv.cfp-99999.tmp",
            ".out.csv.cfp-x.tmp",
            ".out.csv.cfp-1.cfp-2.tmp",
            ".other.csv.cfp-1.tmp",
        ] {
            fs::write(dir.path().join(name), "x").expect("write");
        }
        write_atomic(&dir.path().join("out.csv"), b"new").expect("write");
        // Under the folder's lock every cfp temporary is a killed
        // writer's, whichever file it was for; a name that only looks like
        // one (no process id) is left.
        assert_eq!(names(dir.path()), [".out.csv.cfp-x.tmp", "out.csv"]);
        assert_eq!(temporary_target(".a.csv.cfp-12.tmp"), Some("a.csv"));
        assert_eq!(temporary_target(".a.csv.cfp-.tmp"), None);
        assert_eq!(temporary_target("a.csv.cfp-12.tmp"), None);
    }
}
