import { test } from "node:test";
import { EALSTMCell } from "../../src/runoff/models/ealstm.js";
import { assertClose, get, loadFixture, withPrefix } from "../helpers/fixtures.js";
import assert from "node:assert/strict";
import { eye, randn, tidy } from "../../src/torch/index.js";

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

test("EA-LSTM initialisation follows Kratzert et al. 2019's code: orthogonal W_ih and W_s, W_hh = [I I I], zero biases but the forget gate", () => {
  tidy(() => {
    const D = 5, S = 27, H = 8;
    const cell = new EALSTMCell({ dynamicInputs: D, staticInputs: S, hiddenSize: H, initialForgetBias: 3 });
    const close = (a: number[], b: number[], what: string) => a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-5, `${what}[${i}]: ${v} vs ${b[i]}`));
    // W_ih [D, 3H] with D < 3H: orthonormal rows, W W^T = I_D
    close(cell.weightIh.matmul(cell.weightIh.t()).toArray(), eye(D).toArray(), "W_ih W_ih^T");
    // the static weights (input_gate.weight [H, S], S > H): orthonormal rows
    const ws = cell.inputGate.weight;
    close(ws.matmul(ws.t()).toArray(), eye(H).toArray(), "W_s W_s^T");
    assert.deepEqual(cell.weightHh.toArray(), eye(H).repeat(1, 3).toArray());
    assert.deepEqual(cell.bias.toArray(), [...new Array(H).fill(3), ...new Array(2 * H).fill(0)]);
    assert.deepEqual(cell.inputGate.bias?.toArray(), new Array(H).fill(0));
    // two cells from different seeds differ (random orthogonal matrices, not a fixed one)
    const other = new EALSTMCell({ dynamicInputs: D, staticInputs: S, hiddenSize: H });
    assert.notDeepEqual(other.weightIh.toArray(), cell.weightIh.toArray());
    // the old initialisation stays selectable
    const xavier = new EALSTMCell({ dynamicInputs: D, staticInputs: S, hiddenSize: H, init: "xavier" });
    assert.notDeepEqual(xavier.weightHh.toArray(), eye(H).repeat(1, 3).toArray());
  });
});
