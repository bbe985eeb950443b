"""`@record`: a frozen, keyword-only dataclass made without generated code.

`@dataclass(frozen=True)` writes and compiles five methods for every class, which costs
about a millisecond each time a result type is defined; a command defines dozens before
it reads a file. `record` lets `dataclasses` collect the fields (so `dataclasses.fields`,
pydantic's schemas and serialisation work as for any dataclass) and gives every class the
same few shared methods instead.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")


def _frozen(self: object, name: str, value: object = None) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _values(self: object) -> tuple[Any, ...]:
    return tuple(getattr(self, f.name) for f in dataclasses.fields(self))  # type: ignore[arg-type]


def _eq(self: object, other: object) -> bool:
    return other.__class__ is self.__class__ and _values(self) == _values(other)


def _hash(self: object) -> int:
    return hash(_values(self))


def _repr(self: object) -> str:
    inner = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in dataclasses.fields(self))  # type: ignore[arg-type]
    return f"{type(self).__qualname__}({inner})"


def _initialiser(cls: type, kw_only: bool) -> Callable[..., None]:
    """An __init__ that writes the class's real one on its first call: one small piece
    of generated code per class that is used, none for the rest."""

    def __init__(self: object, *args: Any, **given: Any) -> None:
        fast = _compile_init(cls, kw_only)
        type.__setattr__(cls, "__init__", fast)
        fast(self, *args, **given)

    return __init__


def _compile_init(cls: type, kw_only: bool) -> Callable[..., None]:
    fields = dataclasses.fields(cls)
    namespace: dict[str, Any] = {"MISSING": MISSING}
    params, body = [], []
    for i, f in enumerate(fields):
        if f.default is not MISSING:
            namespace[f"d{i}"] = f.default
            params.append(f"{f.name}=d{i}")
            body.append(f"    v[{f.name!r}] = {f.name}")
        elif f.default_factory is not MISSING:
            namespace[f"f{i}"] = f.default_factory
            params.append(f"{f.name}=MISSING")
            body.append(f"    v[{f.name!r}] = f{i}() if {f.name} is MISSING else {f.name}")
        else:
            params.append(f.name)
            body.append(f"    v[{f.name!r}] = {f.name}")
    star = "*, " if kw_only and params else ""
    # values go straight into the instance's __dict__, past the frozen __setattr__
    source = f"def __init__(self, {star}{', '.join(params)}):\n    v = self.__dict__\n" + "\n".join(
        body or ["    pass"]
    )
    exec(source, namespace)
    init: Callable[..., None] = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


@overload
def record(cls: type[T], /) -> type[T]: ...
@overload
def record(*, kw_only: bool = True) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(kw_only_default=True, frozen_default=True)
def record(cls: type[T] | None = None, /, *, kw_only: bool = True) -> Any:
    """Make `cls` a frozen dataclass (keyword-only unless `kw_only=False`), compared and
    hashed by its fields."""
    if cls is None:
        return lambda c: _make(c, kw_only)
    return _make(cls, kw_only)


def _make(cls: type[T], kw_only: bool) -> type[T]:
    # For a class without a docstring, dataclasses writes one from inspect.signature,
    # which tokenizes the text signature of object.__init__ ("Cited()"): more than the
    # rest of making the record. Nothing reads it (pydantic leaves a plain dataclass's
    # docstring out of the schema), so such a record keeps no docstring, like any class.
    undocumented = cls.__doc__ is None
    if undocumented:
        cls.__doc__ = "-"
    cls = dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=kw_only)(cls)
    if undocumented:
        cls.__doc__ = None
    for name, method in (
        ("__init__", _initialiser(cls, kw_only)),
        ("__setattr__", _frozen),
        ("__delattr__", _frozen),
        ("__eq__", _eq),
        ("__hash__", _hash),
        ("__repr__", _repr),
    ):
        setattr(cls, name, method)
    return cls
