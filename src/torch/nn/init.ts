// PyTorch's initializations by their names.
import { noGrad, tidy } from "../scope.js";
import { Tensor } from "../tensor.js";
import * as aten from "../generated/aten.js";
import { randn } from "../creation.js";

export function uniform_(t: Tensor, bound: number): Tensor {
  return noGrad(() => t.uniform_(-bound, bound));
}

/** fan_in of a weight [out, in, ...kernel]; ConvTranspose weights [in, out, ...] use dim 1 too. */
export function fanIn(shape: number[]): number {
  return shape.slice(1).reduce((a, b) => a * b, 1);
}

/** kaiming_uniform_(a=√5) as nn.Linear and nn.Conv2d use by default: U(±1/√fan_in). */
export function defaultWeightInit(t: Tensor): Tensor {
  return uniform_(t, 1 / Math.sqrt(fanIn(t.shape)));
}

export function xavierUniform_(t: Tensor, gain = 1): Tensor {
  const s = t.shape;
  const receptive = s.slice(2).reduce((a, b) => a * b, 1);
  const bound = gain * Math.sqrt(6 / (s[1] * receptive + s[0] * receptive));
  return uniform_(t, bound);
}

export function kaimingNormal_(t: Tensor, nonlinearity: "relu" | "linear" = "relu"): Tensor {
  const gain = nonlinearity === "relu" ? Math.SQRT2 : 1;
  return noGrad(() => t.normal_(0, gain / Math.sqrt(fanIn(t.shape))));
}

/** torch.nn.init.orthogonal_: a (semi-)orthogonal matrix from the QR decomposition of a normal one, signs fixed by diag(R). */
export function orthogonal_(t: Tensor, gain = 1): Tensor {
  return noGrad(() =>
    tidy(() => {
      const rows = t.shape[0];
      const cols = t.numel() / rows;
      const flat = randn([rows, cols], { dtype: t.dtype });
      const a = rows < cols ? flat.t() : flat;
      const [q, r] = aten.linalgQr(a);
      const d = aten.diagonal(r).sign();
      let m = q.mul(d.unsqueeze(0));
      if (rows < cols) m = m.t();
      t.copy_(m.reshape(...t.shape).mul(gain));
      return t;
    }),
  );
}
