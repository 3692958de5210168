import { test } from "node:test";
import { EALSTMCell } from "../../src/runoff/models/ealstm.js";
import { assertClose, get, loadFixture, withPrefix } from "../helpers/fixtures.js";
import assert from "node:assert/strict";
import { randn, tidy } from "../../src/torch/index.js";

test("EA-LSTM cell: hidden states and gradients match a PyTorch implementation of Kratzert et al. 2019", () => {
  const fx = loadFixture("ealstm");
  const cell = new EALSTMCell({ dynamicInputs: 3, staticInputs: 4, hiddenSize: 5 }).to("float64");
  cell.loadStateDict(withPrefix(fx, "init"));
  const xd = get(fx, "xd").requiresGrad_();
  const xs = get(fx, "xs").requiresGrad_();
  const hs = cell.forward(xd, xs);
  hs.select(1, -1).square().sum().add(hs.mean()).backward();
  assertClose(hs, get(fx, "hs"), "hidden states");
  assertClose(xd.grad, get(fx, "grad.xd"), "dL/dx_dynamic");
  assertClose(xs.grad, get(fx, "grad.xs"), "dL/dx_static");
  for (const [name, p] of cell.namedParameters()) assertClose(p.grad, get(fx, `grad.${name}`), `dL/d${name}`);
});

test("EA-LSTM: initial forget bias sets the first block of the bias; static inputs are the only input-gate path", () => {
  tidy(() => {
    const cell = new EALSTMCell({ dynamicInputs: 2, staticInputs: 3, hiddenSize: 4, initialForgetBias: 3 });
    assert.deepEqual(cell.bias.narrow(0, 0, 4).toArray(), [3, 3, 3, 3]);
    assert.deepEqual(cell.bias.narrow(0, 4, 8).toArray(), new Array(8).fill(0));
    // the same dynamics with other statics give other states (through the input gate alone)
    const xd = randn([1, 5, 2]);
    const a = cell.forward(xd, randn([1, 3])).toArray();
    const b = cell.forward(xd, randn([1, 3]).mul(3)).toArray();
    assert.notDeepEqual(a, b);
  });
});
