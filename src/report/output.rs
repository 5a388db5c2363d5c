//! Writing output files safely: each file goes to a temporary name in the target
//! directory and is renamed into place only when complete, so a failed or
//! interrupted run never leaves a half-written file.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The directory already holds results and `--force` was not given.
    #[error("{0} already holds salesim results ({1}); choose another --out directory or pass --force to overwrite")]
    Exists(String, String),
    /// The file system refused.
    #[error("cannot write {0}: {1}")]
    Io(String, String),
}

/// Creates `dir` if needed and refuses to overwrite `names` there unless `force`.
pub fn prepare_dir(dir: &Path, names: &[&str], force: bool) -> Result<(), OutputError> {
    fs::create_dir_all(dir).map_err(|e| OutputError::Io(dir.display().to_string(), e.to_string()))?;
    if !force && let Some(existing) = names.iter().find(|n| dir.join(n).exists()) {
        return Err(OutputError::Exists(dir.display().to_string(), existing.to_string()));
    }
    Ok(())
}

/// Writes `bytes` to `dir/name` atomically (temporary file, then rename).
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, OutputError> {
    let target = dir.join(name);
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let io = |e: std::io::Error| OutputError::Io(target.display().to_string(), e.to_string());
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, &target)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(target)
}

/// Writes several files so that either all of them are replaced or none is:
/// every file goes to a temporary name first, and only when all are complete are
/// they renamed into place.
pub fn write_all_atomic(dir: &Path, files: &[(&str, Vec<u8>)]) -> Result<Vec<PathBuf>, OutputError> {
    let tmp_of = |name: &str| dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let cleanup = || {
        for (name, _) in files {
            let _ = fs::remove_file(tmp_of(name));
        }
    };
    for (name, bytes) in files {
        let tmp = tmp_of(name);
        let written = fs::File::create(&tmp).and_then(|mut f| f.write_all(bytes).and_then(|_| f.sync_all()));
        if let Err(e) = written {
            cleanup();
            return Err(OutputError::Io(dir.join(name).display().to_string(), e.to_string()));
        }
    }
    let mut done = Vec::new();
    for (name, _) in files {
        let target = dir.join(name);
        if let Err(e) = fs::rename(tmp_of(name), &target) {
            cleanup();
            return Err(OutputError::Io(target.display().to_string(), e.to_string()));
        }
        done.push(target);
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        write_atomic(dir.path(), "results.json", b"{}").unwrap();
        assert!(prepare_dir(dir.path(), &["results.json"], false).is_err());
        assert!(prepare_dir(dir.path(), &["results.json"], true).is_ok());
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }
}
