"""Piper's random noise drawn outside the model, so a sentence's audio depends only on what is said.

A VITS voice draws Gaussian noise inside its ONNX graph (RandomNormalLike nodes:
one for the duration predictor, one for the decoder), from the session's own
generator: the same text comes out differently on every call, and
`onnxruntime.set_seed` only makes a whole session's sequence repeatable, so a
clip would still depend on the clips spoken before it in that process.

So the graph is edited once, when the voice is loaded: each random node becomes
a slice of a new input holding noise drawn by numpy, from a generator seeded with
a hash of the sentence's phoneme ids and scales. One session then serves every
clip (no model load per clip), and a sentence gives the same samples whatever
was spoken before it, in whichever order or number of threads.
"""

from __future__ import annotations

import ctypes
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

NOISE_OP = "RandomNormalLike"
NOISE_PER_PHONEME_ID = 2048
"""First guess of the noise values a sentence needs per phoneme id: the decoder
wants channels (192 for joe) × frames (about 3 per id at length scale 1), so
this leaves room for slow rates; a sentence needing more is run again with more."""
M_MMAP_THRESHOLD = -3
"""glibc's mallopt parameter number for the size above which blocks are mmapped."""
MAX_GROWTH = 64
"""A model still short of noise at 64× the first guess is not a VITS voice of the known shape."""


def noise_inputs(model: Any) -> list[str]:
    """Replace every random-normal node of the ONNX `model` (in place) by a slice of a new
    flat float input, reshaped like the tensor the node copied its shape from.

    Returns the new inputs' names, in graph order.
    """
    from onnx import TensorProto, helper

    graph = model.graph
    names = []
    for node in [n for n in graph.node if n.op_type == NOISE_OP]:
        name = f"noise_{len(names)}"
        names.append(name)
        graph.input.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, [None]))
        prefix = f"{name}/"
        zero = helper.make_tensor(f"{prefix}zero", TensorProto.INT64, [1], [0])
        replacement = [
            helper.make_node("Shape", [node.input[0]], [f"{prefix}shape"], name=f"{prefix}Shape"),
            helper.make_node("ReduceProd", [f"{prefix}shape"], [f"{prefix}count"], name=f"{prefix}Count", keepdims=1),
            helper.make_node("Constant", [], [f"{prefix}zero"], name=f"{prefix}Zero", value=zero),
            helper.make_node("Slice", [name, f"{prefix}zero", f"{prefix}count"], [f"{prefix}flat"], name=f"{prefix}Slice"),
            helper.make_node("Reshape", [f"{prefix}flat", f"{prefix}shape"], [node.output[0]], name=f"{prefix}Reshape"),
        ]
        at = list(graph.node).index(node)
        graph.node.remove(node)
        for offset, new in enumerate(replacement):
            graph.node.insert(at + offset, new)
    return names


@dataclass
class SeededSession:
    """An onnxruntime session of an edited voice that fills its noise inputs from a seed of the feeds.

    It stands in for the session inside piper's PiperVoice, which calls
    `run(None, {"input": ids, "input_lengths": …, "scales": …})` once per sentence.
    """

    session: Any
    noise_names: list[str]

    def run(self, output_names: Any, feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
        seed = hashlib.sha256(b"".join(np.ascontiguousarray(feeds[k]).tobytes() for k in sorted(feeds))).digest()
        size = feeds["input"].size * NOISE_PER_PHONEME_ID
        while True:
            noise = {
                name: np.random.default_rng([int.from_bytes(seed[:8], "little"), n]).standard_normal(size, dtype=np.float32)
                for n, name in enumerate(self.noise_names)
            }
            try:
                return self.session.run(output_names, {**feeds, **noise})
            except Exception:  # onnxruntime's own error when a slice was short of noise for the reshape
                if size >= feeds["input"].size * NOISE_PER_PHONEME_ID * MAX_GROWTH:
                    raise
                size *= 4


def _return_freed_buffers() -> None:
    """Have glibc give big freed buffers back to the system at once.

    By default glibc raises its mmap threshold to the largest block freed, so after
    the first long sentence every model run's buffers came from the heap and stayed
    resident: the engine held 485 MB after speaking where it needed 253 MB
    (measured). A fixed 1 MB threshold keeps each run's buffers to that run. Other
    C libraries are left as they are.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, 1 << 20)
    except (OSError, AttributeError):
        pass


def load_seeded_session(model_path: Path) -> SeededSession:
    """The edited voice in one onnxruntime session, one thread per run.

    One thread per run, because onnxruntime splits some sums differently over
    more threads, which moved a few samples of longer sentences (measured); the
    engine runs several sentences at once instead. The CPU memory arena is off: it kept the largest sentence's buffers for good,
    so a worker grew with every long sentence; without it memory follows the
    sentence being spoken.
    """
    import onnx
    import onnxruntime

    _return_freed_buffers()
    model = onnx.load(str(model_path))
    names = noise_inputs(model)
    serialized = model.SerializeToString()
    del model
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.enable_cpu_mem_arena = False
    session = onnxruntime.InferenceSession(serialized, sess_options=options, providers=["CPUExecutionProvider"])
    return SeededSession(session, names)
