#!/usr/bin/env python3
"""Interleaved runs of two or more command lines: A, B, ..., then ..., B, A, and so on.

The machines jns is measured on are noisy, and noise that comes in waves lands on every command
alike when the runs alternate. Prints, per command, the median wall time, the median CPU (user +
system of the command and its children) and the ratio of its wall time to the first command's.

Usage: bench/pairs.py N 'command A' 'command B' [...]
  N runs of each (after 3 warm-up runs each); the commands run through /bin/sh -c, output discarded.
Example: bench/pairs.py 30 'java -XX:TieredStopAtLevel=1 -cp /tmp/hello Hello' './jns ls -t pid'
"""
import resource
import statistics
import subprocess
import sys
import time


def run(command):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def main(argv):
    if len(argv) < 3 or not argv[0].isdigit() or int(argv[0]) < 1:
        sys.exit(__doc__)
    n, commands = int(argv[0]), argv[1:]
    walls = {c: [] for c in commands}
    cpus = {c: [] for c in commands}
    for c in commands:
        for _ in range(3):
            run(c)
    for i in range(n):
        for c in (commands if i % 2 == 0 else commands[::-1]):
            wall, cpu = run(c)
            walls[c].append(wall)
            cpus[c].append(cpu)
    base = statistics.median(walls[commands[0]])
    for c in commands:
        wall = statistics.median(walls[c])
        print(f"{wall:8.1f} ms  cpu {statistics.median(cpus[c]):7.1f} ms  x{wall / base:5.3f}  {c}")


if __name__ == "__main__":
    main(sys.argv[1:])
