"""Replica web: local imitations of the sites that publish Polri humas news (for tests/benchmarks)."""

from replica.model import SiteInfo
from replica.web import ReplicaWeb

__all__ = ["ReplicaWeb", "SiteInfo"]
