"""Real loss landscapes: small networks trained by every optimizer, shown on a 2D plane of weight space.

`data` makes or reads the training set, `model` the network as a function of one weight vector,
`train` runs each optimizer in a jitted scan, `plane` picks the plane and projects the paths, `run`
turns it all into trajectories on a surface, `api` is `landscapes.network(...)` and `file` reads a
network scene file.

The package itself is callable, `landscapes.network(data=..., model=..., optimizers=[...])`: Python
binds a subpackage to its parent's attribute once imported, so the public function and the package
share the name.
"""

from __future__ import annotations

import sys
import types

from landscapes.network.api import network, network_scene
from landscapes.network.run import NetworkScene, NetworkTrajectories, run_network

__all__ = ["NetworkScene", "NetworkTrajectories", "network", "network_scene", "run_network"]


class _CallablePackage(types.ModuleType):
    def __call__(self, *args, **kwargs) -> NetworkTrajectories:
        return network(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
