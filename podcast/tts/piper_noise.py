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

How much noise a sentence takes is known only once the model has predicted its
durations, so each edited node also reports its count as an output, and the
session draws what earlier sentences needed per phoneme id, with room to spare.
A generator's first n values do not depend on how many are drawn, so the amount
never changes the samples.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..atomic import replacing
from ..errors import PodcastError
from ..memory import release_big_buffers_when_freed, resident_bytes
from ..storage import user_cache_folder
from .piper_layout import with_unit_height

NOISE_OP = "RandomNormalLike"
NOISE_INPUT = "noise_"
"""The edited graph's noise inputs are named noise_0, noise_1, … in graph order."""
NOISE_COUNT = "/count"
"""The edited graph's outputs named noise_0/count, … give how many values each noise input gave."""
EDIT_VERSION = 4
"""Changes whenever the voice is edited differently (`noise_inputs`, `with_unit_height`, `_keep`): kept
copies are made again, and, as it is part of the engine's version, clips are spoken again."""
NOISE_PER_PHONEME_ID = 2048
"""First guess of the noise values a sentence needs per phoneme id, before any was spoken: the
decoder wants channels (192 for joe) × frames (about 3 per id at length scale 1), so this leaves
room for slow rates; a sentence needing more is run again with more."""
NOISE_ROOM = 2.0
"""Later sentences draw this many times the most that any sentence before needed per phoneme id:
a sentence's frames per id vary with its pauses and pace, and a short draw costs a second run."""
MAX_GROWTH = 64
"""A model still short of noise at 64× the first guess is not a VITS voice of the known shape."""
RELEASE_ABOVE_BYTES = 512 << 20
"""Above this the arena is shrunk after a clip. A short episode never gets there and keeps its
buffers; a long one, whose arena fragments and grows, is held near it (benchmarks/run.py --long)."""


def noise_inputs(model: Any) -> list[str]:
    """Replace every random-normal node of the ONNX `model` (in place) by a slice of a new
    flat float input, reshaped like the tensor the node copied its shape from; the
    slice's length becomes an output (the input's name + NOISE_COUNT).

    Returns the new inputs' names, in graph order.
    """
    from onnx import TensorProto, helper

    graph = model.graph
    names = []
    for node in [n for n in graph.node if n.op_type == NOISE_OP]:
        name = f"{NOISE_INPUT}{len(names)}"
        names.append(name)
        graph.input.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, [None]))
        graph.output.append(helper.make_tensor_value_info(name + NOISE_COUNT, TensorProto.INT64, [1]))
        prefix = f"{name}/"
        zero = helper.make_tensor(f"{prefix}zero", TensorProto.INT64, [1], [0])
        replacement = [
            helper.make_node("Shape", [node.input[0]], [f"{prefix}shape"], name=f"{prefix}Shape"),
            helper.make_node("ReduceProd", [f"{prefix}shape"], [name + NOISE_COUNT], name=f"{prefix}Count", keepdims=1),
            helper.make_node("Constant", [], [f"{prefix}zero"], name=f"{prefix}Zero", value=zero),
            helper.make_node("Slice", [name, f"{prefix}zero", name + NOISE_COUNT], [f"{prefix}flat"], name=f"{prefix}Slice"),
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
    _outputs: list[str] = field(default_factory=list, repr=False)
    """The voice's own outputs: all the graph's but the noise counts."""
    _per_id: dict[str, float] = field(default_factory=dict, repr=False)
    """The most noise values per phoneme id each input needed so far."""
    _release: bool = field(default=False, repr=False)

    def __post_init__(self) -> None:
        self._outputs = [o.name for o in self.session.get_outputs() if not o.name.endswith(NOISE_COUNT)]

    def run(self, output_names: Any, feeds: dict[str, np.ndarray], run_options: Any = None) -> list[np.ndarray]:
        """The voice's outputs for `feeds` (all of them when `output_names` is None, as piper asks),
        with noise drawn from a seed of the feeds."""
        if self._release:
            self._release, run_options = False, _releasing(run_options)
        digest = hashlib.sha256(b"".join(np.ascontiguousarray(feeds[k]).tobytes() for k in sorted(feeds))).digest()
        seed = int.from_bytes(digest[:8], "little")
        ids = feeds["input"].size
        sizes = {name: round(ids * self._per_id[name] * NOISE_ROOM) if name in self._per_id else ids * NOISE_PER_PHONEME_ID
                 for name in self.noise_names}
        outputs = output_names or self._outputs
        counts = [name + NOISE_COUNT for name in self.noise_names]
        while True:
            noise = {
                name: np.random.default_rng([seed, n]).standard_normal(sizes[name], dtype=np.float32)
                for n, name in enumerate(self.noise_names)
            }
            try:
                result = self.session.run(outputs + counts, {**feeds, **noise}, run_options)
                break
            except Exception:  # onnxruntime's own error when a slice was short of noise for the reshape
                if max(sizes.values()) >= ids * NOISE_PER_PHONEME_ID * MAX_GROWTH:
                    raise
                sizes = {name: size * 4 for name, size in sizes.items()}
        for name, count in zip(self.noise_names, result[len(outputs):]):
            self._per_id[name] = max(self._per_id.get(name, 0.0), int(count[0]) / ids)
        return result[: len(outputs)]

    def release_memory(self) -> None:
        """Have the next run give the memory arena's idle blocks back to the system when it ends
        (a run's option is the only way onnxruntime offers to shrink the arena), if the process
        holds more than RELEASE_ABOVE_BYTES.

        The arena keeps buffers for reuse, which spares every later sentence the page
        faults of fresh memory (without it the kernel's share of the CPU time rivalled
        the model's); but its blocks fragment, so over a long episode it kept growing.
        Asked after each clip: memory stays near the bound whatever the episode's length.
        """
        resident = resident_bytes()
        if resident is None or resident > RELEASE_ABOVE_BYTES:
            self._release = True


def _releasing(options: Any) -> Any:
    """`options` (a new RunOptions if None) asking onnxruntime to shrink the CPU arena after the run."""
    import onnxruntime

    options = options or onnxruntime.RunOptions()
    options.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
    return options


def load_seeded_session(model_path: Path) -> SeededSession:
    """The edited voice in one onnxruntime session, one thread per run.

    One thread per run, because onnxruntime splits some sums differently over
    more threads, which moved a few samples of longer sentences (measured); the
    engine runs several sentences at once instead. The CPU memory arena stays
    on (see `SeededSession.release_memory`).
    """
    import onnxruntime

    release_big_buffers_when_freed()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    kept = edited_model_path(model_path)
    if kept is not None and kept.is_file():
        try:
            session = onnxruntime.InferenceSession(str(kept), sess_options=options, providers=["CPUExecutionProvider"])
            names = sorted((i.name for i in session.get_inputs() if i.name.startswith(NOISE_INPUT)), key=_noise_index)
            if names:
                return SeededSession(session, names)
        except Exception:  # a damaged copy (onnxruntime's own untyped errors): edit the voice again
            pass
    serialized, names = _edit(model_path)
    source = str(kept) if kept is not None and _keep(serialized, kept) else serialized
    session = onnxruntime.InferenceSession(source, sess_options=options, providers=["CPUExecutionProvider"])
    return SeededSession(session, names)


def _edit(model_path: Path) -> tuple[bytes, list[str]]:
    """The voice's graph with its noise made inputs (see `noise_inputs`) and its 1-D convolutions
    given a unit height (piper_layout.py), serialized, and the noise inputs' names."""
    import onnx

    model = onnx.load(str(model_path))
    names = noise_inputs(model)
    with_unit_height(model)
    return model.SerializeToString(), names


def _noise_index(name: str) -> int:
    return int(name[len(NOISE_INPUT):])


def edited_model_path(model_path: Path) -> Path | None:
    """Where the edited copy of the voice `model_path` is kept, in the user's cache folder.

    Editing needs the onnx package, whose import alone takes longer than the
    rest of loading a voice; the copy spares every later make both, and most of
    onnxruntime's graph optimization too (see `_keep`). It is named
    for the model file's path and for its size, time of change and the edit's
    version, so a changed voice or a new kind of edit is made afresh (and the
    copy it replaces removed). None where there is no home folder.
    """
    try:
        folder = user_cache_folder() / "voices"
        stat = model_path.stat()
    except (OSError, RuntimeError):
        return None
    place = hashlib.sha256(str(model_path.resolve()).encode("utf-8")).hexdigest()[:16]
    version = hashlib.sha256(f"{stat.st_size} {stat.st_mtime_ns} {EDIT_VERSION}".encode()).hexdigest()[:16]
    return folder / f"{place}-{version}.onnx"


def _keep(serialized: bytes, path: Path) -> bool:
    """Write the edited voice to `path` whole or not at all, with onnxruntime's graph optimizations
    that hold on any CPU already applied, and drop older copies of the same voice. False when it
    could not be written, which is only a slower next load.

    A session made from the optimized copy is ready in half the time, and speaks the same
    samples (checked on every sentence of the example); the optimizations that depend on the
    CPU (the `all` level's memory layouts) are still applied at each load.
    """
    import onnxruntime

    with contextlib.suppress(OSError, PodcastError):
        path.parent.mkdir(parents=True, exist_ok=True)
        for older in path.parent.glob(f"{path.name.split('-')[0]}-*.onnx"):
            if older != path:
                older.unlink(missing_ok=True)
        with replacing(path, "") as temporary:
            options = onnxruntime.SessionOptions()
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
            options.optimized_model_filepath = str(temporary)
            onnxruntime.InferenceSession(serialized, sess_options=options, providers=["CPUExecutionProvider"])
        return True
    return False
