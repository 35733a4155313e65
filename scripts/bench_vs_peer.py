#!/usr/bin/python3
"""rnnt4j against the PyTorch peer (../shared/peer: PyTorch 1.13 and a module-by-module port of NeMo's model) on the
workloads of issue 14's acceptance, one side after the other on the same machine, written to one JSON report.

  scripts/bench_vs_peer.sh [--busy] [--quick] [--repeats N] [--only a,b,c,d,e] [--output FILE]

Workloads (each measured on both sides; ratio = rnnt4j / peer, lower is better):
  a  64 training steps of conf/contextnet_rnnt_tiny.yaml, batch 16, AdamW lr 5e-3 without warm-up, seed 1234,
     on ../shared/data/synth_commands train with a 64-piece BPE tokenizer (one tokenizer.model for both sides):
     rnnt4j `train` train_runtime against the peer's `train_eval.py train` train_wall_s. Limit 1.0.
  b  the same on ../shared/data/synth_en train with 128 pieces. Limit 0.5.
  c  the Conformer-small training step on the peer's fixed batch (8 x ~10 s, U ~ 60, V = 1025):
     rnnt4j `bench train` median_step_ms against `bench_torch.py model` median_step_ms, fp32 (limit 0.5), and
     rnnt4j with --bf16 where the CPU has native bfloat16 (avx512_bf16 or amx_bf16), against the peer's fp32 step.
  d  the recipe's dummy ContextNet step (conf/contextnet_rnnt_dummy.yaml), rnnt4j exact loss (limit 0.25) and
     --loss pruned (limit 0.05, peak RSS under 1024 MB) against the peer's (torchaudio's exact loss).
  e  greedy evaluation (batch 8) of the README's model (runs/dummy/model.nemo, trained by scripts/run_dummy.sh when
     absent) on ../shared/data/synth_en validation: rnnt4j `evaluate` runtime_seconds (audio reading included)
     against the peer's `train_eval.py eval` seconds (audio reading excluded); hypotheses compared. Limit 1.0.

a, b and e run --repeats times (default 3), rnnt4j then the peer each time; c and d once per side, their spread
being that of the timed steps. --busy runs `python3 -c "while True: pass"` beside every measurement of both sides.
--quick shrinks every workload (4 training steps, 1 timed step, 1 repeat, the dummy model trained for 2 epochs) to
smoke-test the harness; its figures mean nothing. Every figure is kept with the load average before and after it.
"""
import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = "/usr/bin/python3"
LIMITS = {"a_synth_commands_train": 1.0, "b_synth_en_train": 0.5, "c_conformer_small_fp32": 0.5,
          "d_contextnet_dummy_exact": 0.25, "d_contextnet_dummy_pruned": 0.05, "e_greedy_eval": 1.0}


def log(msg):
    print(f"[bench_vs_peer {datetime.datetime.now():%H:%M:%S}] {msg}", file=sys.stderr, flush=True)


def loadavg():
    try:
        return open("/proc/loadavg").read().split()[:3]
    except OSError:
        return None


def cpu_facts():
    model, flags = "?", set()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name") and model == "?":
                model = line.split(":", 1)[1].strip()
            elif line.startswith("flags") and not flags:
                flags = set(line.split(":", 1)[1].split())
    except OSError:
        pass
    wanted = ["avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16", "amx_bf16", "amx_tile"]
    return {"model": model, "cpus": os.cpu_count(), "flags": [f for f in wanted if f in flags],
            "bf16_native": "avx512_bf16" in flags or "amx_bf16" in flags}


class Busy:
    """A single-threaded spinning process beside a measurement (when asked), stopped by its own pid."""

    def __init__(self, on):
        self.on, self.proc = on, None

    def __enter__(self):
        if self.on:
            self.proc = subprocess.Popen([PY, "-c", "while True: pass"])
        return self

    def __exit__(self, *exc):
        if self.proc:
            self.proc.kill()
            self.proc.wait()


def run(cmd, busy, log_file, env=None):
    """Runs cmd (cwd = the repository) beside a busy process if asked; returns stdout, wall seconds, load before/after."""
    log(" ".join(cmd))
    before = loadavg()
    t0 = time.perf_counter()
    with Busy(busy), open(log_file, "w") as err:
        p = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=err, text=True,
                           env=dict(os.environ, **(env or {})))
    wall = time.perf_counter() - t0
    if p.returncode:
        tail = open(log_file).read()[-2000:]
        raise RuntimeError(f"{cmd[0]} {' '.join(cmd[1:3])} failed (exit {p.returncode}); log {log_file}:\n{tail}")
    return p.stdout, round(wall, 2), {"load_before": before, "load_after": loadavg()}


def last_json(stdout):
    for line in reversed(stdout.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError("no JSON line in the output")


def spread(values):
    v = [x for x in values if x is not None]
    if not v:
        return None
    return {"median": round(statistics.median(v), 3), "min": round(min(v), 3), "max": round(max(v), 3), "runs": v}


def compare(name, ours, peer, extra=None):
    """ours/peer: spreads of the same quantity; the ratio of their medians against the acceptance limit."""
    out = {"rnnt4j": ours, "peer": peer}
    if ours and peer and peer["median"]:
        out["ratio"] = round(ours["median"] / peer["median"], 3)
        limit = LIMITS.get(name)
        if limit is not None:
            out["limit"] = limit
            out["meets_limit"] = out["ratio"] <= limit
    out.update(extra or {})
    return out


def rnnt4j(*args):
    return [os.path.join(ROOT, "rnnt4j")] + list(args)


# ------------------------------------------------------------------------------------------------- workloads
def shown(path):
    """A path as the report records it: relative to the repository, never an absolute machine path."""
    return os.path.relpath(path, ROOT)


def tokenizer(work, manifest, vocab):
    """One SentencePiece model trained by rnnt4j on the manifest's transcripts, used by both sides."""
    out = os.path.join(work, f"tokenizer_v{vocab}_{os.path.basename(os.path.dirname(os.path.dirname(manifest)))}")
    model = os.path.join(out, f"tokenizer_spe_bpe_v{vocab}", "tokenizer.model")
    if not os.path.exists(model):
        os.makedirs(out, exist_ok=True)
        text = os.path.join(out, "text.txt")
        with open(text, "w", encoding="utf-8") as f:
            for line in open(manifest, encoding="utf-8"):
                if line.strip():
                    f.write(json.loads(line)["text"].lower() + "\n")
        run(rnnt4j("tokenizer", "train", "--input", text, "--vocab_size", str(vocab), "--spe_type", "bpe",
                   "--output_dir", out), False, os.path.join(out, "tokenizer.log"))
    return os.path.dirname(model), model


def train_workload(a, key, manifest, vocab):
    work = os.path.join(a.work, key)
    os.makedirs(work, exist_ok=True)
    tok_dir, tok_model = tokenizer(a.work, manifest, vocab)
    steps = 4 if a.quick else 64
    ours, theirs, runs = [], [], []
    for r in range(a.repeats):
        out_dir = os.path.join(work, f"rnnt4j_{r}")
        _, wall, load = run(rnnt4j(
            "train", "--config_path", "conf/contextnet_rnnt_tiny.yaml", "--train_manifest", manifest,
            "--tokenizer_path", os.path.dirname(tok_dir), "--vocab_size", str(vocab), "--output_dir", out_dir,
            "--overwrite_output_dir", "--max_steps", str(steps), "--per_device_train_batch_size", "16",
            "--learning_rate", "5e-3", "--warmup_steps", "0", "--seed", "1234", "--do_lower_case", "--do_train",
            "--do_eval", "False", "--do_predict", "False", "--evaluation_strategy", "no", "--save_strategy", "no",
            "--logging_steps", "8", "--save_nemo", "False"), a.busy, os.path.join(work, f"rnnt4j_{r}.log"))
        res = json.load(open(os.path.join(out_dir, "train_results.json")))
        ours.append(res["train_runtime"])
        runs.append({"side": "rnnt4j", "train_runtime": res["train_runtime"], "process_wall_s": wall, **load})
        out, wall, load = run([PY, os.path.join(a.peer, "train_eval.py"), "train", "--conf",
                               "conf/contextnet_rnnt_tiny.yaml", "--manifest", manifest, "--tokenizer", tok_model,
                               "--batch", "16", "--steps", str(steps), "--lr", "5e-3", "--warmup", "0",
                               "--seed", "1234"], a.busy, os.path.join(work, f"peer_{r}.log"))
        res = last_json(out)
        theirs.append(res["train_wall_s"])
        runs.append({"side": "peer", "train_wall_s": res["train_wall_s"], "step_s_median": res["step_s_median"],
                     "process_wall_s": wall, **load})
    return compare(key, spread(ours), spread(theirs),
                   {"unit": "s", "steps": steps, "batch": 16, "vocab": vocab, "manifest": shown(manifest),
                    "tokenizer": os.path.relpath(tok_model, ROOT), "measurements": runs})


def bench_step(a, key, conf, variants):
    """variants: {name: extra rnnt4j bench train flags}; the peer's bench_torch.py step is measured once."""
    work = os.path.join(a.work, key)
    os.makedirs(work, exist_ok=True)
    steps, warmup = ("1", "1") if a.quick else ("5", "2")
    out, wall, load = run([PY, os.path.join(a.peer, "bench_torch.py"), "model", conf, "--steps", steps, "--warmup",
                           "0" if a.quick else warmup], a.busy, os.path.join(work, "peer.log"))
    peer = last_json(out)
    peer_ms = spread(peer["step_ms"])
    results = {}
    for name, flags in variants.items():
        report = os.path.join(work, f"{name}.json")
        _, wall2, load2 = run(rnnt4j("bench", "train", "--config", conf, "--steps", steps, "--warmup", warmup,
                                     "--matmul_size", "0" if a.quick else "2048", "--output", report, *flags),
                              a.busy, os.path.join(work, f"{name}.log"))
        r = json.load(open(report))
        ours = spread(r["step_ms"])
        results[name] = compare(name, ours, peer_ms, {
            "unit": "ms per step", "flags": flags, "rnnt4j_peak_rss_mb": r.get("peak_rss_mb"),
            "peer_peak_rss_mb": peer.get("peak_rss_mb"), "rnnt4j_achieved_gflops": r.get("achieved_gflops"),
            "peer_achieved_gflops": peer.get("achieved_gflops"),
            "rnnt4j_audio_seconds_per_wall_second": r.get("audio_seconds_per_wall_second"),
            "peer_audio_seconds_per_wall_second": peer.get("audio_seconds_per_wall_second"),
            "rnnt4j_load": load2, "peer_load": load, "rnnt4j_process_wall_s": wall2, "peer_process_wall_s": wall})
        if name == "d_contextnet_dummy_pruned" and r.get("peak_rss_mb") is not None:
            results[name]["peak_rss_limit_mb"] = 1024
            results[name]["meets_limit"] = results[name].get("meets_limit", False) and r["peak_rss_mb"] < 1024
    return results


def readme_model(a):
    if a.model:
        return a.model
    if a.quick:
        out = os.path.join(a.work, "dummy_model")
        if not os.path.exists(os.path.join(out, "model.nemo")):
            run([os.path.join(ROOT, "scripts", "run_dummy.sh"), "--output_dir", out, "--tokenizer_path",
                 os.path.join(a.work, "dummy_tokenizers"), "--num_train_epochs", "2", "--evaluation_strategy", "no",
                 "--save_strategy", "no", "--do_eval", "False", "--do_predict", "False"], False,
                os.path.join(a.work, "dummy_model.log"))
        return os.path.join(out, "model.nemo")
    model = os.path.join(ROOT, "runs", "dummy", "model.nemo")
    if not os.path.exists(model):
        run([os.path.join(ROOT, "scripts", "run_dummy.sh")], False, os.path.join(a.work, "run_dummy.log"))
    return model


def eval_workload(a):
    key = "e_greedy_eval"
    work = os.path.join(a.work, key)
    os.makedirs(work, exist_ok=True)
    model = readme_model(a)
    manifest = os.path.join(a.data, "synth_en", "validation", "manifest.jsonl")
    order = [json.loads(l)["audio_filepath"] for l in open(manifest, encoding="utf-8") if l.strip()]
    ours, theirs, runs, same = [], [], [], None
    for r in range(a.repeats):
        out_dir = os.path.join(work, f"rnnt4j_{r}")
        _, wall, load = run(rnnt4j("evaluate", "--model", model, "--manifest", manifest, "--output_dir", out_dir,
                                   "--decoding_strategy", "greedy_batch", "--per_device_eval_batch_size", "8"),
                            a.busy, os.path.join(work, f"rnnt4j_{r}.log"))
        metrics = json.load(open(os.path.join(out_dir, "metrics.json")))
        ours.append(metrics["runtime_seconds"])
        runs.append({"side": "rnnt4j", "runtime_seconds": metrics["runtime_seconds"], "wer": metrics["wer"],
                     "process_wall_s": wall, **load})
        out, wall, load = run([PY, os.path.join(a.peer, "train_eval.py"), "eval", "--model", model, "--manifest",
                               manifest, "--batch", "8"], a.busy, os.path.join(work, f"peer_{r}.log"))
        res = last_json(out)
        theirs.append(res["seconds"])
        runs.append({"side": "peer", "seconds": res["seconds"], "wer": res["wer"], "process_wall_s": wall, **load})
        preds = {}
        for line in open(os.path.join(out_dir, "predictions.jsonl"), encoding="utf-8"):
            p = json.loads(line)
            preds[os.path.basename(p.get("audio_filepath") or p.get("id", ""))] = p["pred_text"]
        ours_h = [preds.get(os.path.basename(f)) for f in order]
        differ = [i for i, (x, y) in enumerate(zip(ours_h, res["hypotheses"])) if (x or "").strip() != y.strip()]
        same = {"utterances": len(order), "differing": len(differ),
                "examples": [{"audio": os.path.basename(order[i]), "rnnt4j": ours_h[i], "peer": res["hypotheses"][i]}
                             for i in differ[:5]]}
    extra = {"unit": "s", "model": os.path.relpath(model, ROOT), "manifest": shown(manifest), "hypotheses": same,
             "measurements": runs}
    out = compare(key, spread(ours), spread(theirs), extra)
    if same and same["differing"] and "meets_limit" in out:
        out["meets_limit"] = False
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--busy", action="store_true", help="a spinning single-threaded process beside every run")
    ap.add_argument("--quick", action="store_true", help="tiny versions of every workload (a smoke test)")
    ap.add_argument("--repeats", type=int, help="runs of a, b and e per side (default 3; 1 with --quick)")
    ap.add_argument("--only", default="a,b,c,d,e", help="workloads to run, e.g. a,e (default: all)")
    ap.add_argument("--bf16", choices=["auto", "yes", "no"], default="auto",
                    help="also bench train --bf16 in c: auto = where the CPU has native bfloat16")
    ap.add_argument("--model", help="the model of e (default: runs/dummy/model.nemo, trained when absent)")
    ap.add_argument("--shared", default=os.environ.get("RNNT4J_SHARED", os.path.join(ROOT, "..", "shared")),
                    help="the shared folder holding peer/ and data/ (default: $RNNT4J_SHARED, else ../shared; "
                         "a git worktree elsewhere names it)")
    ap.add_argument("--work", help="scratch folder (default: target/bench_vs_peer)")
    ap.add_argument("--output", help="default: benchmarks/peer_comparison[_busy].json; with --quick under --work")
    a = ap.parse_args()
    a.repeats = a.repeats or (1 if a.quick else 3)
    a.peer, a.data = os.path.abspath(os.path.join(a.shared, "peer")), os.path.abspath(os.path.join(a.shared, "data"))
    a.work = os.path.abspath(a.work or os.path.join(ROOT, "target", "bench_vs_peer" + ("_quick" if a.quick else "")))
    suffix = "_busy" if a.busy else ""
    output = a.output or (os.path.join(a.work, f"peer_comparison{suffix}.json") if a.quick
                          else os.path.join(ROOT, "benchmarks", f"peer_comparison{suffix}.json"))
    for path in (os.path.join(a.peer, "bench_torch.py"), os.path.join(a.data, "synth_en")):
        if not os.path.exists(path):
            sys.exit(f"bench_vs_peer: {path} is missing (the peer and data live in ../shared; --shared DIR elsewhere)")
    os.makedirs(a.work, exist_ok=True)
    only = set(a.only.split(","))
    cpu = cpu_facts()
    report = {"benchmark": "rnnt4j vs PyTorch peer", "schema_version": 1, "quick": a.quick, "busy": a.busy,
              "repeats": a.repeats, "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
              "git_commit": subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                                           text=True).stdout.strip(),
              "cpu": cpu, "load_average_before": loadavg(), "workloads": {},
              "method": "ratio = rnnt4j median / peer median of the same quantity; sides run one after the other "
                        "with the shipped defaults and no thread variables; see scripts/bench_vs_peer.py"}
    for var in ("OMP_WAIT_POLICY", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "RNNT4J_THREADS", "GOMP_SPINCOUNT"):
        if var in os.environ:
            report.setdefault("environment_warnings", []).append(f"{var}={os.environ[var]} is set: not the shipped defaults")
    w = report["workloads"]
    t0 = time.perf_counter()

    def attempt(key, fn):
        try:
            result = fn()
            if key in result and isinstance(result[key], dict) and "rnnt4j" not in result:
                w.update(result)
            else:
                w[key] = result
        except Exception as e:  # noqa: one failed workload must not lose the others' figures
            log(f"{key} failed: {e}")
            w[key] = {"error": str(e)[-1500:]}
        write(output, report)

    data = a.data
    if "a" in only:
        attempt("a_synth_commands_train", lambda: train_workload(
            a, "a_synth_commands_train", os.path.join(data, "synth_commands", "train", "manifest.jsonl"), 64))
    if "b" in only:
        attempt("b_synth_en_train", lambda: train_workload(
            a, "b_synth_en_train", os.path.join(data, "synth_en", "train", "manifest.jsonl"), 128))
    if "c" in only:
        variants = {"c_conformer_small_fp32": []}
        if a.bf16 == "yes" or (a.bf16 == "auto" and cpu["bf16_native"]):
            variants["c_conformer_small_bf16"] = ["--bf16"]
        attempt("c_conformer_small_fp32", lambda: bench_step(a, "c_conformer_small", "conf/conformer_transducer_bpe_small.yaml", variants))
    if "d" in only:
        attempt("d_contextnet_dummy_exact", lambda: bench_step(a, "d_contextnet_dummy", "conf/contextnet_rnnt_dummy.yaml", {
            "d_contextnet_dummy_exact": [], "d_contextnet_dummy_pruned": ["--loss", "pruned"]}))
    if "e" in only:
        attempt("e_greedy_eval", lambda: eval_workload(a))
    report["load_average_after"] = loadavg()
    report["harness_wall_s"] = round(time.perf_counter() - t0, 1)
    report["summary"] = {k: {"ratio": v.get("ratio"), "limit": v.get("limit"), "meets_limit": v.get("meets_limit")}
                         for k, v in w.items()}
    write(output, report)
    log(f"wrote {output} in {report['harness_wall_s']} s")
    print(json.dumps(report["summary"], indent=1))


def relative_paths(value):
    """The report with every absolute path under the repository's parent made relative to the repository."""
    if isinstance(value, dict):
        return {k: relative_paths(v) for k, v in value.items()}
    if isinstance(value, list):
        return [relative_paths(v) for v in value]
    if isinstance(value, str) and os.path.isabs(value) and value.startswith(os.path.dirname(ROOT) + os.sep):
        return os.path.relpath(value, ROOT)
    return value


def write(path, report):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(relative_paths(report), f, indent=1)
        f.write("\n")
    os.replace(tmp, path)


if __name__ == "__main__":
    main()
