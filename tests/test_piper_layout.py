"""A voice's 1-D convolutions given a unit height compute what they computed (piper_layout.py)."""

from __future__ import annotations

import numpy as np
import onnx
import onnxruntime
import pytest
from onnx import TensorProto, helper, numpy_helper

from podcast.tts.piper_layout import with_unit_height


def _decoder_like(opset: int) -> onnx.ModelProto:
    """A dilated padded Conv, a LeakyRelu, a strided ConvTranspose and a 1x1 Conv sharing a
    weight with nothing: the shapes of a HiFi-GAN decoder's layers, with random weights."""
    rng = np.random.default_rng(7)
    weights = {
        "conv.w": rng.standard_normal((32, 16, 5), dtype=np.float32) * 0.2,
        "conv.b": rng.standard_normal(32, dtype=np.float32),
        "up.w": rng.standard_normal((32, 16, 8), dtype=np.float32) * 0.2,
        "post.w": rng.standard_normal((1, 16, 7), dtype=np.float32) * 0.2,
    }
    nodes = [
        helper.make_node("Conv", ["x", "conv.w", "conv.b"], ["a"], name="conv", dilations=[3], pads=[6, 6], kernel_shape=[5]),
        helper.make_node("LeakyRelu", ["a"], ["b"], name="act", alpha=0.1),
        helper.make_node("ConvTranspose", ["b", "up.w"], ["c"], name="up", strides=[4], pads=[2, 2], kernel_shape=[8]),
        helper.make_node("Conv", ["c", "post.w"], ["y"], name="post", pads=[3, 3]),
    ]
    graph = helper.make_graph(
        nodes, "decoder-like",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 16, None])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 1, None])],
        [numpy_helper.from_array(w, name) for name, w in weights.items()],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], ir_version=8)


def _run(model: onnx.ModelProto, x: np.ndarray) -> np.ndarray:
    session = onnxruntime.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, {"x": x})[0]


@pytest.mark.parametrize("opset", [11, 15])
def test_the_unit_height_graph_computes_the_same_samples(opset: int) -> None:
    model = _decoder_like(opset)
    x = np.random.default_rng(1).standard_normal((1, 16, 200), dtype=np.float32)
    expected = _run(model, x)
    assert with_unit_height(model) == 3
    onnx.checker.check_model(model, full_check=True)
    kernels = {i.name: len(i.dims) for i in model.graph.initializer if i.name.endswith(".w/unit_height")}
    assert kernels == {"conv.w/unit_height": 4, "up.w/unit_height": 4, "post.w/unit_height": 4}
    assert not {"conv.w", "up.w", "post.w"} & {i.name for i in model.graph.initializer}  # no unused weights left
    got = _run(model, x)
    assert got.shape == expected.shape == (1, 1, 800)
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-5 * float(np.abs(expected).max()))


def test_a_graph_without_1d_convolutions_is_left_as_it_was() -> None:
    graph = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["y"])], "plain",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 15)])
    before = model.SerializeToString()
    assert with_unit_height(model) == 0
    assert model.SerializeToString() == before
