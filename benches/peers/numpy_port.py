"""salesim's weekly mechanics for one strategy, vectorised with NumPy over every
rep slot of every replication at once (arrays of shape replications x slots).

Same equations and defaults as src/sim/replication.rs and src/model/*.rs for
the `status_quo` strategy (benches/peers/model.py); mechanisms that are off in
that strategy (contests, recognition, leaderboards, PIPs, forced ranking, team
pay, ratchets, spot awards, rotation) are left out. Random numbers come from
NumPy, not salesim's keyed streams, so results agree in distribution only.

Usage: python numpy_port.py REPLICATIONS SEED [WEEKLY_CSV]  -> one JSON line on
stdout; with WEEKLY_CSV, also the weekly means of salesim's weekly.csv series
(`salesim run --out DIR`), for finding where the two part (weekly_diff.py)."""

import json
import sys
import time

import numpy as np

from model import *  # noqa: F401,F403


def draw_traits(rng, shape):
    z = rng.standard_normal((6,) + shape)
    ln1 = lambda sd, z: np.exp(sd * z - 0.5 * sd * sd)  # noqa: E731
    return dict(
        skill=ln1(SKILL_SD, z[0]),
        intrinsic=np.clip(INTR_MEAN + INTR_SD * z[1], 0.0, 1.0),
        money=ln1(MONEY_SD, z[2]),
        tolerance=TOLERANCE * ln1(TOL_SD, z[4]),
        outside=np.maximum(OUTSIDE + OUTSIDE_SD * z[5], 0.05),
    )


def ramp_v(tenure):
    return np.where(tenure >= RAMP_WEEKS, 1.0, RAMP_START + (1.0 - RAMP_START) * tenure / RAMP_WEEKS)


def mean_ramp_v(tenure, weeks):
    return sum(ramp_v(tenure + w) for w in range(weeks)) / weeks


def normal_pdf(z):
    return np.exp(-0.5 * z * z) * 0.3989422804014327


def run(reps, seed, weekly=None):
    rng = np.random.default_rng(seed)
    shape = (reps, SLOTS)
    n_teams = SLOTS // TEAM_SIZE
    tr = draw_traits(rng, shape)
    tenure = np.minimum(-INITIAL_TENURE * np.log(rng.random(shape)), 1040.0).astype(np.int64)
    skill = tr["skill"].copy()
    pipeline = CYCLE * DEALS * skill * ramp_v(tenure)
    intrinsic = tr["intrinsic"].copy()
    adapt = np.full(shape, INITIAL_ADAPT)
    pressure = np.zeros(shape)
    fatigue = np.zeros(shape)
    burnt = np.zeros(shape, bool)
    sat = np.full(shape, 0.5)
    rel = np.full(shape, 0.7)
    period_sales = np.zeros(shape)
    quota = np.zeros(shape)
    pay_avg = np.full(shape, WEEKLY_OTE)
    pending = np.zeros(shape)
    inflated_comm = np.zeros(shape)
    filled = np.ones(shape, bool)
    vacancy = np.zeros(shape, np.int64)
    peer_quits = np.zeros((reps, n_teams))
    shock = np.zeros(reps)
    revenue_tot = np.zeros(reps)
    voluntary = np.zeros(reps)
    headcount_weeks = np.zeros(reps)

    for t in range(WEEKS):
        shock = SHOCK_PERSIST * shock + SHOCK_SD * rng.standard_normal(reps)
        demand = np.maximum(1.0 + SEASONALITY * np.sin(2 * np.pi * t / 52.0) + shock, 0.05)[:, None]
        wip = t % PERIOD
        weeks_left = float(PERIOD - wip)
        share_left = weeks_left / PERIOD

        # Vacancies and hiring.
        waiting = ~filled & (vacancy > 0)
        vacancy[waiting] -= 1
        hire = ~filled & ~waiting
        if hire.any():
            new = draw_traits(rng, (int(hire.sum()),))
            for k, v in new.items():
                tr[k][hire] = v
            skill[hire] = new["skill"]
            intrinsic[hire] = new["intrinsic"]
            tenure[hire] = 0
            adapt[hire] = INITIAL_ADAPT
            pressure[hire] = fatigue[hire] = 0.0
            burnt[hire] = False
            sat[hire] = 0.5
            rel[hire] = 0.7
            pipeline[hire] = 0.0
            period_sales[hire] = pending[hire] = inflated_comm[hire] = 0.0
            pay_avg[hire] = WEEKLY_OTE
            left = PERIOD - wip
            quota[hire] = BASE_QUOTA * mean_ramp(0, left) * left / PERIOD
            filled |= hire
        # A new quota period (no ratchet: base quota times the mean ramp).
        if wip == 0:
            quota = np.where(filled, BASE_QUOTA * mean_ramp_v(tenure, PERIOD), quota)
            period_sales = np.where(filled, -pending, period_sales)
            pending = np.where(filled, 0.0, pending)
        members = filled.reshape(reps, n_teams, TEAM_SIZE).sum(2)
        headcount_weeks += members.sum(1)

        u_game, u_detect, u_quit = rng.random((3,) + shape)
        productivity = skill * ramp_v(tenure) * (1.0 - TRAINING_TIME)
        conv = np.maximum(1.0 - REL_WEIGHT + REL_WEIGHT * rel / 0.7, 0.0)
        capacity = CAPACITY * productivity * demand * conv
        remaining = quota - period_sales
        attainment = np.where(quota > 0, period_sales / np.where(quota > 0, quota, 1.0), 0.0)
        # Pressure: required pace, goal commitment.
        expected = capacity * max(weeks_left, 1.0)
        pace = np.where(remaining <= 0, 0.0,
                        np.where(expected <= 0, MAX_PACE, np.minimum(remaining / np.where(expected > 0, expected, 1.0), MAX_PACE)))
        target = PRESSURE_SCALE * (0.6 + 0.4 * pace) * (0.6 + 0.6 * MONITORING) * 1.0
        pressure = np.maximum(pressure + 0.5 * (target - pressure), 0.0)
        tol = tr["tolerance"]
        excess = np.maximum((pressure - tol) / tol, 0.0)
        # Extrinsic drive: commission at the margin plus the bonus threshold gradient.
        weeks = max(weeks_left, 1.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            sigma = capacity * CV * np.sqrt(weeks)
            z = (remaining - capacity * weeks) / sigma
            grad = np.where((remaining > 0) & (capacity > 0), normal_pdf(z) * capacity / sigma, 0.0)
        own = RATE * capacity + BONUS * grad
        money = own * 1.0 * DELAY * (0.7 + 0.6 * TRANSPARENCY)
        extrinsic = tr["money"] * (money / WEEKLY_OTE) * (1.0 - ADAPT_DEPTH * adapt)
        # Effort: inverted-U challenge times commitment, engagement, fatigue cap, burnout.
        x = pressure / tol
        c = x * np.exp(1.0 - x)
        challenge = c * np.sqrt(c) * np.clip(1.0 - 3.5 * (pace - 2.3), 0.3, 1.0)
        drive = EFFORT_FLOOR + W_INTR * intrinsic + W_EXTR * extrinsic + W_PRESS * challenge
        desired = drive * (0.95 + 0.1 * sat)
        e = np.maximum(np.minimum(desired, MAX_EFFORT * (1.0 - fatigue)), 0.0)
        e = np.where(burnt, e * BURN_PROD, e)
        # Pipeline, Poisson deals, log-normal sizes (deferral when the bonus is out of reach).
        hold = np.where((share_left <= 0.25) & (pace >= MAX_PACE), 0.5 * HOLDBACK, 0.0)
        maturing = pipeline / CYCLE
        lam = maturing * (1.0 - hold) * (0.6 + 0.4 * e) * conv * demand
        pipeline = pipeline + DEALS * productivity * e - maturing * (1.0 - hold)
        deals = rng.poisson(np.where(filled, np.maximum(lam, 0.0), 0.0))
        flat = deals.ravel()
        sizes = DEAL_SIZE * np.exp(DEAL_SD * rng.standard_normal(int(flat.sum())) - 0.5 * DEAL_SD * DEAL_SD)
        revenue = np.bincount(np.repeat(np.arange(flat.size), flat), weights=sizes, minlength=flat.size).reshape(shape)
        # Gaming late in the period, pulling in deals for the bonus.
        behind = (remaining > capacity) & (remaining > 0)
        if share_left <= 0.3:
            stress = pressure / tol - 1.0
            p_game = np.clip(GAMING * 0.25 / (1.0 + np.exp(-(3.0 * stress - 1.0))) * (1.0 - DETECTION * min(MONITORING, 1.0)), 0, 1)
            games = behind & (u_game < p_game) & filled
        else:
            games = np.zeros(shape, bool)
        pulled = np.where(games, 0.3 * pipeline, 0.0)
        pipeline = pipeline - pulled
        gamed = pulled * conv * DEAL_SIZE
        inflated = 0.2 * gamed
        rel = np.where(games, np.maximum(rel - 0.05, 0.0), rel)
        if share_left <= 0.25:
            pull_in = np.where((pace > 0) & (pace <= 2.0), PULL_IN, 0.0)
            pulled = pull_in * pipeline
            pipeline = pipeline - pulled
            gamed = gamed + pulled * conv * DEAL_SIZE * 0.9
        booked = revenue + gamed + inflated
        commission = np.where(booked > 0, RATE * booked, 0.0)
        week_pay = BASE_PAY + commission
        with np.errstate(divide="ignore", invalid="ignore"):
            has_inflated = (booked > 0) & (inflated > 0)
            detected = has_inflated & (u_detect < DETECT_P)
            week_pay = week_pay - np.where(detected, commission * (gamed + inflated) / booked, 0.0)
            inflated_comm = inflated_comm + np.where(has_inflated & ~detected, commission * inflated / booked, 0.0)
        pressure = np.where(detected, pressure + 0.3, pressure)
        # Satisfaction reads excess pressure after a detection bump (salesim
        # recomputes it from the rep's pressure at that point).
        excess_now = np.where(detected, np.maximum((pressure - tol) / tol, 0.0), excess)
        pending = pending + np.where(has_inflated, inflated, 0.0)
        period_sales = period_sales + booked
        # Fatigue, burnout, relationships, skill, tenure.
        sustainable = SUSTAINABLE * np.sqrt(tol / TOLERANCE)
        load = FAT_EFFORT * np.maximum(e - sustainable, 0.0) + FAT_PRESSURE * np.maximum(pressure - tol, 0.0)
        slack = np.maximum(sustainable - e, 0.0)
        fatigue_new = np.clip(fatigue + load - RECOVERY * (1.0 + 2.0 * slack) * fatigue, 0.0, 1.0)
        fatigue = np.where(filled, fatigue_new, fatigue)
        burnt = np.where(burnt, fatigue > BURN_OUT, fatigue >= BURN_IN) & filled
        rel = np.where(filled, np.clip(rel + 0.03 * (0.7 - 0.25 * np.clip(excess, 0, 1) - rel), 0, 1), rel)
        skill = np.where(filled, np.minimum(skill * (1.0 + SKILL_GAIN), tr["skill"] * SKILL_CAP), skill)
        tenure = tenure + filled
        revenue_tot += np.where(filled, revenue + gamed, 0.0).sum(1)
        # Period end: quota bonus, clawback of commission on inflated bookings.
        if wip == PERIOD - 1:
            week_pay = week_pay + np.where(attainment_end(period_sales, quota) >= 1.0, BONUS, 0.0)
            week_pay = week_pay - inflated_comm
            inflated_comm = np.zeros(shape)
        # Motivation (crowding out/in), adaptation, pay memory, satisfaction.
        pay_avg = np.where(filled, pay_avg + (week_pay - pay_avg) / 13.0, pay_avg)
        it = np.clip(tr["intrinsic"] * (1.0 - CROWD_OUT * CONTROLLING) + CROWD_IN * SUPPORTIVE_BASE * (1.0 - tr["intrinsic"]), 0, 1)
        intrinsic = np.where(filled, np.clip(intrinsic + INTR_RATE * (it - intrinsic), 0, 1), intrinsic)
        adapt = np.where(filled, np.clip(adapt + ADAPT_RATE * (1.0 - adapt), 0, 1), adapt)
        pay_ratio = pay_avg * 52.0 / (tr["outside"] * OTE)
        pq = np.repeat(peer_quits, TEAM_SIZE, axis=1)
        st = np.clip(0.5 + 0.35 * np.tanh(2.0 * (pay_ratio - 1.0)) + 0.2 * (TRANSPARENCY - 0.5)
                     + 0.2 * (intrinsic - 0.6) - 0.45 * fatigue - 0.1 * np.minimum(excess_now, 2.0) - 0.5 * pq, 0, 1)
        sat = np.where(filled, np.clip(sat + 0.15 * (st - sat), 0, 1), sat)
        team_sat = np.where(filled, sat, 0.0).reshape(reps, n_teams, TEAM_SIZE).sum(2) / np.maximum(members, 1)
        sat = np.where(filled, np.clip(sat + MORALE_DRIFT * (np.repeat(team_sat, TEAM_SIZE, axis=1) - sat), 0, 1), sat)
        # Quits: proportional hazard, burnout, contagion; vacancies.
        log_mult = QUIT_DISSAT * (0.5 - sat) + QUIT_FATIGUE * fatigue + QUIT_UNDERPAY * np.maximum(1.0 - pay_ratio, 0.0)
        h = BASE_HAZARD * np.exp(np.minimum(log_mult, 20.0)) * np.where(burnt, BURN_QUIT, 1.0) * (1.0 + CONTAGION * pq)
        quits = filled & (u_quit < np.clip(h, 0, 1))
        peer_quits *= PEER_MEMORY
        q_team = quits.reshape(reps, n_teams, TEAM_SIZE).sum(2)
        peer_quits += q_team / np.maximum(members, 1)
        voluntary += q_team.sum(1)
        vacancy = np.where(quits, HIRING_LAG, vacancy)
        if weekly is not None:
            # The same weekly series as salesim's weekly.csv (means over the reps in
            # post before this week's exits, then over replications).
            cnt = np.maximum(filled.sum(1), 1)
            mean = lambda a: (np.where(filled, a, 0.0).sum(1) / cnt).mean()  # noqa: E731
            bk = np.where(filled, booked, 0.0).sum(1)
            gm = np.where(filled, gamed + inflated, 0.0).sum(1)
            weekly.append([np.where(filled, revenue + gamed, 0.0).sum(1).mean() / SLOTS, mean(e), mean(intrinsic),
                           mean(extrinsic), mean(pressure), mean(fatigue), mean(sat), filled.mean(),
                           mean(burnt), np.where(bk > 0, gm / np.where(bk > 0, bk, 1.0), 0.0).mean()])
        filled &= ~quits
        burnt &= filled

    years = WEEKS / 52.0
    revenue = revenue_tot / (SLOTS * years)
    attrition = 100.0 * voluntary / (headcount_weeks / WEEKS * years)
    return revenue, attrition


def attainment_end(period_sales, quota):
    return np.where(quota > 0, period_sales / np.where(quota > 0, quota, 1.0), 0.0)


def summary(name, revenue, attrition, seconds, reps):
    rw = reps * WEEKS * SLOTS
    n = len(revenue)
    return dict(
        port=name, replications=reps, rep_weeks=rw, seconds=seconds, rep_weeks_per_s=rw / seconds,
        revenue=[float(revenue.mean()), float(revenue.std(ddof=1) / np.sqrt(n))],
        attrition_pct=[float(attrition.mean()), float(attrition.std(ddof=1) / np.sqrt(n))],
    )


if __name__ == "__main__":
    reps, seed = int(sys.argv[1]), int(sys.argv[2])
    weekly = [] if len(sys.argv) > 3 else None
    t0 = time.perf_counter()
    rev, att = run(reps, seed, weekly)
    if weekly is not None:  # optional third argument: write weekly means as CSV
        with open(sys.argv[3], "w") as f:
            f.write("week,revenue_per_slot_usd_per_week,effort,intrinsic_motivation,extrinsic_drive,pressure,"
                    "fatigue,satisfaction,headcount_share,burnout_share,gaming_share\n")
            for t, row in enumerate(weekly):
                f.write(f"{t + 1}," + ",".join(f"{x:.6f}" for x in row) + "\n")
    print(json.dumps(summary("numpy", rev, att, time.perf_counter() - t0, reps)))
