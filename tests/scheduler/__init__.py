"""Tests of the scheduler lease, the scheduler service and its commands."""
