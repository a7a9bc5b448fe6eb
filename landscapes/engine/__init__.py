"""Computation on scenes: trajectories, tuning, basins, divergence analysis, the trajectories CSV."""
