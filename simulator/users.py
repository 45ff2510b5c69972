"""Users: where each one stands, its large-scale link, its device and its radio link."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from channels import Numerology, UplinkPhy, pathloss_db, shadowing_std_db, snr_db
from .images import ImageLibrary
from .node import ComputeNode
from .random_streams import RandomStreams
from .scenario import Scenario
from .scenario.users import UserGroup

SPEED_OF_LIGHT = 299_792_458.0


@dataclass
class User:
    """One UE: placement and link budget are drawn once per run; fading is drawn per transmission."""

    user_id: int
    group: UserGroup
    distance_m: float
    pathloss_db: float
    shadowing_db: float
    node: ComputeNode
    phy: UplinkPhy
    library: ImageLibrary
    arrivals: np.random.Generator
    picks: np.random.Generator
    instructions: np.random.Generator

    def snr_db(self, scenario: Scenario, bandwidth_hz: float) -> float:
        """Mean SNR [dB] over ``bandwidth_hz``, or the scenario's fixed ``channel.snr_db``."""
        if scenario.channel.snr_db is not None:
            return scenario.channel.snr_db
        cell = scenario.cell
        return snr_db(cell.ue_tx_power_dbm, self.pathloss_db, cell.noise_figure_db, bandwidth_hz, self.shadowing_db)

    @property
    def propagation_s(self) -> float:
        return self.distance_m / SPEED_OF_LIGHT


def place(group: UserGroup, rng: np.random.Generator) -> float:
    """Horizontal distance [m] of one user: uniform over the disc's area (at least 10 m), or fixed."""
    if group.placement.distance_m is not None:
        return group.placement.distance_m
    radius, inner = group.placement.disc_radius_m, 10.0
    return math.sqrt(rng.uniform(inner**2, radius**2))


def make_user(
    user_id: int,
    group: UserGroup,
    scenario: Scenario,
    numerology: Numerology,
    node: ComputeNode,
    library: ImageLibrary,
    streams: RandomStreams,
) -> User:
    """Draw one user's placement and shadowing and build its uplink PHY, all from named streams."""
    cell, channel = scenario.cell, scenario.channel
    geometry = streams.numpy(f"placement/{user_id}")
    distance = place(group, geometry)
    loss = pathloss_db(cell.pathloss.model, distance, cell.carrier_hz, cell.pathloss.bs_height_m, cell.pathloss.ue_height_m)
    sigma = shadowing_std_db(cell.pathloss.model) if cell.pathloss.shadowing else 0.0
    phy = UplinkPhy(
        model=channel.model,
        carrier_hz=cell.carrier_hz,
        numerology=numerology,
        dmrs_symbols=channel.dmrs_symbols,
        csi=channel.csi,
        delay_spread_s=channel.delay_spread_s,
        speed_mps=channel.ue_speed_mps,
        rician_k_db=channel.rician_k_db,
        generator=streams.torch(f"fading/{user_id}"),
    )
    return User(
        user_id=user_id,
        group=group,
        distance_m=distance,
        pathloss_db=loss,
        shadowing_db=float(geometry.normal(0.0, sigma)) if sigma else 0.0,
        node=node,
        phy=phy,
        library=library,
        arrivals=streams.numpy(f"traffic/{user_id}"),
        picks=streams.numpy(f"picks/{user_id}"),
        instructions=streams.numpy(f"instructions/{user_id}"),
    )
