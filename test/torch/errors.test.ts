// Bad input becomes a JS Error naming the operator; the process goes on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { F, rawOp, randn, tensor, zeros } from "../../src/torch/index.js";

test("shape mismatch names the operator and libtorch's message", () => {
  assert.throws(() => randn([2, 3]).add(randn([4])), /aten::add\.Tensor: The size of tensor a \(3\) must match the size of tensor b \(4\)/);
  assert.throws(() => randn([2, 3]).matmul(randn([2, 3])), /aten::matmul: mat1 and mat2 shapes cannot be multiplied/);
  assert.throws(() => F.conv2d(randn([1, 2, 8, 8]), randn([4, 3, 3, 3])), /aten::conv2d: .*expected input\[1, 2, 8, 8\] to have 3 channels/);
});

test("dtype mismatch", () => {
  assert.throws(() => randn([2, 2]).matmul(randn([2, 2], { dtype: "float64" })), /aten::matmul: expected scalar type Float but found Double/);
  assert.throws(() => F.embedding(randn([3]), randn([4, 2])), /aten::embedding: .*Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int/);
});

test("freed tensors, wrong argument types and unknown operators", () => {
  const t = zeros([2]);
  t.dispose();
  assert.throws(() => t.add(1), /tensor was already freed/);
  assert.throws(() => t.shape, /tensor was already freed/);
  assert.throws(() => rawOp("aten::no_such_op")([]), /unknown ATen operator aten::no_such_op/);
  assert.throws(() => rawOp("aten::sum", "dim_IntList")([zeros([2]).id, "x"]), /aten::sum\.dim_IntList: argument 'dim' expects int\[1\]\?, got string/);
  assert.throws(() => rawOp("aten::mul", "Tensor")([zeros([2]).id]), /aten::mul\.Tensor: missing argument 'other'/);
  assert.throws(() => tensor(new Float32Array(5), [2, 2]), /tensor data has 5 elements but shape needs 4/);
  assert.throws(() => tensor([[1, 2], [3]]), /ragged nested array/);
  // and the process still works
  assert.equal(tensor([1, 2]).sum().item(), 3);
});
