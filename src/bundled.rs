//! Scenarios shipped inside the binary, so that `salesim list` and
//! `salesim run NAME` work from any directory.

/// A bundled scenario: file stem and TOML text.
pub struct Bundled {
    /// File stem, also accepted by `run` and `check` in place of a path.
    pub name: &'static str,
    /// The file's text.
    pub text: &'static str,
}

macro_rules! bundled {
    ($($name:literal),* $(,)?) => {
        /// Every scenario in `scenarios/`.
        pub const BUNDLED: &[Bundled] = &[
            $(Bundled { name: $name, text: include_str!(concat!("../scenarios/", $name, ".toml")) }),*
        ];
    };
}

bundled!(
    "mature_scaled_team",
    "startup_innovation",
    "high_pressure_transactional",
    "relationship_b2b",
    "classroom_incentive_fatigue",
    "wolf_pack_contests",
    "bench",
);

/// Looks up a bundled scenario by name (with or without `.toml`).
pub fn find(name: &str) -> Option<&'static Bundled> {
    let stem = name.strip_suffix(".toml").unwrap_or(name);
    BUNDLED.iter().find(|b| b.name == stem)
}

/// The `description` of a bundled scenario, read from its text.
pub fn description(b: &Bundled) -> String {
    toml::from_str::<toml::Table>(b.text)
        .ok()
        .and_then(|t| t.get("scenario")?.get("description")?.as_str().map(str::to_string))
        .unwrap_or_default()
}
