import { test } from "node:test";
import assert from "node:assert/strict";
import { manualSeed, randn, tidy, noGrad } from "../../src/torch/index.js";
import { createModel, runoffModels, FeatureModulatedLSTM } from "../../src/runoff/models/registry.js";
type ModelName = string;

const spec = (model: ModelName) => ({ model, dynamicInputs: 5, staticInputs: 27, hiddenSize: 8, initialForgetBias: 3, dropout: 0.4, embeddingSize: 6 });

test("the model registry holds the five models of the config enum", () => assert.deepEqual(runoffModels.names(), ["ealstm", "ctlstm", "srlstm_ea", "fmlstm", "lstm"]));

for (const name of runoffModels.names()) {
  test(`${name}: [B, T, F] and [B, S] → [B, 1], gradient reaches every parameter`, () =>
    tidy(() => {
      manualSeed(3);
      const m = createModel(spec(name));
      const y = m.forward(randn([4, 12, 5]), name === "lstm" ? null : randn([4, 27]));
      assert.deepEqual(y.shape, [4, 1]);
      y.square().sum().backward();
      for (const [k, p] of m.namedParameters()) {
        const g = p.grad;
        assert.ok(g, `${name}.${k} has no gradient`);
        assert.ok(g.abs().sum().item() > 0, `${name}.${k} gradient is zero`);
      }
      const forget = m.namedParameters().find(([k]) => k.endsWith("bias_hh_l0") || k.endsWith("cell.bias"))?.[1];
      assert.ok(forget, "forget-gate bias");
      // forget gate: block 2 of PyTorch's i,f,g,o; block 1 of the EA cell's f,o,g
      const at = name === "ealstm" || name === "srlstm_ea" ? 0 : 8;
      assert.equal(forget.narrow(0, at, 8).mean().item(), 3);
    }));
}

test("statics change the output of the conditioned models and are required by them", () =>
  tidy(() => {
    for (const name of ["ealstm", "ctlstm", "srlstm_ea", "fmlstm"] as ModelName[]) {
      manualSeed(4);
      const m = createModel(spec(name));
      m.eval();
      const x = randn([2, 10, 5]);
      const a = m.forward(x, randn([2, 27]));
      const b = m.forward(x, randn([2, 27]));
      assert.ok(a.sub(b).abs().max().item() > 1e-6, `${name} ignores its statics`);
      assert.throws(() => m.forward(x, null), /needs a static vector/);
    }
  }));

test("FM-LSTM: p = σ(W·s + b) → 0 silences the hidden state, so the output is the head's bias", () =>
  tidy(() => {
    manualSeed(5);
    const m = createModel(spec("fmlstm")) as FeatureModulatedLSTM;
    m.eval();
    noGrad(() => {
      m.modulation.weight.fill_(0);
      m.modulation.bias?.fill_(-100);
    });
    const y = m.forward(randn([3, 10, 5]), randn([3, 27]));
    const bias = m.head.fc.bias?.item() as number;
    for (const v of y.toFloat64Array()) assert.ok(Math.abs(v - bias) < 1e-6, `${v} vs ${bias}`);
  }));
