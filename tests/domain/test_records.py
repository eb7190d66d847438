"""quick_init: the same records, built the same way by keyword, position and default, still frozen."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, field, replace

import pytest

from bot.domain.records import quick_init


@dataclass(frozen=True, slots=True)
class Plain:
    a: int
    b: str
    c: tuple[int, ...] = ()
    d: int | None = None


@quick_init
@dataclass(frozen=True, slots=True)
class Quick:
    a: int
    b: str
    c: tuple[int, ...] = ()
    d: int | None = None


def _fields(x: Plain | Quick) -> tuple[object, ...]:
    return (x.a, x.b, x.c, x.d)


def test_positional_keyword_and_default_arguments_give_the_same_record() -> None:
    assert _fields(Quick(1, "x")) == _fields(Plain(1, "x")) == (1, "x", (), None)
    assert _fields(Quick(1, "x", (2,), 3)) == (1, "x", (2,), 3)
    assert _fields(Quick(b="y", a=2, d=4)) == (2, "y", (), 4)
    assert _fields(replace(Quick(1, "x"), d=5)) == (1, "x", (), 5)


def test_equality_hash_and_repr_are_the_dataclasses_own() -> None:
    assert Quick(1, "x", (2,)) == Quick(1, "x", (2,))
    assert Quick(1, "x") != Quick(2, "x")
    assert hash(Quick(1, "x", (2,))) == hash(Quick(1, "x", (2,)))
    assert repr(Quick(1, "x")) == "Quick(a=1, b='x', c=(), d=None)"


def test_the_record_stays_frozen() -> None:
    q = Quick(1, "x")
    with pytest.raises(FrozenInstanceError):
        q.a = 2  # type: ignore[misc]


def test_a_wrong_call_is_refused_as_before() -> None:
    with pytest.raises(TypeError):
        Quick(1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Quick(1, "x", e=3)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Quick(1, "x", a=1)  # type: ignore[misc]


def test_only_frozen_slotted_dataclasses_with_plain_fields_are_taken() -> None:
    @dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclass(slots=True)
    class NotFrozen:
        a: int

    @dataclass(frozen=True, slots=True)
    class Factory:
        a: list[int] = field(default_factory=list)

    @dataclass(frozen=True, slots=True)
    class PostInit:
        a: int

        def __post_init__(self) -> None:
            pass

    for cls in (NoSlots, NotFrozen, Factory, PostInit):
        with pytest.raises(TypeError):
            quick_init(cls)
