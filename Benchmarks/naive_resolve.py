#!/usr/bin/env python3
"""The naive baseline for the giant-pattern workload: PEFT's own lookup, a loop over the
pattern keys for every module (`get_pattern_key` in peft/utils/other.py, 0.15+):

    next(filter(lambda key: re.match(rf"(.*\\.)?({key})$", name), pattern_keys), name)

once over rank_pattern and once over alpha_pattern per target module. The regexes are
compiled once up front, which favours the loop (PEFT calls re.match with the pattern
text, and Python's regex cache holds only 512 patterns, so with thousands of keys PEFT
recompiles them). Only the standard library is used.

    naive_resolve.py ADAPTER_CONFIG MODULES_FILE [--sample N]

With --sample N, only every k-th module (N in all) is resolved and the time is scaled
to all modules; the output says so.
"""
import argparse
import json
import re
import time


def first_match(compiled, keys, name):
    for regex, key in zip(compiled, keys):
        if regex.match(name):
            return key
    return name


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("config")
    parser.add_argument("modules")
    parser.add_argument("--sample", type=int, default=0)
    args = parser.parse_args()
    with open(args.config) as handle:
        config = json.load(handle)
    with open(args.modules) as handle:
        modules = [line.strip() for line in handle if line.strip()]
    rank_keys = list(config["rank_pattern"])
    alpha_keys = list(config["alpha_pattern"])

    start = time.perf_counter()
    rank_compiled = [re.compile(rf"(.*\.)?({key})$") for key in rank_keys]
    alpha_compiled = [re.compile(rf"(.*\.)?({key})$") for key in alpha_keys]
    compile_seconds = time.perf_counter() - start

    chosen = modules
    if args.sample and args.sample < len(modules):
        step = len(modules) / args.sample
        chosen = [modules[int(i * step)] for i in range(args.sample)]
    start = time.perf_counter()
    unmatched = 0
    for name in chosen:
        rank_key = first_match(rank_compiled, rank_keys, name)
        alpha_key = first_match(alpha_compiled, alpha_keys, name)
        unmatched += (rank_key not in config["rank_pattern"]) + (alpha_key not in config["alpha_pattern"])
    loop_seconds = time.perf_counter() - start
    total = compile_seconds + loop_seconds * len(modules) / len(chosen)
    how = "measured" if len(chosen) == len(modules) else f"extrapolated from {len(chosen)} modules"
    print(f"naive: {len(rank_keys) + len(alpha_keys)} keys x {len(modules)} modules: "
          f"{total:.2f} s ({how}; compile {compile_seconds:.2f} s); lookups without a key: {unmatched}")
    print(f"NAIVE_SECONDS={total:.3f}")


if __name__ == "__main__":
    main()
