//! Writing output sets safely: the one mechanism behind every `--out` of every
//! command (`run`, `merge`, `report`, `sweep`, `pareto`, `optimize`,
//! `sensitivity`, `demo`).
//!
//! An *output set* is the group of files one command writes to a directory
//! (`results.json`, `summary.csv` and `weekly.csv` with their `*.partial.*`
//! counterparts; a report and its charts; one shard file; ...). Its life:
//!
//! 1. **Claim**, before any computing ([`OutputSet::claim`]): create the
//!    directory, take an exclusive lock on the set
//!    (`DIR/.salesim-<set>.lock`, held until the set is written or dropped; a
//!    second run writing the same set into the same directory is refused with
//!    [`OutputError::Busy`]), finish or remove what an earlier run of the set
//!    left behind (below), refuse to overwrite any file of the set unless
//!    `force`, and probe that every file of the set can be created there (a
//!    read-only directory or a file name too long for the file system is found
//!    now, not after the run).
//! 2. **Commit** ([`OutputSet::commit`]): every file is written and fsynced in
//!    a staging directory inside `DIR` (`.salesim-<set>.staging-<pid>`); then a
//!    commit marker listing the files to install and the stale files of the
//!    set to remove is written (atomically, fsynced): from that moment the new
//!    set is decided. The files are then renamed into place, stale ones are
//!    removed, the directory is fsynced and the staging directory deleted.
//!
//! A run killed before the marker leaves the old set untouched (its staging
//! directory is deleted when the set is next claimed); a run killed after it
//! (between two renames) leaves a marked staging directory, and the next claim
//! of the set rolls the commit forward before doing anything else, so the
//! directory never keeps a mix of an old and a new set nor stray temporary
//! files. Files of the set that the new set does not contain (the
//! `*.partial.*` files of an interrupted run when a complete one replaces them,
//! charts of an earlier sweep) are removed by the commit: the set is replaced
//! as a whole.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The directory already holds results and `--force` was not given.
    #[error("{0} already holds salesim results ({1}); choose another --out directory or pass --force to overwrite")]
    Exists(String, String),
    /// Another process is writing the same set into the directory.
    #[error(
        "{0} is being written by another salesim run ({1}); wait for it to finish or choose another --out directory"
    )]
    Busy(String, String),
    /// The file system refused.
    #[error("cannot write {0}: {1}")]
    Io(String, String),
}

/// Name of the commit marker inside a staging directory.
const COMMIT: &str = "COMMIT";

/// What a commit marker records: the files to move into place and the stale
/// files of the set to remove.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Marker {
    install: Vec<String>,
    remove: Vec<String>,
}

/// An output set claimed in a directory (see the module documentation).
/// Dropping it without [`OutputSet::commit`] leaves the directory as it was
/// and releases the lock.
#[derive(Debug)]
pub struct OutputSet {
    dir: PathBuf,
    members: Vec<String>,
    persistent: Vec<String>,
    staging: PathBuf,
    staged: Vec<String>,
    notes: Vec<String>,
    /// Whether the staging directory must outlive this value (a commit that
    /// failed after its marker, to be rolled forward by the next claim).
    keep_staging: bool,
    _lock: Option<Lock>,
}

/// The exclusive lock on a set, released (and its file removed) on drop.
#[derive(Debug)]
struct Lock {
    file: File,
    path: PathBuf,
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked: a process that opened the old file sees
        // on locking that the path no longer names it and tries again.
        #[cfg(unix)]
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

impl OutputSet {
    /// Claims the set of files `members` in `dir` (step 1 of the module
    /// documentation). The set is identified by its member names, so every
    /// command writing the same files locks the same set.
    pub fn claim(dir: &Path, members: &[&str], force: bool) -> Result<OutputSet, OutputError> {
        let shown = dir.display().to_string();
        fs::create_dir_all(dir).map_err(|e| OutputError::Io(shown.clone(), e.to_string()))?;
        let id = set_id(members);
        let mut notes = Vec::new();
        let lock = lock(dir, &id, &mut notes)?;
        if lock.is_some() {
            recover(dir, &id, members, &mut notes)?;
        }
        if !force && let Some(existing) = members.iter().find(|n| fs::symlink_metadata(dir.join(n)).is_ok()) {
            return Err(OutputError::Exists(shown, existing.to_string()));
        }
        let staging = dir.join(format!(".salesim-{id}.staging-{}", std::process::id()));
        let _ = fs::remove_dir_all(&staging);
        fs::create_dir(&staging).map_err(|e| OutputError::Io(shown.clone(), e.to_string()))?;
        let set = OutputSet {
            dir: dir.to_path_buf(),
            members: members.iter().map(|m| m.to_string()).collect(),
            persistent: Vec::new(),
            staging,
            staged: Vec::new(),
            notes,
            keep_staging: false,
            _lock: lock,
        };
        // Every file of the set, under its own name, can be created here.
        for m in members {
            let probe = set.staging.join(m);
            File::create(&probe).map_err(|e| {
                let hint = if e.kind() == std::io::ErrorKind::InvalidFilename {
                    format!(" (the name has {} bytes; most file systems allow 255)", m.len())
                } else {
                    String::new()
                };
                OutputError::Io(dir.join(m).display().to_string(), format!("{e}{hint}"))
            })?;
            let _ = fs::remove_file(&probe);
        }
        Ok(set)
    }

    /// Marks members that [`OutputSet::commit`] leaves alone when it does not
    /// write them (a sweep's journal and header, written as the sweep goes).
    pub fn persistent(mut self, names: &[&str]) -> Self {
        self.persistent.extend(names.iter().map(|n| n.to_string()));
        self
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What the claim found and did that a user should hear about (a commit of
    /// an earlier run rolled forward, temporaries removed, no lock available on
    /// this file system).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// A path in the staging directory under which the caller writes member
    /// `name` itself (for writers that need a path, such as the GIF encoder);
    /// the next [`OutputSet::commit`] installs it with the other files.
    pub fn staged(&mut self, name: &str) -> PathBuf {
        self.staged.push(name.to_string());
        self.staging.join(name)
    }

    /// Withdraws member `name` from the staged files (its path, for the caller
    /// to move or remove); the next commit no longer installs it.
    pub fn unstage(&mut self, name: &str) -> PathBuf {
        self.staged.retain(|n| n != name);
        self.staging.join(name)
    }

    /// Replaces one member now, atomically (temporary file, fsync, rename,
    /// fsync of the directory), while the set stays claimed: for files that
    /// grow as a long command goes (a sweep's running table).
    pub fn replace_now(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, OutputError> {
        let target = self.dir.join(name);
        let tmp = self.staging.join(format!(".now-{name}"));
        let io = |e: std::io::Error| OutputError::Io(target.display().to_string(), e.to_string());
        write_synced(&tmp, bytes).map_err(io)?;
        if let Err(e) = fs::rename(&tmp, &target) {
            let _ = fs::remove_file(&tmp);
            return Err(io(e));
        }
        sync_dir(&self.dir);
        Ok(target)
    }

    /// Replaces the set with `files` (and any files written under
    /// [`OutputSet::staged`] paths), all or nothing (step 2 of the module
    /// documentation). Members not written, other than persistent ones, are
    /// removed. Returns the paths written, in order.
    pub fn commit(mut self, files: &[(&str, Vec<u8>)]) -> Result<Vec<PathBuf>, OutputError> {
        let io =
            |name: &str, e: std::io::Error| OutputError::Io(self.dir.join(name).display().to_string(), e.to_string());
        let mut install: Vec<String> = Vec::new();
        for (name, bytes) in files {
            if !self.members.iter().any(|m| m == name) {
                return Err(OutputError::Io(
                    self.dir.join(name).display().to_string(),
                    "not a file of this output set".into(),
                ));
            }
            write_synced(&self.staging.join(name), bytes).map_err(|e| io(name, e))?;
            install.push(name.to_string());
        }
        for name in &self.staged {
            if !self.staging.join(name).exists() {
                return Err(io(name, std::io::Error::from(std::io::ErrorKind::NotFound)));
            }
            install.push(name.clone());
        }
        let remove: Vec<String> = self
            .members
            .iter()
            .filter(|m| !install.contains(m) && !self.persistent.contains(m))
            .filter(|m| fs::symlink_metadata(self.dir.join(m)).is_ok())
            .cloned()
            .collect();
        sync_dir(&self.staging);
        let marker = serde_json::to_vec(&Marker { install: install.clone(), remove }).unwrap_or_default();
        let marker_tmp = self.staging.join(format!(".{COMMIT}.tmp"));
        write_synced(&marker_tmp, &marker)
            .and_then(|_| fs::rename(&marker_tmp, self.staging.join(COMMIT)))
            .map_err(|e| io(COMMIT, e))?;
        sync_dir(&self.staging);
        // Decided: from here on a failure leaves the marked staging directory
        // for the next claim to roll forward.
        self.keep_staging = true;
        if let Err(e) = roll_forward(&self.dir, &self.staging) {
            return Err(OutputError::Io(
                self.dir.display().to_string(),
                format!(
                    "{e}; the new files wait in {} and the next salesim run writing them into {} puts them in place",
                    self.staging.display(),
                    self.dir.display()
                ),
            ));
        }
        self.keep_staging = false;
        Ok(install.iter().map(|n| self.dir.join(n)).collect())
    }
}

impl Drop for OutputSet {
    fn drop(&mut self) {
        if !self.keep_staging {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Checks that the set `names` could be written to `dir` now (created, not
/// locked by another run, writable, nothing to overwrite unless `force`),
/// then releases it: for commands that claim the set later.
pub fn prepare_dir(dir: &Path, names: &[&str], force: bool) -> Result<(), OutputError> {
    OutputSet::claim(dir, names, force).map(drop)
}

/// Writes `bytes` to `dir/name` atomically (temporary file, fsync, rename,
/// fsync of the directory), outside any output set: a single file that is
/// replaced whole.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, OutputError> {
    let target = dir.join(name);
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let io = |e: std::io::Error| OutputError::Io(target.display().to_string(), e.to_string());
    let result = write_synced(&tmp, bytes).and_then(|_| fs::rename(&tmp, &target));
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(io(e));
    }
    sync_dir(dir);
    Ok(target)
}

/// The set's identifier in lock and staging names: a readable stem from its
/// first member and a hash of all member names (so different sets in one
/// directory, such as the shard files of many array tasks, never collide).
/// The lock of a set is `DIR/.salesim-<set_id>.lock`.
pub fn set_id(members: &[&str]) -> String {
    let mut sorted: Vec<&str> = members.to_vec();
    sorted.sort_unstable();
    // FNV-1a, 64 bits: stable across versions and platforms.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in sorted.join("\n").bytes() {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let stem: String = members
        .first()
        .map_or("set", |m| m.split('.').next().unwrap_or("set"))
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .take(24)
        .collect();
    format!("{stem}-{hash:016x}")
}

/// Takes the set's lock, or says who holds it. `None` (with a note) where the
/// file system has no locks.
fn lock(dir: &Path, id: &str, notes: &mut Vec<String>) -> Result<Option<Lock>, OutputError> {
    let path = dir.join(format!(".salesim-{id}.lock"));
    let io = |e: std::io::Error| OutputError::Io(dir.display().to_string(), e.to_string());
    loop {
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| OutputError::Io(dir.display().to_string(), format!("cannot create files there ({e})")))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                let who = if holder.is_empty() { "lock held".to_string() } else { holder.to_string() };
                return Err(OutputError::Busy(dir.display().to_string(), who));
            }
            Err(fs::TryLockError::Error(e)) => {
                notes.push(format!(
                    "{} cannot be locked ({e}); nothing stops another run from writing the same files there at the same time",
                    dir.display()
                ));
                return Ok(None);
            }
        }
        // The lock file may have been removed by its last holder between our
        // open and our lock: hold the lock only on the file the path names.
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ours = file.metadata().map_err(io)?;
            match fs::metadata(&path) {
                Ok(now) if now.ino() == ours.ino() && now.dev() == ours.dev() => {}
                _ => continue,
            }
        }
        let _ = file.set_len(0);
        let _ = write!(file, "pid {}", std::process::id());
        return Ok(Some(Lock { file, path }));
    }
}

/// Finishes or removes what earlier runs of the set left in `dir` (called with
/// the set's lock held, so no live process is writing them): a staging
/// directory with a commit marker is rolled forward, one without is deleted,
/// and temporary files of older salesim versions (`.NAME.tmp-PID`) are removed.
fn recover(dir: &Path, id: &str, members: &[&str], notes: &mut Vec<String>) -> Result<(), OutputError> {
    let Ok(entries) = fs::read_dir(dir) else { return Ok(()) };
    let staging_prefix = format!(".salesim-{id}.staging-");
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if name.starts_with(&staging_prefix) {
            if path.join(COMMIT).exists() {
                roll_forward(dir, &path).map_err(|e| {
                    OutputError::Io(
                        dir.display().to_string(),
                        format!("cannot finish the write an earlier run began: {e}"),
                    )
                })?;
                notes
                    .push(format!("finished writing the files an earlier, interrupted run left in {}", path.display()));
            } else {
                let _ = fs::remove_dir_all(&path);
                notes.push(format!("removed the unfinished files of an earlier run ({})", path.display()));
            }
        } else if members.iter().any(|m| name.starts_with(&format!(".{m}.tmp-"))) {
            let _ = fs::remove_file(&path);
            notes.push(format!("removed an unfinished temporary file of an earlier run ({})", path.display()));
        }
    }
    Ok(())
}

/// Carries out the commit recorded in `staging`: moves its files into `dir`,
/// removes the stale ones, fsyncs `dir` and deletes `staging`. Safe to repeat
/// after a crash part-way: files already moved are no longer in `staging`.
fn roll_forward(dir: &Path, staging: &Path) -> std::io::Result<()> {
    let marker: Marker = serde_json::from_slice(&fs::read(staging.join(COMMIT))?)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    for name in &marker.install {
        let from = staging.join(name);
        if from.exists() {
            fs::rename(&from, dir.join(name))?;
        }
    }
    for name in &marker.remove {
        match fs::remove_file(dir.join(name)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    sync_dir(dir);
    fs::remove_dir_all(staging)
}

/// Creates `path` with `bytes` and fsyncs it.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Fsyncs a directory so that renames in it survive a crash (best effort: not
/// every platform can open a directory).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        n.sort();
        n
    }

    const SET: [&str; 4] = ["a.json", "b.csv", "a.partial.json", "b.partial.csv"];

    #[test]
    fn refuses_to_overwrite_without_force_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        OutputSet::claim(dir.path(), &SET, false).unwrap().commit(&[("a.json", b"1".to_vec())]).unwrap();
        assert!(matches!(OutputSet::claim(dir.path(), &SET, false), Err(OutputError::Exists(..))));
        assert!(prepare_dir(dir.path(), &SET, true).is_ok());
        assert_eq!(names(dir.path()), ["a.json"]);
    }

    #[test]
    fn a_commit_replaces_the_whole_set() {
        let dir = tempfile::tempdir().unwrap();
        let partial = [("a.partial.json", b"p".to_vec()), ("b.partial.csv", b"p".to_vec())];
        OutputSet::claim(dir.path(), &SET, false).unwrap().commit(&partial).unwrap();
        // The partial files are part of the set: no silent overwrite...
        assert!(matches!(OutputSet::claim(dir.path(), &SET, false), Err(OutputError::Exists(..))));
        // ...and a complete set replaces them rather than sitting beside them.
        let full = [("a.json", b"f".to_vec()), ("b.csv", b"f".to_vec())];
        OutputSet::claim(dir.path(), &SET, true).unwrap().commit(&full).unwrap();
        assert_eq!(names(dir.path()), ["a.json", "b.csv"]);
    }

    #[test]
    fn a_second_claim_of_the_same_set_is_refused_while_the_first_holds_it() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutputSet::claim(dir.path(), &SET, false).unwrap();
        let err = OutputSet::claim(dir.path(), &SET, true).unwrap_err();
        assert!(matches!(err, OutputError::Busy(..)), "{err}");
        assert!(err.to_string().contains(&format!("pid {}", std::process::id())), "{err}");
        // Another set in the same directory (another shard) is not held up.
        drop(OutputSet::claim(dir.path(), &["shard-2-of-2.json"], false).unwrap());
        first.commit(&[("a.json", b"1".to_vec())]).unwrap();
        OutputSet::claim(dir.path(), &SET, true).unwrap();
    }

    #[test]
    fn a_commit_cut_short_after_its_marker_is_rolled_forward_by_the_next_claim() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        OutputSet::claim(d, &SET, false)
            .unwrap()
            .commit(&[("a.json", b"old".to_vec()), ("b.csv", b"old".to_vec())])
            .unwrap();
        // A run killed between its two renames: a.json is new, b.csv still old,
        // and the marked staging directory still holds the new b.csv.
        let staging = d.join(format!(".salesim-{}.staging-999999999", set_id(&SET)));
        fs::create_dir(&staging).unwrap();
        fs::write(staging.join("b.csv"), "new").unwrap();
        let marker = Marker { install: vec!["a.json".into(), "b.csv".into()], remove: vec![] };
        fs::write(staging.join(COMMIT), serde_json::to_vec(&marker).unwrap()).unwrap();
        fs::write(d.join("a.json"), "new").unwrap();
        fs::write(d.join(".b.csv.tmp-999999999"), "junk").unwrap();
        let err = OutputSet::claim(d, &SET, false).unwrap_err();
        assert!(matches!(err, OutputError::Exists(..)), "{err}");
        assert_eq!(fs::read_to_string(d.join("a.json")).unwrap(), "new");
        assert_eq!(fs::read_to_string(d.join("b.csv")).unwrap(), "new");
        assert_eq!(names(d), ["a.json", "b.csv"]);
    }

    #[test]
    fn a_commit_killed_before_its_marker_leaves_the_old_set() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        OutputSet::claim(d, &SET, false).unwrap().commit(&[("a.json", b"old".to_vec())]).unwrap();
        let staging = d.join(format!(".salesim-{}.staging-999999999", set_id(&SET)));
        fs::create_dir(&staging).unwrap();
        fs::write(staging.join("a.json"), "half").unwrap();
        let set = OutputSet::claim(d, &SET, true).unwrap();
        assert_eq!(set.notes().len(), 1, "{:?}", set.notes());
        drop(set);
        assert_eq!(fs::read_to_string(d.join("a.json")).unwrap(), "old");
        assert_eq!(names(d), ["a.json"]);
    }

    #[test]
    fn a_file_name_too_long_for_the_file_system_is_found_at_the_claim() {
        let dir = tempfile::tempdir().unwrap();
        let long = format!("{}.json", "x".repeat(300));
        let err = OutputSet::claim(dir.path(), &[long.as_str()], false).unwrap_err();
        assert!(matches!(err, OutputError::Io(..)), "{err}");
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    }

    #[test]
    fn staged_files_are_installed_with_the_others() {
        let dir = tempfile::tempdir().unwrap();
        let mut set = OutputSet::claim(dir.path(), &["x.png", "x.gif"], false).unwrap();
        fs::write(set.staged("x.gif"), "gif").unwrap();
        let written = set.commit(&[("x.png", b"png".to_vec())]).unwrap();
        assert_eq!(written.len(), 2);
        assert_eq!(names(dir.path()), ["x.gif", "x.png"]);
    }
}
