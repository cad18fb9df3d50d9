//! Reading and writing trace files.

use std::io::{Read, Write};
use std::path::Path;

use serde::Deserialize;

use super::convert::parse_hex;
use super::error::{LoadError, SaveError};
use super::v1::TraceFile;
use super::{CURRENT_VERSION, FIRST_LINE, FORMAT_NAME};

/// Largest file [`load`] reads (far above the few MB real traces take).
pub const MAX_FILE_BYTES: u64 = 256 << 20;
/// Deepest nesting the parser follows (trace files nest 4 levels).
const RECURSION_LIMIT: usize = 32;

/// Writes `file` to `path` atomically: a temporary file in the same
/// directory is written, flushed and renamed over `path`, so `path` holds
/// either its old content or the whole new trace. An existing `path` that
/// is not an Interleave trace is kept unless `force`.
pub fn save(file: &TraceFile, path: &Path, force: bool) -> Result<(), SaveError> {
    let io = |error| SaveError::Io {
        path: path.to_owned(),
        error,
    };
    if !force && path.exists() && !is_trace_file(path) {
        return Err(SaveError::WouldClobber(path.to_owned()));
    }
    let body = ron::ser::to_string_pretty(file, pretty())
        .map_err(|e| io(std::io::Error::other(e.to_string())))?;
    write_atomically(path, format!("{FIRST_LINE}\n{body}\n").as_bytes()).map_err(io)
}

/// Writes `bytes` to `path` through a temporary file in the same
/// directory and a rename: `path` ends up with its old content or all of
/// `bytes`, never a part.
///
/// The file gets the permissions of the file it replaces, or those of any
/// new file (the umask applies). Errors carry the OS error only, never
/// the temporary file's name.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    // Checked first so that a missing directory is reported with the OS
    // error alone (tempfile's errors name its temporary file).
    std::fs::metadata(dir)?;
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir).map_err(os_error)?;
    temp.write_all(bytes).map_err(os_error)?;
    if let Ok(existing) = std::fs::metadata(path) {
        temp.as_file()
            .set_permissions(existing.permissions())
            .map_err(os_error)?;
    }
    temp.as_file().sync_all().map_err(os_error)?;
    temp.persist(path).map_err(|e| os_error(e.error))?;
    Ok(())
}

/// The OS error behind `e` alone, when there is one (tempfile's errors
/// also name its temporary file).
fn os_error(e: std::io::Error) -> std::io::Error {
    match e.raw_os_error() {
        Some(code) => std::io::Error::from_raw_os_error(code),
        None => e,
    }
}

/// Pretty-printing: one line per field, per decision and per event.
fn pretty() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .depth_limit(2)
        .struct_names(false)
        .indentor("  ")
}

/// `true` if `path` starts with the trace files' first line.
fn is_trace_file(path: &Path) -> bool {
    let mut head = vec![0; FIRST_LINE.len()];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| head == FIRST_LINE.as_bytes())
}

/// Reads and checks a trace file.
pub fn load(path: &Path) -> Result<TraceFile, LoadError> {
    let io = |error| LoadError::Io {
        path: path.to_owned(),
        error,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let bytes = file.metadata().map_err(io)?.len();
    if bytes > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            bytes,
            limit: MAX_FILE_BYTES,
        });
    }
    let mut data = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut data)
        .map_err(io)?;
    if data.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            bytes: data.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    let text =
        String::from_utf8(data).map_err(|e| LoadError::NotText(e.utf8_error().valid_up_to()))?;
    parse(&text)
}

/// The fields every version has, read first to pick the version.
#[derive(Deserialize)]
struct Header {
    /// Empty when missing (then it is not a trace).
    #[serde(default)]
    format: String,
    /// 0 when missing (an unknown version).
    #[serde(default)]
    version: u32,
}

/// Parses and checks the text of a trace file.
pub fn parse(text: &str) -> Result<TraceFile, LoadError> {
    if text.trim().is_empty() || text.trim() == FIRST_LINE {
        return Err(LoadError::Empty);
    }
    let options = ron::Options::default().with_recursion_limit(RECURSION_LIMIT);
    let syntax = |e| syntax(text, e);
    let header: Header = options.from_str(text).map_err(syntax)?;
    if header.format != FORMAT_NAME {
        return Err(LoadError::NotATrace(header.format));
    }
    match header.version {
        0 => return Err(LoadError::UnknownVersion(0)),
        v if v > CURRENT_VERSION => {
            return Err(LoadError::FutureVersion {
                found: v,
                supported: CURRENT_VERSION,
            });
        }
        _ => {}
    }
    let file: TraceFile = options.from_str(text).map_err(syntax)?;
    check(&file)?;
    Ok(file)
}

/// Consistency checks beyond the shape.
fn check(file: &TraceFile) -> Result<(), LoadError> {
    parse_hex(&file.digest, "digest")?;
    let mut previous = 0;
    for (step, digest) in &file.marks {
        parse_hex(digest, "mark digest")?;
        if *step > file.steps {
            return Err(LoadError::Invalid(format!(
                "digest mark at step {step} lies beyond the run's {} steps",
                file.steps
            )));
        }
        if *step < previous {
            return Err(LoadError::Invalid(format!(
                "digest mark at step {step} is out of order"
            )));
        }
        previous = *step;
    }
    let mut previous = 0;
    for (i, event) in file.events.iter().enumerate() {
        if event.0 > file.steps {
            return Err(LoadError::Invalid(format!(
                "event {i} at step {} lies beyond the run's {} steps",
                event.0, file.steps
            )));
        }
        if event.0 < previous {
            return Err(LoadError::Invalid(format!(
                "event {i} at step {} is out of order",
                event.0
            )));
        }
        previous = event.0;
    }
    Ok(())
}

/// A RON error in `text`; an error where the text ends means the file was
/// cut short, whatever token ron expected there.
#[allow(clippy::needless_pass_by_value)] // the shape `map_err` hands over
fn syntax(text: &str, e: ron::error::SpannedError) -> LoadError {
    let (line, col) = (e.span.start.line, e.span.start.col);
    let trimmed = text.trim_end();
    let last_line = trimmed.lines().count();
    let last_col = trimmed.lines().last().map_or(0, |l| l.chars().count()) + 1;
    let message = if (e.span.end.line, e.span.end.col) >= (last_line, last_col) {
        "Unexpected end of RON: the file is cut short".to_owned()
    } else {
        e.code.to_string()
    };
    LoadError::Syntax { line, col, message }
}
