//! Sampled worlds: a scenario's uncertain assumptions (`config::uncertain`:
//! `[behavior]`, `[market]` and continuous `[team]` keys)
//! drawn for one replication from its `World` stream. The experiment executor
//! draws one world per replication and runs every arm of the replication in it.

use crate::config::Scenario;
use crate::config::schema::{Section, spec};
use crate::sim::streams::{Purpose, StreamKey, uniform};

/// The world of one replication: a copy of `scenario` with every uncertain
/// parameter drawn from its distribution (normal draws are clipped to the key's
/// allowed range). The draws come from the replication's `World` stream, so
/// every strategy of a replication lives in the same world. A drawn
/// `burnout_exit` is kept below the drawn `burnout_threshold`.
pub fn draw_world(scenario: &Scenario, key: &StreamKey) -> Scenario {
    draw_world_values(scenario, key).0
}

/// [`draw_world`], with the values drawn for the uncertain parameters, in
/// the order of `scenario.uncertain` (after clipping to each key's range).
pub fn draw_world_values(scenario: &Scenario, key: &StreamKey) -> (Scenario, Vec<f64>) {
    let mut world = scenario.clone();
    let mut drawn = Vec::with_capacity(scenario.uncertain.len());
    let mut rng = key.rng(Purpose::World, 0, 0, 0);
    let mut behavior = toml::Value::try_from(&world.behavior).ok();
    let mut market = toml::Value::try_from(&world.market).ok();
    // `[team]` goes through TOML only when one of its keys is uncertain.
    let mut team = scenario
        .uncertain
        .iter()
        .any(|u| u.section == Section::Team)
        .then(|| toml::Value::try_from(&world.team).ok())
        .flatten();
    for u in &scenario.uncertain {
        let x = u.distribution.quantile(uniform(&mut rng));
        let x = match spec(u.section, &u.key) {
            Some(spec) => x.clamp(spec.min, spec.max),
            None => x,
        };
        drawn.push(x);
        let table = match u.section {
            Section::Market => market.as_mut(),
            Section::Team => team.as_mut(),
            _ => behavior.as_mut(),
        };
        if let Some(toml::Value::Table(t)) = table {
            t.insert(u.key.clone(), toml::Value::Float(x));
        }
    }
    if let Some(b) = behavior.and_then(|v| v.try_into().ok()) {
        world.behavior = b;
    }
    if let Some(m) = market.and_then(|v| v.try_into().ok()) {
        world.market = m;
    }
    if let Some(t) = team.and_then(|v| v.try_into().ok()) {
        world.team = t;
    }
    if world.behavior.burnout_exit >= world.behavior.burnout_threshold {
        world.behavior.burnout_exit = 0.9 * world.behavior.burnout_threshold;
    }
    (world, drawn)
}
