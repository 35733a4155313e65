#!/usr/bin/env python3
"""Checks a .nemo written by rnnt4j with Python's own libraries, without PyTorch or NeMo.

What NeMo's SaveRestoreConnector.restore_from and torch.load(weights_only=True) do with the archive is
replayed with independent implementations:

- tarfile (what NeMo itself uses) lists and reads the members: './', then './<name>' sorted; no member
  leaves the archive root; model_config.yaml and model_weights.ckpt are regular files;
- yaml.safe_load (OmegaConf's parser is PyYAML) reads model_config.yaml; no '${' interpolation is left; every
  'nemo:' value names a member (NeMo's register_artifact); labels / decoder.vocab_size / joint.num_classes
  agree with the tokenizer's vocab file;
- zipfile reads model_weights.ckpt: stored records '<prefix>/data.pkl', optional 'byteorder' (= 'little'),
  'data/<key>' for each storage, 'version' (1..3 here), every data record 64-byte aligned as
  PyTorchStreamWriter writes them, CRCs checked;
- pickletools walks data.pkl: protocol 2, and only the opcodes and globals torch's _weights_only_unpickler
  accepts (collections.OrderedDict, torch._utils._rebuild_tensor_v2, torch.{Float,Long}Storage), BUILD only on
  the OrderedDict, persistent ids ('storage', type, key, 'cpu', numel);
- pickle.Unpickler (with stand-ins for the torch globals) rebuilds every tensor with numpy, from its storage
  record, offset, size and stride.

With --reference OTHER.nemo the tensors must equal OTHER's bit for bit (key order included).
Usage: scripts/verify_nemo_export.py model.nemo [--reference original.nemo]
"""

import argparse
import collections
import io
import pickle
import pickletools
import struct
import sys
import tarfile
import zipfile

import numpy as np
import yaml

# The opcodes torch/_weights_only_unpickler.py implements.
ALLOWED_OPCODES = {
    "APPEND", "APPENDS", "BINFLOAT", "BINGET", "BININT", "BININT1", "BININT2", "BINPERSID", "BINPUT",
    "BINUNICODE", "BUILD", "EMPTY_DICT", "EMPTY_LIST", "EMPTY_SET", "EMPTY_TUPLE", "GLOBAL", "LONG1",
    "LONG_BINGET", "LONG_BINPUT", "MARK", "NEWFALSE", "NEWOBJ", "NEWTRUE", "NONE", "PROTO", "REDUCE",
    "SETITEM", "SETITEMS", "SHORT_BINSTRING", "STOP", "TUPLE", "TUPLE1", "TUPLE2", "TUPLE3",
}
ALLOWED_GLOBALS = {
    "collections OrderedDict", "torch._utils _rebuild_tensor_v2", "torch FloatStorage", "torch LongStorage",
}
DTYPES = {"FloatStorage": np.float32, "LongStorage": np.int64}


def fail(msg):
    raise SystemExit("FAIL: " + msg)


def read_members(path):
    with tarfile.open(path, "r:*") as tar:
        names = tar.getnames()
        members = {}
        for m in tar.getmembers():
            if m.name.startswith("/") or ".." in m.name.split("/"):
                fail(f"member {m.name} leaves the archive root")
            if m.isfile():
                members[m.name[2:] if m.name.startswith("./") else m.name] = tar.extractfile(m).read()
            elif not m.isdir():
                fail(f"member {m.name} is neither a file nor a directory")
    return names, members


class _Storage:
    def __init__(self, kind):
        self.kind = kind


def _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks, *rest):
    data, dtype = storage
    flat = np.frombuffer(data, dtype=dtype)
    if not size:
        return flat[offset:offset + 1].reshape(())
    itemsize = np.dtype(dtype).itemsize
    return np.lib.stride_tricks.as_strided(
        flat[offset:], shape=tuple(size), strides=tuple(s * itemsize for s in stride)).copy()


class StateDictUnpickler(pickle.Unpickler):
    def __init__(self, data, records, prefix):
        super().__init__(io.BytesIO(data))
        self.records = records
        self.prefix = prefix

    def find_class(self, module, name):
        if f"{module} {name}" not in ALLOWED_GLOBALS:
            fail(f"global {module}.{name} is not allowed by torch.load(weights_only=True)")
        if name == "OrderedDict":
            return collections.OrderedDict
        if name == "_rebuild_tensor_v2":
            return _rebuild_tensor_v2
        return _Storage(name)

    def persistent_load(self, pid):
        tag, kind, key, location, numel = pid
        if tag != "storage" or location != "cpu":
            fail(f"persistent id {pid}")
        data = self.records[f"{self.prefix}/data/{key}"]
        dtype = DTYPES[kind.kind]
        if len(data) != numel * np.dtype(dtype).itemsize:
            fail(f"storage {key}: {len(data)} bytes for {numel} elements of {kind.kind}")
        return data, dtype


def read_checkpoint(ckpt, label):
    with zipfile.ZipFile(io.BytesIO(ckpt)) as z:
        infos = z.infolist()
        prefix = infos[0].filename.split("/")[0]
        names = [i.filename for i in infos]
        records = {}
        for info in infos:
            if info.compress_type != zipfile.ZIP_STORED:
                fail(f"{label}: record {info.filename} is compressed")
            if not info.filename.startswith(prefix + "/"):
                fail(f"{label}: record {info.filename} outside the prefix {prefix}/")
            records[info.filename] = z.read(info)  # checks the CRC
            name_len, extra_len = struct.unpack_from("<HH", ckpt, info.header_offset + 26)  # the local header's
            data_start = info.header_offset + 30 + name_len + extra_len
            if "/data/" in info.filename and data_start % 64:
                fail(f"{label}: {info.filename} starts at {data_start}, not 64-byte aligned")
    if names[0] != prefix + "/data.pkl" or names[-1] != prefix + "/version":
        fail(f"{label}: records {names[:2]} ... {names[-1:]}")
    version = int(records[prefix + "/version"].decode().strip())
    if not 1 <= version <= 3:
        fail(f"{label}: version {version}")
    if prefix + "/byteorder" in records and records[prefix + "/byteorder"] != b"little":
        fail(f"{label}: byteorder {records[prefix + '/byteorder']!r}")
    pkl = records[prefix + "/data.pkl"]
    protocol = None
    for op, arg, _ in pickletools.genops(pkl):
        if op.name not in ALLOWED_OPCODES:
            fail(f"{label}: opcode {op.name} is not accepted by torch's weights_only unpickler")
        if op.name == "PROTO":
            protocol = arg
        if op.name == "GLOBAL" and arg not in ALLOWED_GLOBALS:
            fail(f"{label}: global {arg}")
    if protocol != 2:
        fail(f"{label}: pickle protocol {protocol}, torch.save writes 2")
    state = StateDictUnpickler(pkl, records, prefix).load()
    if type(state) is not collections.OrderedDict:
        fail(f"{label}: data.pkl holds {type(state)}")
    used = {f"{prefix}/data/{i}" for i in range(len(state))}
    extra = set(n for n in names if "/data/" in n) - used
    if extra:
        fail(f"{label}: unreferenced storages {sorted(extra)[:5]}")
    return prefix, names, state


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("nemo")
    parser.add_argument("--reference")
    args = parser.parse_args()

    names, members = read_members(args.nemo)
    files = [n for n in names if n != "."]
    if names[0] not in (".", "./") or files != sorted(files) or not all(n.startswith("./") for n in files):
        fail(f"member order {names}")
    for required in ("model_config.yaml", "model_weights.ckpt"):
        if required not in members:
            fail(f"no {required} in {sorted(members)}")

    config = yaml.safe_load(members["model_config.yaml"].decode("utf-8"))
    text = members["model_config.yaml"].decode("utf-8")
    if "${" in text:
        fail("model_config.yaml holds an unresolved interpolation")

    def walk(node, path=""):
        if isinstance(node, dict):
            for k, v in node.items():
                yield from walk(v, f"{path}.{k}" if path else str(k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from walk(v, f"{path}[{i}]")
        else:
            yield path, node

    references = {p: v for p, v in walk(config) if isinstance(v, str) and v.startswith("nemo:")}
    for path, value in references.items():
        if value[5:] not in members:
            fail(f"{path} = {value} names no member")
    tok = config["tokenizer"]
    for key in ("model_path", "vocab_path", "spe_tokenizer_vocab"):
        if not str(tok.get(key, "")).startswith("nemo:"):
            fail(f"tokenizer.{key} is {tok.get(key)!r}")
    spm_vocab = members[tok["spe_tokenizer_vocab"][5:]].decode("utf-8").splitlines()
    pieces = [line.split("\t")[0] for line in spm_vocab]
    if config["labels"] != pieces:
        fail("labels differ from the tokenizer's pieces")
    if config["decoder"]["vocab_size"] != len(pieces) or config["joint"]["num_classes"] != len(pieces):
        fail("decoder.vocab_size / joint.num_classes differ from the vocabulary size")

    prefix, records, state = read_checkpoint(members["model_weights.ckpt"], "model_weights.ckpt")
    if prefix != "model_weights":
        fail(f"record prefix {prefix}")
    embed = state.get("decoder.prediction.embed.weight")
    if embed is not None and embed.shape[0] != len(pieces) + 1:
        fail(f"embedding rows {embed.shape[0]} for {len(pieces)} pieces + blank")
    metadata = getattr(state, "_metadata", None)
    print(f"ok: {args.nemo}: {len(members)} files, {len(state)} tensors "
          f"({sum(v.size for v in state.values()):,} values), {len(pieces)} pieces, "
          f"_metadata for {len(metadata) if metadata else 0} modules, records {records[0]} .. {records[-1]}")

    if args.reference:
        _, ref_members = read_members(args.reference)
        _, _, ref = read_checkpoint(ref_members["model_weights.ckpt"], "reference")
        if list(ref.keys()) != list(state.keys()):
            fail("state-dict keys or their order differ from the reference")
        for k in ref:
            a, b = ref[k], state[k]
            if a.dtype != b.dtype or a.shape != b.shape or a.tobytes() != b.tobytes():
                fail(f"{k} differs from the reference")
        if getattr(ref, "_metadata", None) != metadata:
            fail("_metadata differs from the reference")
        print(f"ok: every tensor equals {args.reference} bit for bit")


if __name__ == "__main__":
    sys.exit(main())
