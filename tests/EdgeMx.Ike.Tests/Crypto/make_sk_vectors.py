#!/usr/bin/env python3
"""Builds the SK-payload vectors of IkeMessageProtectionTests with an independent implementation (Python's
`cryptography`), following RFC 7296 §3.14 (CBC + HMAC) and RFC 5282 §5 (AES-GCM). Run it to regenerate them."""
import hmac, hashlib, struct
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

INNER = bytes.fromhex("23000008 00004000".replace(" ", "")) + bytes.fromhex("00000011 02000000") + b"spoke.lab"
FIRST = 41  # N


def header(length):
    return bytes.fromhex("0102030405060708 1112131415161718".replace(" ", "")) + bytes([46, 0x20, 35, 0x08]) \
        + struct.pack(">II", 1, length)


def cbc(name, algo, block, key, mac_key, hashfn, icv, iv):
    pad = (block - (len(INNER) + 1) % block) % block
    plain = INNER + bytes(pad) + bytes([pad])
    enc = Cipher(algo(key), modes.CBC(iv)).encryptor()
    ct = enc.update(plain) + enc.finalize()
    total = 28 + 4 + len(iv) + len(ct) + icv
    msg = header(total) + bytes([FIRST, 0]) + struct.pack(">H", 4 + len(iv) + len(ct) + icv) + iv + ct
    msg += hmac.new(mac_key, msg, hashfn).digest()[:icv]
    print(name, msg.hex())


def gcm(name, key, salt, iv):
    plain = INNER + bytes([0])
    total = 28 + 4 + 8 + len(plain) + 16
    aad = header(total) + bytes([FIRST, 0]) + struct.pack(">H", 4 + 8 + len(plain) + 16)
    ct = AESGCM(key).encrypt(salt + iv, plain, aad)
    print(name, (aad + iv + ct).hex())


cbc("aes128-sha256", algorithms.AES, 16, bytes(range(16)), bytes(range(32, 64)), hashlib.sha256, 16, bytes(range(100, 116)))
cbc("3des-sha1", algorithms.TripleDES, 8, bytes(range(24)), bytes(range(40, 60)), hashlib.sha1, 12, bytes(range(200, 208)))
gcm("aes256gcm16", bytes(range(32)), bytes.fromhex("a1a2a3a4"), struct.pack(">Q", 1))
