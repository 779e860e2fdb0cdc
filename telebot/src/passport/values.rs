//! The decrypted elements, typed: personal details, document data, an address, a phone number
//! or an email, and the files with the credentials to decrypt them.

use super::PassportError;
use super::credentials::{Credentials, FileCredentials, SecureData, SecureValue};
use super::decrypt::{decrypt_data, decrypt_file};
use crate::api::{EncryptedPassportElement, PassportFile};
use serde::{Deserialize, Serialize};

/// Everything a `passport_data` message held, decrypted but the files.
#[derive(Debug, Clone, PartialEq)]
pub struct DecryptedPassport {
    /// The nonce the bot put in its request: check it is the one you sent.
    pub nonce: String,
    /// The elements, in the order the user shared them.
    pub elements: Vec<DecryptedElement>,
    /// The credentials, for files and data decrypted later.
    pub credentials: Credentials,
}

/// One element the user shared.
#[derive(Debug, Clone, PartialEq)]
pub struct DecryptedElement {
    /// Its type: `personal_details`, `passport`, `driver_license`, `identity_card`,
    /// `internal_passport`, `address`, `utility_bill`, `bank_statement`, `rental_agreement`,
    /// `passport_registration`, `temporary_registration`, `phone_number` or `email`.
    pub kind: String,
    /// Its decrypted data, typed, for the kinds that have data.
    pub value: Option<PassportValue>,
    /// The document's front side.
    pub front_side: Option<EncryptedFile>,
    /// The document's reverse side.
    pub reverse_side: Option<EncryptedFile>,
    /// The selfie with the document.
    pub selfie: Option<EncryptedFile>,
    /// Scans of the document.
    pub files: Vec<EncryptedFile>,
    /// Translations of the document.
    pub translation: Vec<EncryptedFile>,
    /// The element's hash, for `setPassportDataErrors`.
    pub hash: String,
}

/// The decrypted data of an element.
#[derive(Debug, Clone, PartialEq)]
pub enum PassportValue {
    /// `personal_details`.
    PersonalDetails(PersonalDetails),
    /// A document's data: `passport`, `driver_license`, `identity_card`,
    /// `internal_passport`.
    IdDocument(IdDocumentData),
    /// `address`.
    Address(ResidentialAddress),
    /// `phone_number` (not encrypted).
    PhoneNumber(String),
    /// `email` (not encrypted).
    Email(String),
}

/// A user's personal details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalDetails {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Middle name.
    #[serde(default)]
    pub middle_name: Option<String>,
    /// Date of birth, `DD.MM.YYYY`.
    pub birth_date: String,
    /// `male` or `female`.
    pub gender: String,
    /// ISO 3166-1 alpha-2 code of citizenship.
    pub country_code: String,
    /// ISO 3166-1 alpha-2 code of residence.
    pub residence_country_code: String,
    /// First name in the language of residence.
    #[serde(default)]
    pub first_name_native: Option<String>,
    /// Last name in the language of residence.
    #[serde(default)]
    pub last_name_native: Option<String>,
    /// Middle name in the language of residence.
    #[serde(default)]
    pub middle_name_native: Option<String>,
}

/// A document's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdDocumentData {
    /// The document's number.
    pub document_no: String,
    /// Expiry date, `DD.MM.YYYY`.
    #[serde(default)]
    pub expiry_date: Option<String>,
}

/// A residential address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResidentialAddress {
    /// First line.
    pub street_line1: String,
    /// Second line.
    #[serde(default)]
    pub street_line2: Option<String>,
    /// City.
    pub city: String,
    /// State.
    #[serde(default)]
    pub state: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country_code: String,
    /// Postal code.
    pub post_code: String,
}

/// A Passport file (a scan or photo) with the credentials that decrypt it.
#[derive(Debug, Clone, PartialEq)]
pub struct EncryptedFile {
    /// The file as Telegram describes it (`file_id` for `getFile`).
    pub file: PassportFile,
    /// Its secret and hash.
    pub credentials: FileCredentials,
}

impl EncryptedFile {
    /// Decrypts the file's bytes as downloaded.
    ///
    /// # Errors
    /// [`PassportError::HashMismatch`] when the bytes or the credentials were changed.
    pub fn decrypt(&self, downloaded: &[u8]) -> Result<Vec<u8>, PassportError> {
        decrypt_file(downloaded, &self.credentials)
    }

    /// Downloads the file through `bot` (`getFile`, then the file itself) and decrypts it.
    ///
    /// # Errors
    /// The download's errors, or the decryption's (as [`crate::Error::Setup`] with its message).
    pub async fn download(&self, bot: &crate::Bot) -> Result<Vec<u8>, crate::Error> {
        let file = bot.get_file(self.file.file_id.clone()).await?;
        let path = file.file_path.ok_or_else(|| {
            crate::Error::Setup(format!(
                "getFile gave no file_path for Passport file {}",
                self.file.file_id
            ))
        })?;
        let bytes = bot.download_file(&path).await?;
        self.decrypt(&bytes)
            .map_err(|e| crate::Error::Setup(e.to_string()))
    }
}

/// Decrypts one element with the secrets in `secure`.
pub(super) fn decrypt_element(
    element: &EncryptedPassportElement,
    secure: &SecureData,
) -> Result<DecryptedElement, PassportError> {
    let kind = element.kind.clone();
    let secrets = secure.of(&kind);
    let missing = || PassportError::NoCredentials(kind.clone());
    let value = match (kind.as_str(), &element.data) {
        ("phone_number", _) => element.phone_number.clone().map(PassportValue::PhoneNumber),
        ("email", _) => element.email.clone().map(PassportValue::Email),
        (_, None) => None,
        (_, Some(data)) => {
            let credentials = secrets.and_then(|s| s.data.as_ref()).ok_or_else(missing)?;
            let json = decrypt_data(data, credentials)?;
            Some(typed(&kind, &json)?)
        }
    };
    let file = |file: &Option<PassportFile>, credentials: Option<&FileCredentials>| match (
        file,
        credentials,
    ) {
        (None, _) => Ok(None),
        (Some(file), Some(credentials)) => Ok(Some(EncryptedFile {
            file: file.clone(),
            credentials: credentials.clone(),
        })),
        (Some(_), None) => Err(missing()),
    };
    let files = |files: &Option<Vec<PassportFile>>, credentials: Option<&Vec<FileCredentials>>| {
        let files = files.as_deref().unwrap_or_default();
        let credentials = credentials.map(Vec::as_slice).unwrap_or_default();
        if files.len() > credentials.len() {
            return Err(missing());
        }
        Ok(files
            .iter()
            .zip(credentials)
            .map(|(file, credentials)| EncryptedFile {
                file: file.clone(),
                credentials: credentials.clone(),
            })
            .collect())
    };
    let empty = SecureValue::default();
    let secrets = secrets.unwrap_or(&empty);
    Ok(DecryptedElement {
        value,
        front_side: file(&element.front_side, secrets.front_side.as_ref())?,
        reverse_side: file(&element.reverse_side, secrets.reverse_side.as_ref())?,
        selfie: file(&element.selfie, secrets.selfie.as_ref())?,
        files: files(&element.files, secrets.files.as_ref())?,
        translation: files(&element.translation, secrets.translation.as_ref())?,
        hash: element.hash.clone(),
        kind,
    })
}

fn typed(kind: &str, json: &[u8]) -> Result<PassportValue, PassportError> {
    fn parse<T: serde::de::DeserializeOwned>(json: &[u8]) -> Result<T, PassportError> {
        serde_json::from_slice(json).map_err(|e| PassportError::Json {
            what: "element data",
            message: e.to_string(),
        })
    }
    Ok(match kind {
        "personal_details" => PassportValue::PersonalDetails(parse(json)?),
        "address" => PassportValue::Address(parse(json)?),
        _ => PassportValue::IdDocument(parse(json)?),
    })
}
