"""salesim's weekly mechanics for one strategy as a Mesa 3.3 agent-based model:
one `Rep` agent per slot, stepped week by week in slot order, the way a
researcher would write it. Same equations and defaults as the NumPy port
(benches/peers/numpy_port.py) and salesim's `status_quo` strategy.

Usage: python mesa_port.py REPLICATIONS SEED  -> one JSON line on stdout."""

import json
import math
import sys
import time

import mesa
import numpy as np

from model import *  # noqa: F401,F403
from numpy_port import summary


def lognormal1(rng, sd):
    return math.exp(sd * rng.gauss(0.0, 1.0) - 0.5 * sd * sd)


def poisson(rng, lam):
    if lam <= 0:
        return 0
    p = math.exp(-lam)
    cdf, k, u = p, 0, rng.random()
    while u > cdf and k < 1000:
        k += 1
        p *= lam / k
        cdf += p
    return k


class Rep(mesa.Agent):
    """One rep slot and the person in it."""

    def __init__(self, model, slot):
        super().__init__(model)
        self.slot, self.team = slot, slot // TEAM_SIZE
        self.filled, self.vacancy = True, 0
        self.hire(tenure=min(-INITIAL_TENURE * math.log(1.0 - model.random.random()), 1040.0))
        self.pipeline = CYCLE * DEALS * self.skill * ramp(self.tenure)

    def hire(self, tenure=0):
        r = self.model.random
        self.t_skill = lognormal1(r, SKILL_SD)
        self.t_intr = min(max(INTR_MEAN + INTR_SD * r.gauss(0, 1), 0.0), 1.0)
        self.money = lognormal1(r, MONEY_SD)
        self.tol = TOLERANCE * lognormal1(r, TOL_SD)
        self.outside = max(OUTSIDE + OUTSIDE_SD * r.gauss(0, 1), 0.05)
        self.skill, self.intrinsic, self.tenure = self.t_skill, self.t_intr, int(tenure)
        self.adapt, self.pressure, self.fatigue, self.burnt = INITIAL_ADAPT, 0.0, 0.0, False
        self.sat, self.rel, self.pipeline = 0.5, 0.7, 0.0
        self.period_sales = self.quota = self.pending = self.inflated_comm = 0.0
        self.pay_avg, self.filled, self.week_pay = WEEKLY_OTE, True, 0.0

    def start_week(self):
        m = self.model
        if not self.filled:
            if self.vacancy > 0:
                self.vacancy -= 1
                return
            self.hire()
            left = PERIOD - m.wip
            self.quota = BASE_QUOTA * mean_ramp(0, left) * left / PERIOD
        if m.wip == 0:
            self.quota = BASE_QUOTA * mean_ramp(self.tenure, PERIOD)
            self.period_sales, self.pending = -self.pending, 0.0

    def step(self):
        """Pressure, drives, effort, pipeline and deals, gaming, pay, fatigue."""
        if not self.filled:
            return
        m, r = self.model, self.model.random
        u_game, u_detect = r.random(), r.random()
        productivity = self.skill * ramp(self.tenure) * (1.0 - TRAINING_TIME)
        conv = max(1.0 - REL_WEIGHT + REL_WEIGHT * self.rel / 0.7, 0.0)
        capacity = CAPACITY * productivity * m.demand * conv
        remaining = self.quota - self.period_sales
        if remaining <= 0:
            pace = 0.0
        else:
            expected = capacity * max(m.weeks_left, 1.0)
            pace = MAX_PACE if expected <= 0 else min(remaining / expected, MAX_PACE)
        target = PRESSURE_SCALE * (0.6 + 0.4 * pace) * (0.6 + 0.6 * MONITORING)
        self.pressure = max(self.pressure + 0.5 * (target - self.pressure), 0.0)
        excess = max((self.pressure - self.tol) / self.tol, 0.0)
        grad = 0.0
        if remaining > 0 and capacity > 0:
            weeks = max(m.weeks_left, 1.0)
            sigma = capacity * CV * math.sqrt(weeks)
            z = (remaining - capacity * weeks) / sigma
            grad = math.exp(-0.5 * z * z) * 0.3989422804014327 * capacity / sigma
        money = (RATE * capacity + BONUS * grad) * DELAY * (0.7 + 0.6 * TRANSPARENCY)
        extrinsic = self.money * (money / WEEKLY_OTE) * (1.0 - ADAPT_DEPTH * self.adapt)
        x = self.pressure / self.tol
        c = x * math.exp(1.0 - x)
        challenge = c * math.sqrt(c) * min(max(1.0 - 3.5 * (pace - 2.3), 0.3), 1.0)
        drive = EFFORT_FLOOR + W_INTR * self.intrinsic + W_EXTR * extrinsic + W_PRESS * challenge
        e = max(min(drive * (0.95 + 0.1 * self.sat), MAX_EFFORT * (1.0 - self.fatigue)), 0.0)
        if self.burnt:
            e *= BURN_PROD
        hold = 0.5 * HOLDBACK if (m.share_left <= 0.25 and pace >= MAX_PACE) else 0.0
        maturing = self.pipeline / CYCLE
        lam = maturing * (1.0 - hold) * (0.6 + 0.4 * e) * conv * m.demand
        self.pipeline += DEALS * productivity * e - maturing * (1.0 - hold)
        revenue = sum(DEAL_SIZE * math.exp(DEAL_SD * r.gauss(0, 1) - 0.5 * DEAL_SD * DEAL_SD) for _ in range(poisson(r, lam)))
        gamed = inflated = 0.0
        if remaining > capacity and remaining > 0 and m.share_left <= 0.3:
            stress = self.pressure / self.tol - 1.0
            p_game = GAMING * 0.25 / (1.0 + math.exp(-(3.0 * stress - 1.0))) * (1.0 - DETECTION * min(MONITORING, 1.0))
            if u_game < p_game:
                pulled = 0.3 * self.pipeline
                self.pipeline -= pulled
                gamed = pulled * conv * DEAL_SIZE
                inflated = 0.2 * gamed
                self.rel = max(self.rel - 0.05, 0.0)
        if m.share_left <= 0.25 and 0 < pace <= 2.0:
            pulled = PULL_IN * self.pipeline
            self.pipeline -= pulled
            gamed += pulled * conv * DEAL_SIZE * 0.9
        booked = revenue + gamed + inflated
        commission = RATE * booked if booked > 0 else 0.0
        self.week_pay = BASE_PAY + commission
        if booked > 0 and inflated > 0:
            if u_detect < DETECT_P:
                self.week_pay -= commission * (gamed + inflated) / booked
                self.pressure += 0.3
            else:
                self.inflated_comm += commission * inflated / booked
            self.pending += inflated
        self.period_sales += booked
        sustainable = SUSTAINABLE * math.sqrt(self.tol / TOLERANCE)
        load = FAT_EFFORT * max(e - sustainable, 0.0) + FAT_PRESSURE * max(self.pressure - self.tol, 0.0)
        slack = max(sustainable - e, 0.0)
        self.fatigue = min(max(self.fatigue + load - RECOVERY * (1.0 + 2.0 * slack) * self.fatigue, 0.0), 1.0)
        self.burnt = self.fatigue > BURN_OUT if self.burnt else self.fatigue >= BURN_IN
        self.rel = min(max(self.rel + 0.03 * (0.7 - 0.25 * min(max(excess, 0), 1) - self.rel), 0.0), 1.0)
        self.skill = min(self.skill * (1.0 + SKILL_GAIN), self.t_skill * SKILL_CAP)
        self.tenure += 1
        # Satisfaction reads excess pressure after any detection bump, as salesim does.
        self.excess = max((self.pressure - self.tol) / self.tol, 0.0)
        m.revenue += revenue + gamed

    def end_week(self):
        """Period-end bonus and clawback, motivation, adaptation, satisfaction."""
        if not self.filled:
            return
        m = self.model
        if m.wip == PERIOD - 1:
            if self.quota > 0 and self.period_sales / self.quota >= 1.0:
                self.week_pay += BONUS
            self.week_pay -= self.inflated_comm
            self.inflated_comm = 0.0
        self.pay_avg += (self.week_pay - self.pay_avg) / 13.0
        it = min(max(self.t_intr * (1.0 - CROWD_OUT * CONTROLLING) + CROWD_IN * SUPPORTIVE_BASE * (1.0 - self.t_intr), 0.0), 1.0)
        self.intrinsic = min(max(self.intrinsic + INTR_RATE * (it - self.intrinsic), 0.0), 1.0)
        self.adapt = min(max(self.adapt + ADAPT_RATE * (1.0 - self.adapt), 0.0), 1.0)
        self.pay_ratio = self.pay_avg * 52.0 / (self.outside * OTE)
        st = (0.5 + 0.35 * math.tanh(2.0 * (self.pay_ratio - 1.0)) + 0.2 * (TRANSPARENCY - 0.5)
              + 0.2 * (self.intrinsic - 0.6) - 0.45 * self.fatigue - 0.1 * min(self.excess, 2.0)
              - 0.5 * m.peer_quits[self.team])
        self.sat = min(max(self.sat + 0.15 * (min(max(st, 0.0), 1.0) - self.sat), 0.0), 1.0)

    def drift_and_quit(self):
        if not self.filled:
            return
        m = self.model
        self.sat = min(max(self.sat + MORALE_DRIFT * (m.team_sat[self.team] - self.sat), 0.0), 1.0)
        log_mult = QUIT_DISSAT * (0.5 - self.sat) + QUIT_FATIGUE * self.fatigue + QUIT_UNDERPAY * max(1.0 - self.pay_ratio, 0.0)
        h = BASE_HAZARD * math.exp(min(log_mult, 20.0)) * (BURN_QUIT if self.burnt else 1.0)
        h *= 1.0 + CONTAGION * m.peer_quits[self.team]
        if m.random.random() < min(max(h, 0.0), 1.0):
            m.quitters.append(self)


class SalesTeam(mesa.Model):
    """A sales organisation of SLOTS reps in teams of TEAM_SIZE under one plan."""

    def __init__(self, seed):
        super().__init__(seed=seed)
        self.n_teams = SLOTS // TEAM_SIZE
        self.reps = [Rep(self, i) for i in range(SLOTS)]
        self.peer_quits = [0.0] * self.n_teams
        self.shock, self.t = 0.0, 0
        self.revenue = self.voluntary = self.headcount_weeks = 0.0

    def step(self):
        t = self.t
        self.shock = SHOCK_PERSIST * self.shock + SHOCK_SD * self.random.gauss(0, 1)
        self.demand = max(1.0 + SEASONALITY * math.sin(2 * math.pi * t / 52.0) + self.shock, 0.05)
        self.wip = t % PERIOD
        self.weeks_left = float(PERIOD - self.wip)
        self.share_left = self.weeks_left / PERIOD
        self.agents.do("start_week")
        members = [0] * self.n_teams
        for a in self.reps:
            members[a.team] += a.filled
        self.headcount_weeks += sum(members)
        self.agents.do("step")
        self.agents.do("end_week")
        sums = [0.0] * self.n_teams
        for a in self.reps:
            if a.filled:
                sums[a.team] += a.sat
        self.team_sat = [s / max(k, 1) for s, k in zip(sums, members)]
        self.quitters = []
        self.agents.do("drift_and_quit")
        self.peer_quits = [q * PEER_MEMORY for q in self.peer_quits]
        for a in self.quitters:
            self.peer_quits[a.team] += 1.0 / max(members[a.team], 1)
            a.filled, a.vacancy = False, HIRING_LAG
            self.voluntary += 1
        self.t += 1


def run(reps, seed):
    revenue, attrition = [], []
    years = WEEKS / 52.0
    for r in range(reps):
        m = SalesTeam(seed * 100_003 + r)
        for _ in range(WEEKS):
            m.step()
        revenue.append(m.revenue / (SLOTS * years))
        attrition.append(100.0 * m.voluntary / (m.headcount_weeks / WEEKS * years))
    return np.array(revenue), np.array(attrition)


if __name__ == "__main__":
    reps, seed = int(sys.argv[1]), int(sys.argv[2])
    t0 = time.perf_counter()
    rev, att = run(reps, seed)
    print(json.dumps(summary("mesa", rev, att, time.perf_counter() - t0, reps)))
