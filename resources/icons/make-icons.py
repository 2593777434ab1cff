#!/usr/bin/env python3
"""Draws the LedgerFlow icon (a blue rounded square with a white "LF" and a gold ledger line) with
the standard library only, and writes the PNG sizes electron-builder uses on Linux, icon.png
(512 px, mac/dmg and the window icon) and icon.ico (Windows, PNG-compressed entries).
Run: python3 resources/icons/make-icons.py"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
BLUE = (31, 78, 140)
WHITE = (255, 255, 255)
GOLD = (242, 177, 52)


def inside_rounded(x, y, x0, y0, x1, y1, r):
    if x < x0 or x > x1 or y < y0 or y > y1:
        return False
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def colour_at(u, v):
    """Colour of the point (u, v) in a 1x1 square, or None for transparent."""
    if not inside_rounded(u, v, 0.0625, 0.0625, 0.9375, 0.9375, 0.17):
        return None
    # "L": vertical and foot bars; "F": vertical, top and middle bars.
    bars = [
        (0.22, 0.24, 0.31, 0.70),  # L stem
        (0.22, 0.62, 0.46, 0.70),  # L foot
        (0.54, 0.24, 0.63, 0.70),  # F stem
        (0.54, 0.24, 0.80, 0.32),  # F top
        (0.54, 0.43, 0.74, 0.51),  # F middle
    ]
    for x0, y0, x1, y1 in bars:
        if x0 <= u <= x1 and y0 <= v <= y1:
            return WHITE
    if 0.22 <= u <= 0.80 and 0.77 <= v <= 0.80:
        return GOLD
    return BLUE


def render(size, samples=4):
    rows = []
    for py in range(size):
        row = bytearray([0])  # filter type 0
        for px in range(size):
            r = g = b = a = 0
            for sy in range(samples):
                for sx in range(samples):
                    c = colour_at((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)
                    if c is not None:
                        r += c[0]; g += c[1]; b += c[2]; a += 1
            n = samples * samples
            if a:
                row += bytes((r // a, g // a, b // a, 255 * a // n))
            else:
                row += b'\x00\x00\x00\x00'
        rows.append(bytes(row))
    return png(size, b''.join(rows))


def png(size, raw):
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack('>IIBBBBB', size, size, 8, 6, 0, 0, 0)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')


def ico(images):
    """ICO with PNG-compressed entries (Windows Vista+), sizes up to 256."""
    count = len(images)
    header = struct.pack('<HHH', 0, 1, count)
    offset = 6 + 16 * count
    entries = b''
    data = b''
    for size, blob in images:
        dim = 0 if size >= 256 else size
        entries += struct.pack('<BBBBHHII', dim, dim, 0, 0, 1, 32, len(blob), offset + len(data))
        data += blob
    return header + entries + data


def main():
    cache = {}
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        cache[size] = render(size, samples=4 if size <= 256 else 2)
        with open(os.path.join(HERE, f'{size}x{size}.png'), 'wb') as f:
            f.write(cache[size])
    with open(os.path.join(HERE, 'icon.png'), 'wb') as f:
        f.write(cache[512])
    with open(os.path.join(HERE, 'icon.ico'), 'wb') as f:
        f.write(ico([(s, cache[s]) for s in (16, 24, 32, 48, 64, 128, 256)]))


if __name__ == '__main__':
    main()
