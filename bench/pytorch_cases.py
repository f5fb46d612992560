"""PyTorch's side of `./d2l bench --vs-pytorch`: the same cases, shapes and thread counts as d2l.bench.Benchmarks.

Protocol (d2l.bench.PyTorchSession speaks it):
  python pytorch_cases.py --versions   prints {"python": ..., "torch": ..., "numpy": ..., "blas": ...}
  python pytorch_cases.py              then reads one JSON request per line on stdin and answers each with
                                       one JSON line on stdout, until stdin closes:
    {"op": "prepare", "name", "threads", "data": DIR or null, "limit": N or null,
     "warmup_seconds", "warmup_runs"}          sets the case up (once per name) and warms it up
                                               -> {"ok": true}
    {"op": "time", "name", "threads", "runs"}  times that many runs of a prepared case
                                               -> {"samples_ms": [...]}
                                               (a case whose warm-up runs took under 0.1 s is timed
                                               right after an untimed run, as ours is)
  A request that fails is answered {"error": "ValueError: ..."}; the next one is still read.
The caller times one of our runs, then asks for one of PyTorch's, and so on: both sides see the same
moments of a busy machine, and their ratio does not drift with its load. An answer comes once this
process is idle again (see settle), so that PyTorch's spinning threads do not slow our next run.
"blas" names the library torch's matmul calls, e.g. "MKL 2024.2" or "OpenBLAS 0.3.21, core SkylakeX
(OPENBLAS_CORETYPE=SkylakeX)", with the OPENBLAS_* settings in the environment: OpenBLAS picks its
kernel by CPU unless OPENBLAS_CORETYPE names one.
Each case runs with torch.set_num_threads(threads) and, when torch calls OpenBLAS, openblas_set_num_threads(threads):
torch does not pass its thread count to OpenBLAS, whose own pool would otherwise use every core.
Only JSON goes to stdout; progress and errors go to stderr. Exit code 1 when torch or numpy is missing.
"""
import ctypes
import gzip
import json
import os
import platform
import re
import struct
import sys
import time

try:
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as e:
    print(f"{e} (in {sys.executable}, Python {platform.python_version()});"
          " install it with: python3 -m venv .venv && .venv/bin/pip install torch numpy", file=sys.stderr)
    sys.exit(1)


def versions():
    return {"python": platform.python_version(), "torch": torch.__version__, "numpy": np.__version__, "blas": blas()}


def loaded_openblas():
    """The OpenBLAS this process has loaded (torch's, not a copy bundled with numpy), or None; Linux only."""
    try:
        with open("/proc/self/maps") as maps:
            paths = sorted({line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line})
    except OSError:
        return None
    for path in paths:
        if "numpy" in path:
            continue
        try:
            library = ctypes.CDLL(path)
            library.openblas_get_config.restype = ctypes.c_char_p
            library.openblas_get_corename.restype = ctypes.c_char_p
            return library
        except (OSError, AttributeError):
            continue
    return None


OPENBLAS = None if torch.backends.mkl.is_available() else loaded_openblas()


def blas():
    """The BLAS behind torch.mm: MKL with its version, OpenBLAS with its version and kernel, else BLAS_INFO."""
    config = torch.__config__.show()
    if torch.backends.mkl.is_available():
        version = re.search(r"Math Kernel Library Version ([\w.]+)", config)
        return "MKL" + (" " + version.group(1) if version else "")
    if OPENBLAS is not None:
        words = OPENBLAS.openblas_get_config().decode().split()
        version = words[1] if len(words) > 1 and words[0] == "OpenBLAS" else "(version unknown)"
        settings = [f"{name}={value}" for name, value in sorted(os.environ.items())
                    if name.startswith("OPENBLAS_") and name != "OPENBLAS_NUM_THREADS"]
        if not any(s.startswith("OPENBLAS_CORETYPE=") for s in settings):
            settings.insert(0, "core chosen by CPU")
        return f"OpenBLAS {version}, core {OPENBLAS.openblas_get_corename().decode()} ({', '.join(settings)})"
    info = re.search(r"BLAS_INFO=(\w+)", config)
    return "BLAS_INFO=" + (info.group(1) if info else "unknown")


def set_threads(threads):
    torch.set_num_threads(threads)
    if OPENBLAS is not None:
        OPENBLAS.openblas_set_num_threads(threads)


# ---- timing: the same warm-up as d2l.bench.Harness; the runs are asked for one at a time ----

def warm_up(body, seconds, runs):
    """Runs body as d2l.bench.Harness warms ours up; returns the last run's time in seconds (inf if none)."""
    end = time.perf_counter() + seconds
    run = 0
    last = float("inf")
    while run < runs or time.perf_counter() < end:
        start = time.perf_counter()
        body()
        last = time.perf_counter() - start
        run += 1
    return last


def time_runs(body, runs, prime=False):
    """Times runs of body; with prime, each right after an untimed one."""
    samples = []
    for _ in range(runs):
        if prime:
            body()
        start = time.perf_counter()
        body()
        samples.append((time.perf_counter() - start) * 1e3)
    return samples


def settle(limit_seconds=1.0):
    """Returns once this process's threads are idle, so that the next run (ours) has every core: after a
    parallel region, torch's OpenMP workers spin for about 10 ms and OpenBLAS's for about 100 ms (measured
    with time.process_time() on the project's 2-core machine) before they sleep."""
    end = time.perf_counter() + limit_seconds
    while time.perf_counter() < end:
        cpu = time.process_time()
        time.sleep(0.002)
        if time.process_time() - cpu < 0.0005:
            return


# ---- Fashion-MNIST from the IDX gzip files, as d2l.data.Idx reads them ---------------------------

def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path} is not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def fashion_mnist_train(directory, limit):
    if directory is None:
        raise ValueError("no Fashion-MNIST directory: set D2L_DATA to the folder of train-images-idx3-ubyte.gz")
    images = read_idx(os.path.join(directory, "train-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(directory, "train-labels-idx1-ubyte.gz"))
    n = len(images) if limit is None else min(limit, len(images))
    return torch.from_numpy(images[:n].copy()).unsqueeze(1), torch.from_numpy(labels[:n].astype(np.int64))


# ---- the cases -------------------------------------------------------------------------------------

def matmul(n):
    g = torch.Generator().manual_seed(42)
    a = torch.rand(n, n, generator=g) * 2 - 1
    b = torch.rand(n, n, generator=g) * 2 - 1
    c = torch.empty(n, n)
    return lambda: torch.mm(a, b, out=c)


def convolution(batch, cin, cout, size, kernel, padding, input_needs_grad, backward):
    torch.manual_seed(0)
    x = torch.randn(batch, cin, size, size).requires_grad_(input_needs_grad)
    weight = torch.randn(cout, cin, kernel, kernel).requires_grad_()
    bias = torch.randn(cout).requires_grad_()
    if not backward:
        return lambda: F.conv2d(x, weight, bias, 1, padding)
    out_size = size + 2 * padding - kernel + 1
    upstream = torch.randn(batch, cout, out_size, out_size)

    def step():
        x.grad = weight.grad = bias.grad = None
        F.conv2d(x, weight, bias, 1, padding).backward(upstream)
    return step


def max_pool():
    torch.manual_seed(0)
    pool = nn.MaxPool2d(3, stride=2, padding=1)
    x = torch.randn(32, 64, 48, 48)
    return lambda: pool(x)


def batch_norm():
    torch.manual_seed(0)
    bn = nn.BatchNorm2d(64)
    x = torch.randn(32, 64, 24, 24).requires_grad_()
    upstream = torch.randn(32, 64, 24, 24)

    def step():
        bn.zero_grad()
        x.grad = None
        bn(x).backward(upstream)
    return step


class Residual(nn.Module):
    """The book's residual block (8.6), as d2l.models.Residual."""

    def __init__(self, num_channels, use_1x1conv=False, strides=1):
        super().__init__()
        self.conv1 = nn.LazyConv2d(num_channels, 3, padding=1, stride=strides)
        self.conv2 = nn.LazyConv2d(num_channels, 3, padding=1)
        self.conv3 = nn.LazyConv2d(num_channels, 1, stride=strides) if use_1x1conv else None
        self.bn1 = nn.LazyBatchNorm2d()
        self.bn2 = nn.LazyBatchNorm2d()

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.conv3 is None else self.conv3(x)))


def resnet18(num_classes):
    """The book's ResNet-18 (8.6), as d2l.models.ResNet.resnet18."""
    layers = [nn.Sequential(nn.LazyConv2d(64, 7, stride=2, padding=3), nn.LazyBatchNorm2d(), nn.ReLU(),
                            nn.MaxPool2d(3, stride=2, padding=1))]
    for i, (num_residuals, channels) in enumerate([(2, 64), (2, 128), (2, 256), (2, 512)]):
        layers.append(nn.Sequential(*[Residual(channels, True, 2) if j == 0 and i > 0 else Residual(channels)
                                      for j in range(num_residuals)]))
    layers.append(nn.Sequential(nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.LazyLinear(num_classes)))
    return nn.Sequential(*layers)


def resnet18_step():
    torch.manual_seed(0)
    net = resnet18(10)
    x = torch.randn(32, 1, 96, 96)
    labels = torch.arange(32) % 10
    net(x)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01)

    def step():
        optimizer.zero_grad()
        loss = F.cross_entropy(net(x), labels)
        loss.backward()
        optimizer.step()
    return step


def lenet():
    """The book's LeNet (7.6), as d2l.models.LeNet.classic."""
    return nn.Sequential(
        nn.LazyConv2d(6, 5, padding=2), nn.Sigmoid(), nn.AvgPool2d(2, stride=2),
        nn.LazyConv2d(16, 5), nn.Sigmoid(), nn.AvgPool2d(2, stride=2), nn.Flatten(),
        nn.LazyLinear(120), nn.Sigmoid(), nn.LazyLinear(84), nn.Sigmoid(), nn.LazyLinear(10))


def lenet_epoch(request):
    """One training epoch of the book's LeNet (lr 0.1, Xavier init, batch 128), without validation."""
    images, labels = fashion_mnist_train(request.get("data"), request.get("limit"))
    torch.manual_seed(0)
    net = lenet()
    with torch.no_grad():
        net(images[:128].float() / 255)
    for m in net.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    epoch = [0]

    def train_epoch():
        epoch[0] += 1
        seed = (0 * 0x9E3779B97F4A7C15 + epoch[0]) % 2 ** 64
        order = torch.randperm(len(images), generator=torch.Generator().manual_seed(seed))
        for start in range(0, len(order), 128):
            idx = order[start:start + 128]
            loss = F.cross_entropy(net(images[idx].float() / 255), labels[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return train_epoch


CASES = {
    "lenet-epoch-first": lenet_epoch,
    "lenet-epoch-later": lenet_epoch,
    "matmul-1024": lambda r: matmul(1024),
    "matmul-2048": lambda r: matmul(2048),
    "lenet-conv1-fwd": lambda r: convolution(128, 1, 6, 28, 5, 2, False, False),
    "lenet-conv1-fwdbwd": lambda r: convolution(128, 1, 6, 28, 5, 2, False, True),
    "lenet-conv2-fwd": lambda r: convolution(128, 6, 16, 14, 5, 0, True, False),
    "lenet-conv2-fwdbwd": lambda r: convolution(128, 6, 16, 14, 5, 0, True, True),
    "conv3x3-64-fwd": lambda r: convolution(32, 64, 64, 24, 3, 1, True, False),
    "conv3x3-64-fwdbwd": lambda r: convolution(32, 64, 64, 24, 3, 1, True, True),
    "maxpool-3-2-1-fwd": lambda r: max_pool(),
    "batchnorm-fwdbwd": lambda r: batch_norm(),
    "resnet18-step": lambda r: resnet18_step(),
}


class Server:
    """Answers the requests of the protocol above; keeps each case's body between them."""

    # Runs shorter than this in the warm-up are each timed right after an untimed one, as
    # d2l.bench.Harness.SHORT_RUN_MS does for ours: our run in between leaves the caches cold.
    SHORT_RUN_SECONDS = 0.1

    def __init__(self):
        self.bodies = {}
        self.short = {}

    def answer(self, request):
        op, name = request.get("op"), request.get("name")
        if op not in ("prepare", "time"):
            raise ValueError(f"unknown op {op!r}; the ops are prepare and time")
        set_threads(request["threads"])
        if op == "prepare":
            if name not in CASES:
                raise ValueError(f"no PyTorch case named '{name}'; this script knows: {', '.join(CASES)}")
            if name not in self.bodies:
                self.bodies[name] = CASES[name](request)
            last_run = warm_up(self.bodies[name], request["warmup_seconds"], request["warmup_runs"])
            self.short[name] = last_run < self.SHORT_RUN_SECONDS
            settle()
            return {"ok": True}
        if name not in self.bodies:
            raise ValueError(f"'{name}' was not prepared")
        samples = time_runs(self.bodies[name], request["runs"], prime=self.short[name])
        settle()
        return {"samples_ms": samples}

    def serve(self, lines, out):
        for line in lines:
            if not line.strip():
                continue
            try:
                answer = self.answer(json.loads(line))
            except Exception as e:  # one failing request is reported and the next is still read
                answer = {"error": f"{type(e).__name__}: {e}"}
                print(f"pytorch: {answer['error']}", file=sys.stderr, flush=True)
            out.write(json.dumps(answer) + "\n")
            out.flush()


def main():
    if sys.argv[1:] == ["--versions"]:
        json.dump(versions(), sys.stdout)
    elif not sys.argv[1:]:
        Server().serve(sys.stdin, sys.stdout)
    else:
        print("usage: pytorch_cases.py [--versions]  (without it: requests on stdin, one JSON per line)", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
