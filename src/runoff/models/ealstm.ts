// Entity-aware LSTM (Kratzert et al. 2019): the input gate comes from the static attributes alone,
// i = σ(W_s·x_s + b_s), once per sequence; forget, output and cell gates from dynamics and h.
import { Module, Linear, init } from "../../torch/nn/index.js";
import { empty, eye, stack, zeros } from "../../torch/creation.js";
import { noGrad } from "../../torch/scope.js";
import { Tensor } from "../../torch/tensor.js";

export interface EALSTMConfig {
  dynamicInputs: number;
  staticInputs: number;
  hiddenSize: number;
  initialForgetBias?: number;
  /**
   * "kratzert" (default): Kratzert et al. (2019)'s reference initialisation, as in their code and
   * neuralhydrology: orthogonal input and static weights, hidden weights the identity repeated for the
   * three gates, zero biases, then the forget-gate bias. "xavier": Xavier-uniform weights (catchment 0.1).
   */
  init?: "kratzert" | "xavier";
}

export class EALSTMCell extends Module {
  readonly weightIh: Tensor;
  readonly weightHh: Tensor;
  readonly bias: Tensor;
  readonly inputGate: Linear;
  readonly hiddenSize: number;

  constructor(readonly config: EALSTMConfig) {
    super();
    const H = config.hiddenSize;
    this.hiddenSize = H;
    const kratzert = (config.init ?? "kratzert") === "kratzert";
    this.weightIh = this.registerParameter("weight_ih", (kratzert ? init.orthogonal_ : init.xavierUniform_)(empty([config.dynamicInputs, 3 * H])));
    this.weightHh = this.registerParameter("weight_hh", kratzert ? eye(H).repeat(1, 3) : init.xavierUniform_(empty([H, 3 * H])));
    this.bias = this.registerParameter("bias", zeros([3 * H]));
    this.inputGate = this.registerModule("input_gate", new Linear(config.staticInputs, H));
    if (kratzert)
      noGrad(() => {
        init.orthogonal_(this.inputGate.weight);
        this.inputGate.bias?.zero_();
      });
    if (config.initialForgetBias) noGrad(() => this.bias.narrow(0, 0, H).fill_(config.initialForgetBias as number));
  }

  /** xd [B, T, dynamic], xs [B, static] → hidden states [B, T, H] (gate order f, o, g). */
  forward(xd: Tensor, xs: Tensor): Tensor {
    return stack(this.run(xd, xs, true), 1);
  }

  /** The hidden state of the last step only, [B, H]. */
  lastHidden(xd: Tensor, xs: Tensor): Tensor {
    const hs = this.run(xd, xs, false);
    return hs[hs.length - 1];
  }

  private run(xd: Tensor, xs: Tensor, keepAll: boolean): Tensor[] {
    const [B, T] = xd.shape;
    const H = this.hiddenSize;
    const i = this.inputGate.forward(xs).sigmoid();
    const projected = xd.matmul(this.weightIh).add(this.bias);
    let h = zeros([B, H], { dtype: xd.dtype, device: xd.device });
    let c = zeros([B, H], { dtype: xd.dtype, device: xd.device });
    const hs: Tensor[] = [];
    // unbind once: selecting step t in the loop would make autograd allocate a full-size
    // gradient per step (T × [B, T, 3H]) in the backward pass
    const steps = projected.unbind(1);
    for (let t = 0; t < T; t++) {
      const gates = steps[t].addmm(h, this.weightHh);
      const [f, o, g] = gates.chunk(3, 1);
      c = f.sigmoid().mul(c).add(i.mul(g.tanh()));
      h = o.sigmoid().mul(c.tanh());
      if (keepAll || t === T - 1) hs.push(h);
    }
    return hs;
  }
}
