//! Calibration by the method of simulated moments: fit free scenario
//! parameters to target statistics of a sales team.
//!
//! - [`records`]: team records in the shape of a CRM export (one row per rep
//!   per period), the only input of the moments;
//! - [`crm`]: a CRM export (CSV, one row per rep per period) read into
//!   records, and records written as such an export; [`dates`] reads its dates;
//! - [`bootstrap`]: standard errors of moments of one team's records;
//! - [`observe`]: a simulation observer that writes a replication's records;
//! - [`moments`]: one definition per target statistic, computed from records;
//! - [`statistic`]: what a target measures: a moment of the records, or a
//!   check of a validation-battery experiment (an effect of a lever);
//! - [`targets`]: the target file (base scenario, targets, free parameters);
//! - [`team`]: the team figures file (figures a sales leader knows and
//!   today's plan) as a base scenario and targets;
//! - [`objective`]: simulated moments on fixed common random numbers and
//!   their precision-weighted distance to the targets;
//! - [`export`]: the fitted values as scenario tables;
//! - [`choose`]: which parameters a team's figures can identify;
//! - [`verdict`]: the fit in one plain sentence;
//! - [`fitted`]: the fitted team as a scenario file, with the fit's
//!   uncertainty as uncertain assumptions;
//! - [`fit`]: the multi-start Nelder–Mead search (argmin) and the report;
//! - [`inference`]: standard errors, the J test, identifiability;
//! - [`sandwich`]: standard errors when targets measured on one history
//!   are correlated;
//! - [`linalg`]: the symmetric eigen-decomposition they need.
//!
//! `docs/calibration.md` describes the method and the file format.

pub mod bootstrap;
pub mod choose;
pub mod crm;
pub mod dates;
pub mod export;
pub mod fit;
pub mod fitted;
pub mod inference;
pub mod linalg;
pub mod moments;
pub mod objective;
pub mod observe;
pub mod records;
pub mod sandwich;
pub mod statistic;
pub mod targets;
pub mod team;
pub mod verdict;

pub use fit::{CalibrateError, Fit, FitSettings, Progress, fit};
pub use moments::Moment;
pub use objective::{Problem, SimulatedMoments};
pub use observe::RecordsObserver;
pub use records::{Records, RepPeriod};
pub use statistic::{Effect, Statistic};
pub use targets::{Parameter, Target, TargetFile};
