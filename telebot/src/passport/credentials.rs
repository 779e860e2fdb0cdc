//! The decrypted credentials: the nonce and a secret and hash for each element's data and
//! files.

use serde::{Deserialize, Serialize};

/// The decrypted credentials of a `passport_data` message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    /// The secrets of each element the user shared.
    pub secure_data: SecureData,
    /// The nonce the bot put in its Passport request: check it is the one you sent.
    pub nonce: String,
}

/// The secrets of each kind of element, where the user shared it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecureData {
    /// Personal details.
    #[serde(default)]
    pub personal_details: Option<SecureValue>,
    /// Passport.
    #[serde(default)]
    pub passport: Option<SecureValue>,
    /// Internal passport.
    #[serde(default)]
    pub internal_passport: Option<SecureValue>,
    /// Driver license.
    #[serde(default)]
    pub driver_license: Option<SecureValue>,
    /// Identity card.
    #[serde(default)]
    pub identity_card: Option<SecureValue>,
    /// Address.
    #[serde(default)]
    pub address: Option<SecureValue>,
    /// Utility bill.
    #[serde(default)]
    pub utility_bill: Option<SecureValue>,
    /// Bank statement.
    #[serde(default)]
    pub bank_statement: Option<SecureValue>,
    /// Rental agreement.
    #[serde(default)]
    pub rental_agreement: Option<SecureValue>,
    /// Passport registration.
    #[serde(default)]
    pub passport_registration: Option<SecureValue>,
    /// Temporary registration.
    #[serde(default)]
    pub temporary_registration: Option<SecureValue>,
}

impl SecureData {
    /// The secrets of the element of type `kind` (`passport`, `address`, …).
    pub fn of(&self, kind: &str) -> Option<&SecureValue> {
        match kind {
            "personal_details" => self.personal_details.as_ref(),
            "passport" => self.passport.as_ref(),
            "internal_passport" => self.internal_passport.as_ref(),
            "driver_license" => self.driver_license.as_ref(),
            "identity_card" => self.identity_card.as_ref(),
            "address" => self.address.as_ref(),
            "utility_bill" => self.utility_bill.as_ref(),
            "bank_statement" => self.bank_statement.as_ref(),
            "rental_agreement" => self.rental_agreement.as_ref(),
            "passport_registration" => self.passport_registration.as_ref(),
            "temporary_registration" => self.temporary_registration.as_ref(),
            _ => None,
        }
    }
}

/// The secrets of one element: its data and each of its files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecureValue {
    /// The element's data.
    #[serde(default)]
    pub data: Option<DataCredentials>,
    /// The document's front side.
    #[serde(default)]
    pub front_side: Option<FileCredentials>,
    /// The document's reverse side.
    #[serde(default)]
    pub reverse_side: Option<FileCredentials>,
    /// The selfie with the document.
    #[serde(default)]
    pub selfie: Option<FileCredentials>,
    /// Translations of the document.
    #[serde(default)]
    pub translation: Option<Vec<FileCredentials>>,
    /// Scans of the document.
    #[serde(default)]
    pub files: Option<Vec<FileCredentials>>,
}

/// The secret and hash of an element's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataCredentials {
    /// SHA-256 of the decrypted data (base64).
    pub data_hash: String,
    /// The data's secret (base64).
    pub secret: String,
}

/// The secret and hash of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileCredentials {
    /// SHA-256 of the decrypted file (base64).
    pub file_hash: String,
    /// The file's secret (base64).
    pub secret: String,
}
