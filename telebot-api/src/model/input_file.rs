use bytes::Bytes;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cell::RefCell;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncRead, AsyncReadExt};

/// A file to send: one Telegram already has (`file_id`), a URL Telegram fetches, or contents to
/// upload (a path, bytes in memory, or an async reader).
///
/// Uploads travel as `multipart/form-data`; inside media groups and for thumbnails they are
/// referenced with `attach://<name>`, which the client does for you.
///
/// ```
/// use telebot_api::InputFile;
/// assert!(!InputFile::from("AgACAgIAAxkBAAIB").is_upload()); // a file_id
/// assert!(!InputFile::from("https://example.com/cat.jpg").is_upload()); // a URL
/// assert!(InputFile::memory("notes.txt", "hello").is_upload());
/// ```
#[derive(Clone)]
pub struct InputFile {
    source: Source,
}

type SharedReader = Arc<Mutex<Option<Box<dyn AsyncRead + Send + Unpin>>>>;

#[derive(Clone)]
enum Source {
    FileId(String),
    Url(String),
    Path(PathBuf),
    Memory { name: String, data: Bytes },
    Reader { name: String, reader: SharedReader },
}

impl InputFile {
    /// A file Telegram already stores, by its `file_id`.
    pub fn file_id(id: impl Into<String>) -> Self {
        Self {
            source: Source::FileId(id.into()),
        }
    }

    /// A file Telegram downloads from an HTTP(S) URL.
    pub fn url(url: impl Into<String>) -> Self {
        Self {
            source: Source::Url(url.into()),
        }
    }

    /// A local file, read when the request is sent.
    pub fn path(path: impl Into<PathBuf>) -> Self {
        Self {
            source: Source::Path(path.into()),
        }
    }

    /// Contents in memory, uploaded under `name`.
    pub fn memory(name: impl Into<String>, data: impl Into<Bytes>) -> Self {
        Self {
            source: Source::Memory {
                name: name.into(),
                data: data.into(),
            },
        }
    }

    /// Contents read from an async reader when the request is sent. A reader can be read once:
    /// sending the same request again fails with an upload error.
    pub fn reader(
        name: impl Into<String>,
        reader: impl AsyncRead + Send + Unpin + 'static,
    ) -> Self {
        Self {
            source: Source::Reader {
                name: name.into(),
                reader: Arc::new(Mutex::new(Some(Box::new(reader)))),
            },
        }
    }

    /// Whether the file's contents are uploaded (rather than referenced by id or URL).
    pub fn is_upload(&self) -> bool {
        matches!(
            self.source,
            Source::Path(_) | Source::Memory { .. } | Source::Reader { .. }
        )
    }

    /// The `file_id` or URL this file refers to, when it is not an upload.
    pub fn as_reference(&self) -> Option<&str> {
        match &self.source {
            Source::FileId(s) | Source::Url(s) => Some(s),
            _ => None,
        }
    }

    /// The file name an upload is sent with.
    pub fn file_name(&self) -> Option<String> {
        match &self.source {
            Source::Path(p) => Some(
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "file".to_string()),
            ),
            Source::Memory { name, .. } | Source::Reader { name, .. } => Some(name.clone()),
            _ => None,
        }
    }

    /// Reads an upload's contents: the file at its path, the bytes in memory, or the reader
    /// (which can be read once). A `file_id` or URL has none.
    pub async fn read_contents(&self) -> std::io::Result<Bytes> {
        match &self.source {
            Source::Path(p) => tokio::fs::read(p).await.map(Bytes::from),
            Source::Memory { data, .. } => Ok(data.clone()),
            Source::Reader { reader, .. } => {
                let taken = reader
                    .lock()
                    .map_err(|_| std::io::Error::other("reader lock poisoned"))?
                    .take();
                let mut reader = taken.ok_or_else(|| {
                    std::io::Error::other(
                        "this InputFile's reader was already consumed by an earlier send",
                    )
                })?;
                let mut buf = Vec::new();
                reader.read_to_end(&mut buf).await?;
                Ok(Bytes::from(buf))
            }
            Source::FileId(_) | Source::Url(_) => Ok(Bytes::new()),
        }
    }
}

impl fmt::Debug for InputFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Source::FileId(id) => f.debug_tuple("InputFile::FileId").field(id).finish(),
            Source::Url(u) => f.debug_tuple("InputFile::Url").field(u).finish(),
            Source::Path(p) => f.debug_tuple("InputFile::Path").field(p).finish(),
            Source::Memory { name, data } => {
                write!(f, "InputFile::Memory({name:?}, {} bytes)", data.len())
            }
            Source::Reader { name, .. } => write!(f, "InputFile::Reader({name:?})"),
        }
    }
}

impl PartialEq for InputFile {
    fn eq(&self, other: &Self) -> bool {
        match (&self.source, &other.source) {
            (Source::FileId(a), Source::FileId(b)) | (Source::Url(a), Source::Url(b)) => a == b,
            (Source::Path(a), Source::Path(b)) => a == b,
            (Source::Memory { name: n1, data: d1 }, Source::Memory { name: n2, data: d2 }) => {
                n1 == n2 && d1 == d2
            }
            (Source::Reader { reader: a, .. }, Source::Reader { reader: b, .. }) => {
                Arc::ptr_eq(a, b)
            }
            _ => false,
        }
    }
}

impl From<&str> for InputFile {
    /// `http://` and `https://` strings are URLs; anything else is a `file_id`.
    fn from(s: &str) -> Self {
        if s.starts_with("http://") || s.starts_with("https://") {
            InputFile::url(s)
        } else {
            InputFile::file_id(s)
        }
    }
}

impl From<String> for InputFile {
    fn from(s: String) -> Self {
        InputFile::from(s.as_str())
    }
}

impl From<PathBuf> for InputFile {
    fn from(p: PathBuf) -> Self {
        InputFile::path(p)
    }
}

impl From<&Path> for InputFile {
    fn from(p: &Path) -> Self {
        InputFile::path(p)
    }
}

/// One upload found while serializing a request: the multipart part name and the file.
pub struct Upload {
    /// The multipart part's name (`file0`, `file1`, …), referenced as `attach://<part>`.
    pub part: String,
    /// The file to upload in that part.
    pub file: InputFile,
}

thread_local! {
    static COLLECTOR: RefCell<Option<Vec<Upload>>> = const { RefCell::new(None) };
}

/// Collects the uploads met while serializing a request on this thread, naming each
/// `file0`, `file1`, … so the request can reference them as `attach://fileN`. The client
/// serializes every request inside one; an upload serialized outside one is an error.
pub struct UploadCollector(());

impl UploadCollector {
    /// Starts collecting on this thread.
    pub fn start() -> Self {
        COLLECTOR.with(|c| *c.borrow_mut() = Some(Vec::new()));
        UploadCollector(())
    }

    /// Stops collecting and returns what was found.
    pub fn finish(self) -> Vec<Upload> {
        COLLECTOR
            .with(|c| c.borrow_mut().take())
            .unwrap_or_default()
    }
}

impl Drop for UploadCollector {
    fn drop(&mut self) {
        COLLECTOR.with(|c| c.borrow_mut().take());
    }
}

impl Serialize for InputFile {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.source {
            Source::FileId(s) | Source::Url(s) => serializer.serialize_str(s),
            _ => {
                let name = COLLECTOR.with(|c| {
                    c.borrow_mut().as_mut().map(|list| {
                        let part = format!("file{}", list.len());
                        list.push(Upload {
                            part: part.clone(),
                            file: self.clone(),
                        });
                        part
                    })
                });
                match name {
                    Some(part) => serializer.serialize_str(&format!("attach://{part}")),
                    None => Err(serde::ser::Error::custom(
                        "an InputFile upload can only be serialized while a Bot sends the request",
                    )),
                }
            }
        }
    }
}

impl<'de> Deserialize<'de> for InputFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Ok(InputFile::from(s))
    }
}
