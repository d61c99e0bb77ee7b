//! Where the workstation keeps its device secret: the operating system's credential store
//! (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows) through the
//! `keyring` crate, never the working copy. Tests and throwaway browser-mode runs use
//! [`MemoryCredentials`], and so does a workstation whose computer has no usable keyring
//! (`Workstation::use_os_keyring_or_memory`): the secret then lives as long as the process, and
//! after a restart the workstation works on offline until it is re-joined.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use crate::error::{CoreError, Result};

/// A small secret store, keyed by name. Implementations may block (keyring calls go to D-Bus):
/// the sync client calls them from `spawn_blocking`.
pub trait CredentialStore: Send + Sync + 'static {
    fn get(&self, key: &str) -> Result<Option<String>>;
    fn set(&self, key: &str, secret: &str) -> Result<()>;
    fn delete(&self, key: &str) -> Result<()>;
}

/// The OS keyring, under the service name `okno`.
pub struct KeyringCredentials {
    service: String,
}

impl KeyringCredentials {
    pub fn new() -> KeyringCredentials {
        KeyringCredentials {
            service: "okno".to_string(),
        }
    }
}

impl KeyringCredentials {
    /// Whether the keyring answers at all: a read of an entry that need not exist succeeds
    /// (found or not) on a working keyring and fails without one (no Secret Service on the
    /// session bus, a headless machine).
    pub fn probe(&self) -> Result<()> {
        self.get("probe").map(|_| ())
    }
}

impl Default for KeyringCredentials {
    fn default() -> Self {
        KeyringCredentials::new()
    }
}

fn keyring_error(e: keyring::Error) -> CoreError {
    CoreError::CredentialStore(e.to_string())
}

impl CredentialStore for KeyringCredentials {
    fn get(&self, key: &str) -> Result<Option<String>> {
        let entry = keyring::Entry::new(&self.service, key).map_err(keyring_error)?;
        match entry.get_password() {
            Ok(s) => Ok(Some(s)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keyring_error(e)),
        }
    }

    fn set(&self, key: &str, secret: &str) -> Result<()> {
        keyring::Entry::new(&self.service, key)
            .and_then(|e| e.set_password(secret))
            .map_err(keyring_error)
    }

    fn delete(&self, key: &str) -> Result<()> {
        let entry = keyring::Entry::new(&self.service, key).map_err(keyring_error)?;
        match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(e)),
        }
    }
}

/// Secrets in memory, for tests (and browser-mode runs that must not touch the OS keyring).
#[derive(Default)]
pub struct MemoryCredentials {
    secrets: Mutex<HashMap<String, String>>,
}

impl CredentialStore for MemoryCredentials {
    fn get(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .secrets
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
            .cloned())
    }

    fn set(&self, key: &str, secret: &str) -> Result<()> {
        self.secrets
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key.to_string(), secret.to_string());
        Ok(())
    }

    fn delete(&self, key: &str) -> Result<()> {
        self.secrets
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(key);
        Ok(())
    }
}
