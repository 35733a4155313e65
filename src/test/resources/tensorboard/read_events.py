#!/usr/bin/env python3
"""Prints the events of a TensorBoard event file as JSON lines, with Python's standard library only.

A second reader, independent of rnnt4j's writer and of the Java test reader, written from the formats'
specifications: TFRecord framing (uint64 length, masked CRC-32C of the length, data, masked CRC-32C of
the data; checked) and protobuf's wire format for Event and Summary.Value.
Usage: read_events.py FILE
"""
import json
import struct
import sys

POLY = 0x82F63B78
TABLE = []
for i in range(256):
    c = i
    for _ in range(8):
        c = (c >> 1) ^ POLY if c & 1 else c >> 1
    TABLE.append(c)


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def masked(crc):
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def varint(buf, pos):
    value, shift = 0, 0
    while True:
        b = buf[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if not b & 0x80:
            return value, pos
        shift += 7


def fields(buf):
    pos = 0
    while pos < len(buf):
        key, pos = varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 2:
            length, pos = varint(buf, pos)
            value, pos = buf[pos:pos + length], pos + length
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise ValueError("wire type %d" % wire)
        yield number, value


def main(path):
    data = open(path, "rb").read()
    pos = 0
    while pos < len(data):
        header = data[pos:pos + 8]
        (length,) = struct.unpack("<Q", header)
        (length_crc,) = struct.unpack("<I", data[pos + 8:pos + 12])
        assert length_crc == masked(crc32c(header)), "bad length checksum at %d" % pos
        record = data[pos + 12:pos + 12 + length]
        (data_crc,) = struct.unpack("<I", data[pos + 12 + length:pos + 16 + length])
        assert data_crc == masked(crc32c(record)), "bad data checksum at %d" % pos
        pos += 16 + length
        event = {}
        for number, value in fields(record):
            if number == 1:
                event["wall_time"] = struct.unpack("<d", value)[0]
            elif number == 2:
                event["step"] = value
            elif number == 3:
                event["file_version"] = value.decode()
            elif number == 5:
                for _, v in fields(value):
                    for n, x in fields(v):
                        if n == 1:
                            event["tag"] = x.decode()
                        elif n == 2:
                            event["simple_value"] = struct.unpack("<f", x)[0]
                        elif n == 8:
                            for m, y in fields(x):
                                if m == 8:
                                    event["text"] = y.decode()
        print(json.dumps(event))


if __name__ == "__main__":
    main(sys.argv[1])
