// Generated ATen wrappers called with their defaults, with optional arguments and with named modes give
// PyTorch's values (fixtures from scripts/fixtures/generated_ops.py, float64).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { aten, F, liveTensors, tensor, Tensor, tidy, zeros } from "../../src/torch/index.js";
import type { DType } from "../../src/torch/index.js";
import { assertClose, fixturePath } from "../helpers/fixtures.js";

interface Stored {
  dtype: DType;
  shape: number[];
  data: number[];
}
const fixture = JSON.parse(readFileSync(fixturePath("generated", "ops.json"), "utf8")) as { values: Record<string, Stored> };

function ref(name: string): Tensor {
  const v = fixture.values[name];
  if (!v) throw new Error(`ops.json has no entry '${name}'`);
  return tensor(Float64Array.from(v.data), v.shape, { dtype: v.dtype });
}
const input = (name: string) => ref(`in.${name}`);

/** Compares value and dtype: an index must come back int64, a mask bool. */
function check(actual: Tensor, name: string, rtol = 1e-9, atol = 1e-11): void {
  const expected = ref(name);
  assert.equal(actual.dtype, expected.dtype, `${name}: dtype`);
  assertClose(actual, expected, name, rtol, atol);
}

test("convolution and pooling: defaults, options, groups and dilation, tuple returns", () => {
  tidy(() => {
    const [img, w, b, wg] = ["img", "w", "b", "wg"].map(input);
    check(aten.conv2d(img, w), "conv2d.defaults");
    check(aten.conv2d(img, w, { bias: b, stride: 2, padding: 1 }), "conv2d.options");
    check(aten.conv2d(img, wg, { bias: null, padding: [1, 2], dilation: 2, groups: 3 }), "conv2d.groups");
    const [values, indices] = aten.maxPool2dWithIndices(img, 3, { stride: 2, padding: 1 });
    check(values, "max_pool2d_with_indices.values");
    check(indices, "max_pool2d_with_indices.indices");
    check(aten.avgPool2d(img, 2, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }), "avg_pool2d.ceil_exclude_pad");
    const columns = aten.im2col(img, 3, 1, 1, 2);
    check(columns, "im2col");
    check(aten.col2im(columns, [6, 7], 3, 1, 1, 2), "col2im");
  });
});

test("grid sampling and interpolation by mode name; padding modes", () => {
  tidy(() => {
    const img = input("img");
    const grid = input("grid");
    check(F.gridSample(img, grid), "grid_sampler.bilinear_zeros");
    check(aten.gridSampler(img, grid, "nearest", "border", true), "grid_sampler.nearest_border_aligned");
    check(F.gridSample(img, grid, { mode: "bicubic", paddingMode: "reflection" }), "grid_sampler.bicubic_reflection");
    check(F.interpolate(img, { scaleFactor: 2, mode: "bicubic" }), "interpolate.bicubic_scale2");
    check(F.interpolate(img, { size: [9, 5], mode: "bicubic", alignCorners: true }), "interpolate.bicubic_size_aligned");
    check(F.interpolate(img, { size: [9, 5], mode: "nearest-exact" }), "interpolate.nearest_exact");
    check(F.interpolate(img, { size: [9, 5], mode: "nearest" }), "interpolate.nearest");
    check(F.pad(img, [2, 1, 1, 3], "reflect"), "pad.reflect");
    check(aten.pad(img, [2, 1, 1, 3], { mode: "replicate" }), "pad.replicate");
    check(aten.pad(img, [2, 1, 1, 3], { mode: "circular" }), "pad.circular");
    check(F.pad(img, [2, 1, 1, 3], "constant", -1.5), "pad.constant");
  });
});

test("sorting, selection and statistics with default and given dims", () => {
  tidy(() => {
    const x = input("x");
    const pairs: [[Tensor, Tensor], string][] = [
      [aten.sort(x), "sort.defaults"],
      [aten.sort(x, { dim: 0, descending: true }), "sort.dim0_descending"],
      [aten.topk(x, 3), "topk.defaults"],
      [aten.topk(x, 2, { dim: 0, largest: false }), "topk.dim0_smallest"],
      [aten.kthvalue(x, 2, { dim: 0, keepdim: true }), "kthvalue"],
      [aten.median(x, 1), "median.dim"],
    ];
    for (const [[values, indices], name] of pairs) {
      check(values, `${name}.values`);
      check(indices, `${name}.indices`);
    }
    check(aten.quantile(x, input("q"), { dim: 1 }), "quantile.tensor_dim1");
    check(aten.quantileScalar(x, 0.3, { dim: 0, keepdim: true, interpolation: "midpoint" }), "quantile.scalar_midpoint");
    check(aten.quantile(x, input("q")), "quantile.all");
    check(aten.cumsum(input("ints"), 1, { dtype: "float64" }), "cumsum.int_to_float64");
    check(aten.cumprod(x, 0), "cumprod.dim0");
    const [std, mean] = aten.stdMean(x, [1], 0, { keepdim: true });
    check(std, "std_mean.population.std");
    check(mean, "std_mean.population.mean");
    const [variance, mean2] = aten.varMean(x, null, null);
    check(variance, "var_mean.all.var");
    check(mean2, "var_mean.all.mean");
    check(aten.logsumexp(x, [1], { keepdim: true }), "logsumexp.keepdim");
    check(aten.diff(x, { dim: 0 }), "diff.dim0");
    check(aten.diff(x, { n: 2, prepend: input("y").slice(1, 0, 2) }), "diff.n2_prepend");
    check(aten.histc(x, { bins: 5, min: -1, max: 1 }), "histc");
    check(aten.linalgVectorNorm(x, { ord: 1, dim: 0 }), "vector_norm.l1_dim0");
    check(aten.cdist(x, input("y"), { p: 1.5 }), "cdist");
  });
});

test("searchsorted and bucketize: left, right, side", () => {
  tidy(() => {
    const [boundaries, queries] = [input("boundaries"), input("queries")];
    check(aten.searchsorted(boundaries, queries), "searchsorted.left");
    check(aten.searchsorted(boundaries, queries, { right: true }), "searchsorted.right");
    check(aten.searchsorted(boundaries, queries, { side: "right" }), "searchsorted.side_right");
    check(aten.bucketize(queries, boundaries, { right: true }), "bucketize.right");
  });
});

test("roll, rot90 and flip with default and given dims", () => {
  tidy(() => {
    const x = input("x");
    check(aten.roll(x, [1, -2], { dims: [0, 1] }), "roll.dims");
    check(aten.roll(x, 3), "roll.flat");
    check(aten.rot90(x), "rot90.defaults");
    check(aten.rot90(input("img"), { k: -1, dims: [2, 3] }), "rot90.k3");
    check(aten.flip(x, [0]), "flip");
  });
});

test("elementwise operators with optional arguments, scalar and boolean returns", () => {
  tidy(() => {
    const [x, y] = [input("x"), input("y")];
    check(aten.isclose(x, x.add(1e-9)), "isclose.defaults");
    check(aten.isclose(x, y, { rtol: 0, atol: 0.5 }), "isclose.atol");
    assert.equal(aten.allclose(x, x.add(1e-9)), true);
    assert.equal(aten.allclose(x, y), false);
    check(aten.softplus(x, { beta: 2, threshold: 1 }), "softplus.beta_threshold");
    check(aten.gelu(x, { approximate: "tanh" }), "gelu.tanh");
    check(aten.clamp(x, { min: -0.5 }), "clamp.min_only");
    check(aten.clampTensor(x, { min: y, max: y.add(1) }), "clamp.tensor");
    check(aten.lerp(x, y, 0.3), "lerp.scalar");
    check(aten.lerpTensor(x, y, input("prob_target")), "lerp.tensor");
    check(aten.divMode(x, y, "floor"), "div.floor");
    check(aten.divMode(x, y, "trunc"), "div.trunc");
    const mask = input("mask");
    check(aten.whereScalarOther(mask, x, -2.5), "where.scalar_other");
    check(aten.maskedSelect(x, mask), "masked_select");
    check(aten.nonzero(mask), "nonzero");
    assert.equal(aten.item(aten.sumAll(mask)), fixture.values["in.mask"].data.reduce((a, b) => a + b, 0));
  });
});

test("einsum and baddbmm", () => {
  tidy(() => {
    check(aten.einsum("ij,kj->ik", [input("x"), input("y")]), "einsum.matmul");
    check(aten.einsum("bij->bji", [input("batch1")]), "einsum.transpose");
    check(aten.baddbmm(input("bmm_input"), input("batch1"), input("batch2"), { beta: 0.5, alpha: 2 }), "baddbmm");
  });
});

test("in-place index_put_ returns its own tensor without a new handle; scatter and index_add", () => {
  tidy(() => {
    const [x, y, index] = [input("x"), input("y"), input("index")];
    const t = x.clone();
    const [rows, cols, values] = [input("rows"), input("cols"), tensor([1, 2, 3, 4], { dtype: "float64" })];
    const before = liveTensors();
    const r = aten.indexPut_(t, [rows, cols], values, { accumulate: true });
    assert.equal(r, t, "index_put_ returns the tensor it was given");
    assert.equal(liveTensors(), before, "the in-place call made no new tensor handle");
    check(t, "index_put_.accumulate");
    const zeros35 = () => zeros([3, 5], { dtype: "float64" });
    check(aten.scatterAdd(zeros35(), 0, index, x.slice(0, 0, 2)), "scatter_add");
    check(aten.scatterReduce(zeros35(), 0, index, x.slice(0, 0, 2), "amax", { includeSelf: false }), "scatter_reduce.amax_exclude_self");
    check(aten.indexAdd(x, 0, tensor([3, 0], { dtype: "int64" }), y.slice(0, 0, 2), { alpha: -2 }), "index_add.alpha");
  });
});

test("losses with reductions by name, weights, ignore index, label smoothing, pos_weight, log_target", () => {
  tidy(() => {
    const [x, y, logits, labels, weight] = ["x", "y", "logits", "labels", "class_weight"].map(input);
    check(aten.smoothL1Loss(x, y).reshape(1), "smooth_l1.defaults");
    check(aten.smoothL1Loss(x, y, { reduction: "sum", beta: 0.5 }).reshape(1), "smooth_l1.sum_beta");
    check(aten.huberLoss(x, y, { reduction: "none", delta: 0.7 }), "huber.none_delta");
    check(aten.crossEntropyLoss(logits, labels).reshape(1), "cross_entropy.defaults");
    check(aten.crossEntropyLoss(logits, labels, { weight, ignoreIndex: 2, labelSmoothing: 0.1 }).reshape(1), "cross_entropy.options");
    check(aten.nllLoss(aten.logSoftmax(logits, 1), labels, { weight, reduction: "sum" }).reshape(1), "nll.weight_sum");
    check(aten.binaryCrossEntropyWithLogits(x, input("prob_target"), { posWeight: input("pos_weight") }).reshape(1), "bce_with_logits.pos_weight");
    check(
      aten.klDiv(aten.logSoftmax(x, 1), aten.logSoftmax(y, 1), { reduction: "sum", logTarget: true }).reshape(1),
      "kl_div.log_target_sum",
    );
  });
});

test("a mode name that is not one of the operator's is refused with the allowed names", () => {
  tidy(() => {
    const x = input("x");
    assert.throws(() => aten.mseLoss(x, x, { reduction: "average" as "mean" }), /'average' is not one of none, mean, sum/);
  });
});
