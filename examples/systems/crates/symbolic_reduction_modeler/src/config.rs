//! Configuration of the engine: defaults that suit most uses, and a check of any settings.

use crate::api::{Error, Result};

/// Settings of an [`Engine`](crate::Engine). [`Config::validate`] tells whether they can be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Largest number of items one batch may hold.
    pub max_batch_size: usize,
    /// Outputs are cut to at most this many characters.
    pub max_output_len: usize,
    /// Whether items with a blank payload are skipped (`true`) or refused (`false`).
    pub skip_empty: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            max_batch_size: 1024,
            max_output_len: 256,
            skip_empty: true,
        }
    }
}

impl Config {
    /// Sets [`Config::max_batch_size`].
    #[must_use]
    pub fn with_max_batch_size(mut self, max_batch_size: usize) -> Self {
        self.max_batch_size = max_batch_size;
        self
    }

    /// Sets [`Config::max_output_len`].
    #[must_use]
    pub fn with_max_output_len(mut self, max_output_len: usize) -> Self {
        self.max_output_len = max_output_len;
        self
    }

    /// Sets [`Config::skip_empty`].
    #[must_use]
    pub fn with_skip_empty(mut self, skip_empty: bool) -> Self {
        self.skip_empty = skip_empty;
        self
    }

    /// Checks that the settings can be used.
    ///
    /// # Errors
    ///
    /// Returns [`Error::InvalidConfig`] when a limit is zero.
    ///
    /// ```
    /// use symbolic_reduction_modeler::Config;
    ///
    /// assert!(Config::default().validate().is_ok());
    /// assert!(Config::default().with_max_batch_size(0).validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<()> {
        if self.max_batch_size == 0 {
            return Err(Error::InvalidConfig(
                "max_batch_size must be at least 1".to_string(),
            ));
        }
        if self.max_output_len == 0 {
            return Err(Error::InvalidConfig(
                "max_output_len must be at least 1".to_string(),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_config_is_valid() {
        assert_eq!(Config::default().validate(), Ok(()));
    }

    #[test]
    fn a_zero_batch_size_is_refused() {
        let err = Config::default()
            .with_max_batch_size(0)
            .validate()
            .unwrap_err();
        assert_eq!(
            err,
            Error::InvalidConfig("max_batch_size must be at least 1".to_string())
        );
    }

    #[test]
    fn a_zero_output_length_is_refused() {
        let config = Config::default().with_max_output_len(0);
        assert!(matches!(config.validate(), Err(Error::InvalidConfig(_))));
    }

    #[test]
    fn setters_change_one_setting_each() {
        let config = Config::default()
            .with_max_batch_size(8)
            .with_max_output_len(16)
            .with_skip_empty(false);
        assert_eq!(
            config,
            Config {
                max_batch_size: 8,
                max_output_len: 16,
                skip_empty: false,
            }
        );
    }
}
