"""The name typed to confirm an erasure is the child's preferred name, whatever the case, spacing or Unicode
form, and nothing else."""

from __future__ import annotations

import pytest

from participation.records.erasure import same_name


@pytest.mark.parametrize(
    ("typed", "name"),
    [("Robin", "Robin"), ("  robin ", "Robin"), ("Mary  Jane", "Mary Jane"), ("Zoe\u0301", "Zoé"), ("سامي", "سامي")],
)
def test_the_same_name_confirms(typed, name):
    assert same_name(typed, name)


@pytest.mark.parametrize(("typed", "name"), [("Robyn", "Robin"), ("", "Robin"), ("   ", "Robin"), ("Rob", "Robin")])
def test_another_name_does_not(typed, name):
    assert not same_name(typed, name)
