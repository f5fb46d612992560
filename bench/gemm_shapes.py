"""torch.mm on the products of ResNet-18's later stages, for comparison with d2l.kernels.GemmShapesSpeed
(src/test/java): the same shapes, transpositions and thread counts, GFLOP/s of the median of 11 samples
and the best; 1 thread timed as CPU time of the calling thread, 2 threads as wall time.

    /work/.venv/bin/python bench/gemm_shapes.py [name-filter]
"""
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_cases import blas, set_threads  # noqa: E402

# name, transA, transB, m, n, k: op(A) is m x k (transA: stored k x m), op(B) k x n (transB: stored n x k)
SHAPES = [
    ("stage3 fwd  W*cols    ", False, False, 256, 1152, 2304),
    ("stage3 dIn  W^T*dOut  ", True, False, 2304, 1152, 256),
    ("stage3 dW   dOut*cols^T", False, True, 256, 2304, 1152),
    ("stage4 fwd  W*cols    ", False, False, 512, 288, 4608),
    ("stage4 dIn  W^T*dOut  ", True, False, 4608, 288, 512),
    ("stage4 dW   dOut*cols^T", False, True, 512, 4608, 288),
    ("down4 1x1s2 fwd       ", False, False, 512, 288, 256),
    ("down4 1x1s2 dIn       ", True, False, 256, 288, 512),
    ("down4 1x1s2 dW        ", False, True, 512, 256, 288),
    ("square 2048           ", False, False, 2048, 2048, 2048),
]


def seconds(body, cpu_time):
    clock = time.thread_time if cpu_time else time.perf_counter
    start = time.perf_counter()
    calls = 0
    while time.perf_counter() - start < 0.6 or calls < 3:
        body()
        calls += 1
    repeats = max(1, min(100_000, int(0.03 / ((time.perf_counter() - start) / calls))))
    samples = []
    for _ in range(11):
        t0 = clock()
        for _ in range(repeats):
            body()
        samples.append((clock() - t0) / repeats)
    samples.sort()
    return samples[len(samples) // 2], samples[0]


def main():
    name_filter = sys.argv[1] if len(sys.argv) > 1 else ""
    print(f"torch {torch.__version__}, {blas()}")
    torch.manual_seed(42)
    for name, trans_a, trans_b, m, n, k in SHAPES:
        if name_filter not in name:
            continue
        a = torch.rand(k, m) if trans_a else torch.rand(m, k)
        b = torch.rand(n, k) if trans_b else torch.rand(k, n)
        op_a = a.t() if trans_a else a
        op_b = b.t() if trans_b else b
        c = torch.empty(m, n)
        flops = 2.0 * m * n * k
        line = f"{name} {'T' if trans_a else 'N'}{'T' if trans_b else 'N'} m={m:4d} n={n:4d} k={k:4d}"
        for threads in (1, 2):
            set_threads(threads)
            median, best = seconds(lambda: torch.mm(op_a, op_b, out=c), threads == 1)
            line += f"  {threads}T {flops / median / 1e9:6.1f} GFLOP/s (best {flops / best / 1e9:6.1f})"
        print(line, flush=True)


if __name__ == "__main__":
    main()
