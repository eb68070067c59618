"""Per-step latency of the cached `TrMRLTransformer.step` versus recomputing the window (the original TrMRL scheme).

Usage: python bench/bench_transformer.py [--windows 16 64 256] [--batches 1 16 64] [--threads 2] [--exact]
Prints a markdown table (medians over repeats; both methods timed side by side in one process).
"""
import argparse
from trmrl.bench import bench_streaming, format_table

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--windows', type=int, nargs='+', default=[16, 64, 256])
    p.add_argument('--batches', type=int, nargs='+', default=[1, 16, 64])
    p.add_argument('--d-model', type=int, default=64)
    p.add_argument('--n-layers', type=int, default=4)
    p.add_argument('--n-heads', type=int, default=4)
    p.add_argument('--d-ff', type=int, default=128)
    p.add_argument("--repeats", type=int, default=31)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--exact', action='store_true', help='recompute L(W-1)+1 inputs (equals step) instead of W')
    p.add_argument('--device', default=None)
    a = p.parse_args()
    rows = bench_streaming(a.windows, a.batches, a.d_model, a.n_layers, a.n_heads, a.d_ff, a.repeats,
                           a.threads, a.exact, a.device)
    print(format_table(rows))
