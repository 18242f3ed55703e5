"""A Piper voice's one-dimensional convolutions given a unit height, so onnxruntime runs them fast.

A VITS voice spends most of its time in 1-D convolutions, above all in its
decoder. On x86, onnxruntime runs 2-D convolutions in its blocked channel layout
(NCHWc) with kernels made for it, but 1-D ones through the general path; the
same convolution written as 2-D with a height of one computes the same sums in
another order, so the samples move only by float rounding (less than 1e-4 of
full scale), which no listener hears, for a fifth less of the voice's CPU time
(the commit that made it gives the figures). Where onnxruntime has no blocked
layout the 2-D convolution takes the general path, as the 1-D one did.
"""

from __future__ import annotations

from typing import Any

HEIGHT_AXIS = "unit_height/axis"
"""The initializer naming the axis (2) that the unit height is inserted at and squeezed from (opset 13 on)."""
CONVOLUTIONS = ("Conv", "ConvTranspose")
WITH_HEIGHT = {"kernel_shape", "strides", "dilations", "output_padding", "output_shape"}
"""Attributes that list one value per spatial axis: the height's (1) goes first."""


def with_unit_height(model: Any) -> int:
    """Rewrite, in place, each Conv and ConvTranspose of the ONNX `model` whose weight is a 3-D
    initializer as the same convolution in 2-D: the input unsqueezed to a height of one, the
    weight and the per-axis attributes given that height, the output squeezed back.

    Returns how many convolutions were rewritten; a graph without 1-D ones is left as it was.
    """
    from onnx import TensorProto, helper, numpy_helper

    graph = model.graph
    initializers = {i.name: i for i in graph.initializer}
    inputs = {i.name for i in graph.input}

    def flat(node: Any) -> bool:
        return (
            node.op_type in CONVOLUTIONS and len(node.input) > 1 and node.input[1] not in inputs
            and len(getattr(initializers.get(node.input[1]), "dims", ())) == 3
        )

    if not any(flat(node) for node in graph.node):
        return 0
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 13)
    if opset >= 13:  # the axis is an input from opset 13 on, an attribute before
        axis, given = {}, [HEIGHT_AXIS]
        graph.initializer.append(helper.make_tensor(HEIGHT_AXIS, TensorProto.INT64, [1], [2]))
    else:
        axis, given = {"axes": [2]}, []
    tall: dict[str, str] = {}
    nodes = []
    for node in graph.node:
        if not flat(node):
            nodes.append(node)
            continue
        weight = node.input[1]
        if weight not in tall:
            tall[weight] = f"{weight}/unit_height"
            graph.initializer.append(numpy_helper.from_array(numpy_helper.to_array(initializers[weight])[:, :, None, :], tall[weight]))
        for attribute in node.attribute:
            if attribute.name in WITH_HEIGHT:
                attribute.ints[:] = [1 if attribute.name != "output_padding" else 0, *attribute.ints]
            elif attribute.name == "pads":
                attribute.ints[:] = [0, attribute.ints[0], 0, attribute.ints[1]]
        source, result = node.input[0], node.output[0]
        node.input[0], node.input[1], node.output[0] = f"{node.name}/unit_height/in", tall[weight], f"{node.name}/unit_height/out"
        nodes += [
            helper.make_node("Unsqueeze", [source, *given], [node.input[0]], name=f"{node.name}/unit_height/Unsqueeze", **axis),
            node,
            helper.make_node("Squeeze", [node.output[0], *given], [result], name=f"{node.name}/unit_height/Squeeze", **axis),
        ]
    rewritten = len(nodes) - len(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)
    used = {name for node in graph.node for name in node.input}
    for weight in tall:  # onnxruntime warns of every initializer no node uses
        if weight not in used:
            graph.initializer.remove(initializers[weight])
    return rewritten // 2
