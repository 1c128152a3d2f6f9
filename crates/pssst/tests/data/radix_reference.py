#!/usr/bin/env python3
"""Writes radix_reference.json: base62, base58 and Crockford base32 of fixed byte strings,
computed with Python's own big integers and base64 module, independently of pssst.

Run from this directory: python3 radix_reference.py > radix_reference.json

The byte strings are deterministic (a SHA-256 chain, runs of zeros, runs of 0xff, every
single byte), so the output never changes.
"""

import base64
import hashlib
import json
import sys

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
RFC4648 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
CROCKFORD = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def big_number(data: bytes, alphabet: str) -> str:
    """Leading zero bytes become the alphabet's zero digit; the rest is one big-endian
    integer written in the alphabet's base, most significant digit first."""
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, digit = divmod(number, len(alphabet))
        digits.append(alphabet[digit])
    return alphabet[0] * zeros + "".join(reversed(digits))


def crockford(data: bytes) -> str:
    """RFC 4648 base32 bit packing, respelled with Crockford's alphabet, padding removed."""
    rfc = base64.b32encode(data).rstrip(b"=")
    return rfc.translate(bytes.maketrans(RFC4648, CROCKFORD)).decode()


def inputs():
    seed = b"pssst radix reference"
    for length in range(0, 72):
        seed = hashlib.sha256(seed).digest()
        yield (seed * 3)[:length]
    for zeros in (1, 2, 3, 7, 32):
        for length in (0, 1, 16, 32):
            yield b"\0" * zeros + hashlib.sha256(bytes([zeros, length])).digest()[:length]
    for length in (1, 2, 15, 16, 31, 32, 33, 63, 64):
        yield b"\xff" * length
    for byte in range(256):
        yield bytes([byte])


def main():
    cases = [
        {
            "bytes_hex": data.hex(),
            "base62": big_number(data, BASE62),
            "base58": big_number(data, BASE58),
            "crockford": crockford(data),
        }
        for data in inputs()
    ]
    made_with = f"CPython {sys.version.split()[0]} int arithmetic and base64.b32encode"
    json.dump({"made_with": made_with, "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
