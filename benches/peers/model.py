"""Parameters of the peer workload: salesim's documented defaults for one
strategy (`status_quo`: quarterly quota, 60/40 pay mix with commission and a
quota bonus, moderate monitoring, 2 training hours a month), as compiled by
src/model/policy.rs. Shared by the NumPy and Mesa ports."""

import math

WEEKS = 156
SLOTS = 100
TEAM_SIZE = 10

# Team
RAMP_WEEKS, RAMP_START, HIRING_LAG = 20, 0.2, 8
OTE, SKILL_SD, INITIAL_TENURE = 100_000.0, 0.3, 120.0
OUTSIDE, OUTSIDE_SD = 0.95, 0.12
# Market
DEALS, DEAL_SIZE, DEAL_SD, CYCLE = 0.5, 20_000.0, 0.6, 4.0
REL_WEIGHT, SEASONALITY, SHOCK_SD, SHOCK_PERSIST = 0.3, 0.1, 0.03, 0.9
# Behaviour
INTR_MEAN, INTR_SD, EFFORT_FLOOR = 0.6, 0.15, 0.1
W_INTR, W_EXTR, W_PRESS, MAX_EFFORT = 0.5, 0.5, 0.8, 1.8
PRESSURE_SCALE, TOLERANCE, TOL_SD, MONEY_SD = 1.0, 1.3, 0.25, 0.3
ADAPT_RATE, ADAPT_DEPTH, INITIAL_ADAPT = 0.04, 0.6, 0.5
CROWD_OUT, CROWD_IN, INTR_RATE = 0.2, 0.15, 0.03
FAT_EFFORT, FAT_PRESSURE, SUSTAINABLE, RECOVERY = 0.15, 0.08, 1.05, 0.15
BURN_IN, BURN_OUT, BURN_PROD, BURN_QUIT = 0.45, 0.25, 0.6, 3.0
QUIT_RATE, QUIT_DISSAT, QUIT_FATIGUE, QUIT_UNDERPAY = 0.16, 2.0, 1.0, 2.0
CONTAGION, MORALE_DRIFT, DELAY_DISCOUNT = 1.0, 0.1, 0.01
GAMING, DETECTION, HOLDBACK, PULL_FORWARD = 1.0, 0.6, 0.5, 0.25
SKILL_GAIN_PER_40H, SKILL_CAP = 0.02, 1.4
PEER_MEMORY = 0.85
# Strategy (status_quo) compiled as in Policy::new
PERIOD = 13
CAPACITY = DEALS * DEAL_SIZE
BASE_QUOTA = 1.0 * CAPACITY * PERIOD
MONITORING = 0.4 * (0.75 + 0.25 * math.sqrt(4.0 / 4))
WEEKLY_OTE = OTE / 52.0
BASE_PAY = 0.6 * WEEKLY_OTE
BONUS = 0.1 * OTE * PERIOD / 52.0
RATE = 0.065
DELAY = (1.0 - DELAY_DISCOUNT) ** 4
TRANSPARENCY = 0.5
TRAINING_HOURS = 2.0
TRAINING_TIME = TRAINING_HOURS / 173.0
SKILL_GAIN = SKILL_GAIN_PER_40H * TRAINING_HOURS / 40.0 / (52.0 / 12.0) + 0.002 * 0.4
CONTINGENT = 0.4
CONTROLLING = CONTINGENT * (0.3 + MONITORING)
SUPPORTIVE_BASE = min(TRAINING_HOURS / 16.0, 1.0) + 0.3 * TRANSPARENCY  # + recognition glow (0)
CV = min(math.sqrt(math.exp(DEAL_SD**2) / DEALS), 10.0)
BASE_HAZARD = 1.0 - (1.0 - QUIT_RATE) ** (1.0 / 52.0)
STAKE = BONUS / WEEKLY_OTE
# Pull-in share (gaming::pull_in_share): monitoring that would catch the
# discounts deters it as it deters other gaming.
PULL_IN = PULL_FORWARD * min(STAKE / 4.0, 1.0) * (1.0 - DETECTION * min(MONITORING, 1.0))
DETECT_P = min(max(MONITORING * DETECTION, 0.0), 1.0)
MAX_PACE = 2.5


def mean_ramp(tenure, weeks):
    return sum(ramp(tenure + w) for w in range(weeks)) / weeks


def ramp(tenure):
    return 1.0 if tenure >= RAMP_WEEKS else RAMP_START + (1.0 - RAMP_START) * tenure / RAMP_WEEKS
