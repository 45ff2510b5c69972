"""One scheme's simulation: users, cell, backhaul and nodes on a SimPy clock, every payload real."""
from __future__ import annotations

import math
import time
from typing import Callable

import simpy

from channels import Numerology, data_res_per_prb
from .backhaul import Backhaul
from .energy_meter import NvmlEnergyMeter
from .cell import Cell, Transmission
from .images import ImageLibrary
from .node import ComputeNode
from .random_streams import RandomStreams
from .recorder import Recorder
from .request import Payload, Request
from .request_rows import request_row, stage_row
from .scenario import Scenario
from .scenario.scheme_params import SchemeParams
from .scheduling import SCHEDULERS, Grant, ProportionalFair
from .edit_metrics import EDIT_COLUMNS, EditJudge, ideal_edit
from .abstraction import instruction_columns
from .schemes import SCHEMES, build_scheme
from .stages import ComputeStage, RadioStage, WiredStage
from models.instructions import make_instruction
from .batch_call import call_with_fallback
from .offline_pass import offline_requests, run_offline
from .abstraction import abstract_stages, load_abstraction
from .scenario import ScenarioError
from .timing import StageTimer
from .users import User, make_user


def _field(scenario: Scenario, scheme: SchemeParams) -> str:
    return f"schemes.{list(scenario.schemes).index(scheme)}.abstraction_table"


class Simulation:
    """Simulates ``scenario`` for one scheme; identical seeds give every scheme the same users,
    arrivals and images (common random numbers), so schemes differ only by what they do."""

    def __init__(self, scenario: Scenario, scheme: SchemeParams, run_id: str, recorder: Recorder,
                 libraries: dict[str, ImageLibrary], timer: StageTimer | None = None,
                 judge: EditJudge | None = None) -> None:
        self.scenario, self.scheme, self.run_id, self.recorder = scenario, scheme, run_id, recorder
        self.label = scheme.display_name
        self.env = simpy.Environment()
        self.abstraction = (load_abstraction(scheme.abstraction_table, self.label, scheme.scheme, _field(scenario, scheme))
                            if scheme.fidelity == "abstract" else None)
        if self.abstraction and scenario.timing.mode != "profile":
            raise ScenarioError("timing.mode", [f"{_field(scenario, scheme)}: fidelity 'abstract' needs timing mode "
                                                f"'profile' (got {scenario.timing.mode!r})"])
        self.stages = abstract_stages(self.abstraction) if self.abstraction else build_scheme(scheme, scenario)
        self._unscored = scheme.model_copy(update={"failure_policy": "nan"})
        self.edits = SCHEMES.get(scheme.scheme).edits
        self.judge = judge or EditJudge()
        self.timer = timer or StageTimer(scenario.timing, self.label)
        streams = RandomStreams(scenario.seed)
        self._outcomes = streams.numpy(f"abstraction/{self.label}")
        self.numerology = Numerology(scenario.cell.numerology)
        self.res_per_prb = data_res_per_prb(len(scenario.channel.dmrs_symbols))
        n_prb = scenario.cell.prbs
        self.full_band_hz = n_prb * 12 * self.numerology.subcarrier_spacing_hz
        scheduler_class = SCHEDULERS.get(scenario.cell.scheduler)
        self.cells = [Cell(self.env, n_prb, self.numerology.slot_s, self.res_per_prb,
                           ProportionalFair(scenario.cell.pf_window_slots, self.res_per_prb)
                           if scheduler_class is ProportionalFair else scheduler_class(), self._on_grant,
                           scenario.cell.background_users, scenario.cell.background_rate_bits_per_re)
                      for _ in range(scenario.cell.count)]
        self.cell_of: list[int] = []
        self.backhaul = Backhaul(self.env, scenario.backhaul.bandwidth_bps, scenario.backhaul.delay_s)
        self.gnb = ComputeNode(self.env, "gnb", "gnb", scenario.nodes.gnb)
        self.edge = ComputeNode(self.env, "edge", "edge", scenario.nodes.edge)
        self.users: list[User] = []
        for group in scenario.users:
            for _ in range(group.count):
                uid = len(self.users)
                self.cell_of.append(group.cell if group.cell is not None else uid % scenario.cell.count)
                node = ComputeNode(self.env, f"ue{uid}", "ue", scenario.nodes.ue)
                self.users.append(make_user(uid, group, scenario, self.numerology, node,
                                            libraries[group.group], streams))
        self.open: dict[int, Request] = {}
        self.created = 0
        self.samples_left = scenario.samples_per_scheme

    # -- traffic ---------------------------------------------------------------------------
    def _traffic(self, user: User):
        traffic = user.group.traffic
        if traffic.period_s is not None:
            yield self.env.timeout(float(user.arrivals.uniform(0, traffic.period_s)))
        while True:
            if traffic.poisson_rate_hz is not None:
                yield self.env.timeout(float(user.arrivals.exponential(1 / traffic.poisson_rate_hz)))
            if self.env.now >= self.scenario.duration_s:
                return
            index = user.library.pick(user.picks)
            request = Request(self.created, user.user_id, user.group.group, user.library.ids[index],
                              user.library.images[index], self.env.now)
            if user.library.faces is not None:
                request.face = user.library.faces[index]
                request.instruction = make_instruction(request.face.degrees, user.instructions, split="test")
            self.created += 1
            self.open[request.request_id] = request
            self.env.process(self._serve(request))
            if traffic.period_s is not None:
                yield self.env.timeout(traffic.period_s)

    # -- stages ----------------------------------------------------------------------------
    def _serve(self, request: Request):
        for stage in self.stages:
            if request.failure:
                break
            if isinstance(stage, ComputeStage):
                yield from self._compute(stage, request)
            elif isinstance(stage, RadioStage):
                yield from self._uplink(stage, request)
            elif isinstance(stage, WiredStage):
                yield from self._wired(stage, request)
        request.completed_s = self.env.now
        self._finish(request)

    def _node(self, placement: str, user_id: int) -> ComputeNode:
        return {"gnb": self.gnb, "edge": self.edge}.get(placement) or self.users[user_id].node

    def _cell_name(self, user_id: int) -> str:
        return "cell" if len(self.cells) == 1 else f"cell{self.cell_of[user_id]}"

    def _compute(self, stage: ComputeStage, request: Request):
        node = self._node(stage.placement, request.user_id)

        def call(batch: list[Request]) -> tuple[float, float]:
            started = time.perf_counter()
            call_with_fallback(stage, batch)
            NvmlEnergyMeter.synchronize(node.profile.device)
            wall = time.perf_counter() - started
            return self.timer.service_s(stage.name, node.profile, len(batch), wall), wall

        done = node.submit(stage.name, request, call)
        if done is None:
            request.failure = f"dropped at {node.name}: {node.profile.max_queue} requests already waiting"
            request.status = "dropped"
            return
        execution = yield done
        self._stage(request, stage, node.name, execution.worker, execution.arrive_s, execution.start_s,
                    execution.end_s, energy_j=execution.energy_j, energy_source=execution.energy_source,
                    wall_s=execution.wall_s, batch_size=execution.batch_size,
                    bits=request.payload.bits if request.payload else 0)

    def _uplink(self, stage: RadioStage, request: Request):
        user = self.users[request.user_id]
        payload = request.payload
        n_symbols = payload.channel_uses if payload.data is None else int(payload.data.numel())
        rate = math.log2(1 + 10 ** (user.snr_db(self.scenario, self.full_band_hz) / 10))
        tx: Transmission = yield self.env.process(
            self.cells[self.cell_of[user.user_id]].transmit(user.user_id, n_symbols, rate, request.request_id))
        n_prb = math.ceil(tx.prb_slots / tx.slots)
        snr = user.snr_db(self.scenario, n_prb * 12 * self.numerology.subcarrier_spacing_hz)
        realisation = user.phy.generate(n_prb, tx.slots, snr)
        yield self.env.timeout(user.propagation_s)
        airtime = tx.slots * self.numerology.slot_s
        tx_power_w = 10 ** ((self.scenario.cell.ue_tx_power_dbm - 30) / 10)
        energy = (tx_power_w + self.scenario.cell.ue_circuit_power_w) * airtime
        user.node.add_radio_energy(energy)
        request.radio.update(realisation.summary())
        request.radio["snr_db"] = snr
        request.air_bits, request.channel_uses = payload.bits, n_symbols
        self._stage(request, stage, self._cell_name(user.user_id), -1, tx.arrive_s, tx.first_slot * self.numerology.slot_s,
                    self.env.now, airtime_s=airtime, propagation_s=user.propagation_s, energy_j=energy,
                    bits=payload.bits, channel_uses=n_symbols, prb_slots=tx.prb_slots, slots=tx.slots)
        if payload.data is not None:
            # The channel's SNR holds for unit-power symbols; an analog payload sent hotter or
            # colder is received that much above or below it, so the run records what was sent.
            request.radio["tx_symbol_power"] = float(payload.data.abs().square().mean())
            request.payload = Payload(user.phy.apply(payload.data, realisation), payload.bits, n_symbols, payload.meta)

    def _wired(self, stage: WiredStage, request: Request):
        hop = yield self.env.process(self.backhaul.send(request.payload.bits))
        self._stage(request, stage, "backhaul", -1, hop.arrive_s, hop.start_s, hop.end_s,
                    propagation_s=hop.propagation_s, bits=request.payload.bits)

    # -- recording -------------------------------------------------------------------------
    def _stage(self, request: Request, stage, node: str, worker: int, arrive: float, start: float,
               end: float, **values) -> None:
        row = stage_row(self.run_id, self.scenario.seed, self.label, request, stage.name, stage.kind, node,
                        worker, arrive, start, end, **values)
        self.recorder.stages.append(row)
        request.stage_rows.append(row)

    def _on_grant(self, slot: int, time_s: float, tx: Transmission, grant: Grant) -> None:
        self.recorder.allocations.append((self.run_id, self.scenario.seed, self.label, slot, time_s,
                                          grant.user_id, tx.request_id, grant.prb_start, grant.prb_count))

    def _finish(self, request: Request) -> None:
        del self.open[request.request_id]
        user = self.users[request.user_id]
        if self.abstraction:
            self._finish_abstract(request, user)
            return
        row = request_row(self.run_id, self.scenario, self.scheme, request, user)
        shown = row.pop("_shown")
        row.update(self.judge.columns(request, shown if self.edits else None))
        self.recorder.requests.append(row)
        if self.samples_left > 0:
            self.samples_left -= 1
            ideal = ideal_edit(request.face, request.instruction)[0] if self.edits and request.face else None
            text = request.instruction.text if self.edits and request.instruction else None
            self.recorder.sample(request.request_id, self.label, request.image, shown, text, ideal)

    def _finish_abstract(self, request: Request, user: User) -> None:
        """The request row with success and quality drawn from the table at the effective SNR."""
        outcome = None
        if not request.status and not request.failure:
            snr = request.radio.get(self.abstraction.snr_column, math.nan)
            outcome = self.abstraction.draw(snr, self._outcomes)
            if not outcome.success:
                request.failure = f"abstraction: failed reception drawn at {snr:.1f} dB"
        # Quality comes from the table: the row builder must not score (or render) any image.
        row = request_row(self.run_id, self.scenario, self._unscored, request, user)
        row.pop("_shown")
        row.update(dict.fromkeys(EDIT_COLUMNS, math.nan) | instruction_columns(request))
        row.update({m: math.nan for m in self.abstraction.metrics})
        if outcome:
            row.update(outcome.metrics)
        self.recorder.requests.append(row)

    # -- running ---------------------------------------------------------------------------
    def run(self, on_progress: Callable[[float], None] | None = None, steps: int = 200) -> None:
        """Generate traffic for ``duration_s``, then let requests in flight finish for up to ``drain_s``."""
        compute = [s for s in self.stages if isinstance(s, ComputeStage)]
        self.timer.check([s.name for s in compute], [self._node(s.placement, 0).profile.device for s in compute])
        if not self.abstraction:
            # One untimed pass first: one-off start-up costs must not be charged to the first request.
            library = self.users[0].library
            run_offline(self.stages, offline_requests([library.images[0]], library.faces), self.numerology,
                        self.scenario.channel.dmrs_symbols, self.res_per_prb, n_prb=self.cells[0].n_prb)
        for user in self.users:
            self.env.process(self._traffic(user))
        horizon = self.scenario.duration_s + self.scenario.drain_s
        step = self.scenario.duration_s / steps
        while self.env.now < horizon and (self.env.now < self.scenario.duration_s or self.open):
            self.env.run(until=min(self.env.now + step, horizon))
            self._sample_queues()
            if on_progress:
                on_progress(min(self.env.now, self.scenario.duration_s))
        end = self.env.now
        for request in list(self.open.values()):
            request.status = "unfinished"
            self._finish(request)
        self._record_nodes(end)

    def _sample_queues(self) -> None:
        """One row per shared node (gNB, edge) and one for all UEs together: requests waiting for a
        worker, drops so far, and requests in flight anywhere in the system."""
        ues = [u.node for u in self.users]
        for name, nodes in (("gnb", [self.gnb]), ("edge", [self.edge]), ("ue", ues)):
            self.recorder.queues.append((self.run_id, self.scenario.seed, self.label, self.env.now, name,
                                         sum(n.waiting for n in nodes), sum(n.dropped for n in nodes), len(self.open)))
        self.recorder.compact()

    def _record_nodes(self, duration_s: float) -> None:
        for node in [u.node for u in self.users] + [self.gnb, self.edge]:
            p = node.profile
            idle = node.idle_energy_j(duration_s)
            self.recorder.nodes.append({
                "run_id": self.run_id, "seed": self.scenario.seed, "scheme": self.label, "node": node.name,
                "kind": node.kind, "device": p.device, "workers": p.workers, "idle_w": p.idle_w,
                "busy_w": p.busy_w, "busy_s": node.busy_s, "energy_idle_j": idle,
                "energy_compute_j": node.energy_compute_j, "energy_radio_j": node.energy_radio_j,
                "energy_j": idle + node.energy_compute_j + node.energy_radio_j, "duration_s": duration_s,
                "dropped": node.dropped, "max_waiting": node.max_waiting,
            })

