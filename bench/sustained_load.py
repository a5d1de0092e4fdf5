"""Whether a longer scoring run is slower per batch because the card slows down: runs
prunescope-bench-score on one entry at two run lengths, with and without CUDA graphs, while
nvidia-smi samples the SM clock, power and throttle reasons every 100 ms, and gives for each
run its time, its time a batch and the card's state over the timed repetitions alone.

    python3 bench/sustained_load.py --bench build/cuda/bench/prunescope-bench-score \\
        --model /tmp/prunescope-gpu-bench/bert-large --inputs /tmp/prunescope-gpu-bench/bert-large-inputs.safetensors \\
        --batch-size 64 --batches 4,16 --out bench/results/sustained-load-<card>.md"""
import argparse
import datetime
import json
import statistics
import subprocess

FIELDS = "timestamp,clocks.sm,power.draw,temperature.gpu,clocks_throttle_reasons.active"


GEMM = """
import json, sys, time, torch
count, repeats = int(sys.argv[1]), int(sys.argv[2])
a = torch.randn(8192, 8192, device="cuda", dtype=torch.bfloat16)
b = torch.randn_like(a)
for _ in range(10):
    a @ b
torch.cuda.synchronize()
seconds, started = [], []
for _ in range(repeats):
    started.append(time.time())
    start = time.perf_counter()
    for _ in range(count):
        a @ b
    torch.cuda.synchronize()
    seconds.append(time.perf_counter() - start)
    time.sleep(1.0)
print(json.dumps(dict(seconds=seconds, started=started, tflops=[2 * 8192 ** 3 * count / s / 1e12 for s in seconds])))
"""


def samples_between(samples, start, end):
    return [s for s in samples if start <= s["t"] <= end]


def read_samples(path):
    samples = []
    for line in open(path):
        parts = [p.strip() for p in line.split(",")]
        if len(parts) != len(FIELDS.split(",")):
            continue
        try:
            t = datetime.datetime.strptime(parts[0], "%Y/%m/%d %H:%M:%S.%f").timestamp()
            samples.append(dict(t=t, sm=float(parts[1]), power=float(parts[2]), temperature=float(parts[3]),
                                throttle=parts[4]))
        except ValueError:
            continue
    return samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--inputs", required=True)
    parser.add_argument("--batch-size", type=int, required=True)
    parser.add_argument("--batches", default="4,16")
    parser.add_argument("--precision", default="bf16")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--samples-file", default="/tmp/prunescope-clocks.csv")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    sampler = subprocess.Popen(["nvidia-smi", f"--query-gpu={FIELDS}", "--format=csv,noheader,nounits", "-lms", "100"],
                               stdout=open(args.samples_file, "w"))
    runs = []
    try:
        # The dense matmul rate's own figure, over a short and a sustained load (8192³ bf16 products
        # back to back): how much the card's rate itself falls as it stays busy.
        for count in (20, 400):
            done = subprocess.run(["python3", "-c", GEMM, str(count), str(args.repeats)], capture_output=True, text=True,
                                  check=True)
            result = json.loads(done.stdout)
            runs.append(dict(batches=f"{count} GEMMs", graphs=None, seconds=result["seconds"], started=result["started"],
                             cuda_graph=f"{statistics.median(result['tflops']):.0f} TFLOP/s "
                                        f"({min(result['tflops']):.0f}–{max(result['tflops']):.0f})", count=count))
            print(runs[-1]["batches"], runs[-1]["cuda_graph"], flush=True)
        for count in [int(c) for c in args.batches.split(",")]:
            for graphs in (True, False):
                cmd = [args.bench, "--model", args.model, "--inputs", args.inputs, "--method", "taylor",
                       "--precision", args.precision, "--batch-size", str(args.batch_size), "--batches", str(count),
                       "--repeat", str(args.repeats), "--device", "cuda", "--out", "/tmp/prunescope-sustained.safetensors"]
                if not graphs:
                    cmd.append("--no-cuda-graphs")
                done = subprocess.run(cmd, capture_output=True, text=True, check=True)
                result = json.loads(done.stdout.strip().splitlines()[-1])
                runs.append(dict(batches=count, graphs=graphs, seconds=result["seconds"],
                                 started=result["started_at"], cuda_graph=result["cuda_graph"]))
                print(f"{count} batches, graphs {'on' if graphs else 'off'}: "
                      f"{statistics.median(result['seconds']):.3f} s ({result['cuda_graph']})", flush=True)
    finally:
        sampler.terminate()
        sampler.wait()
    samples = read_samples(args.samples_file)
    lines = ["# A scoring run's time a batch against its length, and the card's clocks meanwhile", "",
             f"Samples every 100 ms by nvidia-smi over the timed repetitions alone ({len(samples)} in all); "
             "each run's figures are over its repetitions.", "",
             "| batches | CUDA graphs | median run | a batch (a product) | SM clock MHz (min–max) | power W (max) | "
             "temperature °C (max) | throttle reasons seen | CUDA graph (GEMMs: their rate) |", "|---|---|---|---|---|---|---|---|---|"]
    for run in runs:
        inside = [s for start, seconds in zip(run["started"], run["seconds"])
                  for s in samples_between(samples, start, start + seconds)]
        median = statistics.median(run["seconds"])
        if inside:
            clocks = [s["sm"] for s in inside]
            state = (f"{statistics.mean(clocks):.0f} ({min(clocks):.0f}–{max(clocks):.0f}) | "
                     f"{statistics.mean(s['power'] for s in inside):.0f} ({max(s['power'] for s in inside):.0f}) | "
                     f"{max(s['temperature'] for s in inside):.0f} | "
                     f"{', '.join(sorted({s['throttle'] for s in inside}))}")
        else:
            state = "no samples | | |"
        per = run.get("count", run["batches"])
        graphs = "" if run["graphs"] is None else "on" if run["graphs"] else "off"
        lines.append(f"| {run['batches']} | {graphs} | {median:.3f} s "
                     f"({min(run['seconds']):.3f}–{max(run['seconds']):.3f}) | {1e3 * median / per:.2f} ms | "
                     f"{state} | {run['cuda_graph']} |")
    text = "\n".join(lines) + "\n"
    print(text)
    with open(args.out, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
