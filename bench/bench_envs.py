"""Env-step overhead of trmrl's task envs and trial wrapper vs the bare gymnasium v5 envs they wrap.

Usage: python bench/bench_envs.py [--steps 2000] [--repeats 15] [--envs halfcheetah-vel ant-dir ...]
Prints a markdown table: median env steps/s over interleaved rounds, and 'time' ratios
(seconds per step of the variant / seconds per step of the bare env; 1.05 = 5 % overhead).
"""
import argparse, os, platform
import gymnasium, mujoco
from trmrl.bench import bench_env_overhead, format_table

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--steps', type=int, default=2000)
    p.add_argument('--repeats', type=int, default=15)
    p.add_argument('--envs', nargs='+', default=['bandit', 'point-nav', 'halfcheetah-vel', 'halfcheetah-dir',
                                                  'ant-dir', 'hopper-params', 'walker-params'])
    a = p.parse_args()
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cpus, gymnasium {gymnasium.__version__}, "
          f"mujoco {mujoco.__version__}, {a.repeats} rounds x {a.steps} steps\n")
    print(format_table(bench_env_overhead(a.envs, steps=a.steps, repeats=a.repeats)))
