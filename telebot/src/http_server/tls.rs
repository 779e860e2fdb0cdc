//! TLS for the built-in webhook server (rustls with the ring provider, as the client uses):
//! a certificate chain and its private key, read from PEM files.

use std::path::Path;
use std::sync::Arc;

/// What terminates TLS on accepted connections.
pub(crate) type Acceptor = tokio_rustls::TlsAcceptor;

/// An acceptor serving the certificate chain in `certificate` (PEM, the server's certificate
/// first) with the private key in `key` (PEM: PKCS#8, PKCS#1 or SEC1). The error names the
/// file and says what is wrong with it.
pub(crate) fn acceptor(certificate: &Path, key: &Path) -> Result<Acceptor, String> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer};
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(certificate)
        .map_err(|e| format!("cannot read the certificate {}: {e}", certificate.display()))?
        .collect::<Result<_, _>>()
        .map_err(|e| format!("the certificate {} is not PEM: {e}", certificate.display()))?;
    if chain.is_empty() {
        return Err(format!(
            "the certificate file {} holds no certificate",
            certificate.display()
        ));
    }
    let key = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| format!("cannot read a private key from {}: {e}", key.display()))?;
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS setup: {e}"))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| {
            format!(
                "the certificate {} and its key do not make a TLS identity: {e}",
                certificate.display()
            )
        })?;
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}
