# SPDX-License-Identifier: MIT
"""The register map, codes and command layouts of rtl/regs/ra_regs.json (the single source the
RTL, C and docs are generated from), for the Python tests: no offset or field position is
written in a test."""
import json
import os

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rtl", "regs",
                       "ra_regs.json"), encoding="utf-8") as _f:
    _J = json.load(_f)

REG = {r["name"]: int(r["offset"], 0) for r in _J["registers"]}
WIN_BASE, WIN_STRIDE = int(_J["windows"]["base"], 0), int(_J["windows"]["stride"], 0)
_C = _J["commands"]
OP = {o["name"]: o["value"] for o in _C["opcodes"]}
ST = {s["name"]: s["value"] for s in _C["status"]}
SCAN_FLAG = {f["name"]: 1 << f["bit"] for f in _C["scan_flags"]}
CPL_FLAG = {f["name"]: 1 << f["bit"] for f in _C["cpl_flags"]}
_LAYOUT = {lay["name"]: lay for lay in _C["layouts"]}


def _bits(f):
    hi, _, lo = f["bits"].partition(":")
    return int(hi), int(lo or hi)


def pack(layout, **fields):
    """the bytes of one @layout entry (little-endian words) with the named fields set"""
    lay = _LAYOUT[layout]
    w = [0] * lay["words"]
    names = {f["name"]: f for f in lay["fields"]}
    for name, v in fields.items():
        f = names[name.upper()]
        msb, lsb = _bits(f)
        mask = (1 << (msb - lsb + 1)) - 1
        if v & ~mask:
            raise ValueError(f"{layout}.{name}: {v:#x} wider than bits {f['bits']}")
        w[f["word"]] |= v << lsb
    return b"".join(x.to_bytes(8, "little") for x in w)


def unpack(layout, data):
    """the fields of one @layout entry from its bytes, as a dict of lower-case names"""
    lay = _LAYOUT[layout]
    w = [int.from_bytes(data[8 * k:8 * k + 8], "little") for k in range(lay["words"])]
    out = {}
    for f in lay["fields"]:
        msb, lsb = _bits(f)
        out[f["name"].lower()] = (w[f["word"]] >> lsb) & ((1 << (msb - lsb + 1)) - 1)
    return out
