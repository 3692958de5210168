// The four benchmark models, built exactly as in peer.py.
import { F, Tensor, nn } from "../../src/torch/index.js";
import { EALSTMCell } from "../../src/runoff/models/ealstm.js";

export const convNet = () =>
  new nn.Sequential(new nn.Conv2d(2, 32, 3, { padding: 1 }), new nn.ReLU(), new nn.Conv2d(32, 32, 3, { padding: 1 }), new nn.ReLU(), new nn.Conv2d(32, 1, 3, { padding: 1 }));

export const unet = () => new nn.UNet({ inChannels: 2, outChannels: 1, base: 32, depth: 4, norm: "batch" });

export class LstmModel extends nn.Module {
  lstm = this.registerModule("lstm", new nn.LSTM(5, 64, { batchFirst: true }));
  head = this.registerModule("head", new nn.Linear(64, 1));
  forward(x: Tensor): Tensor {
    return this.head.forward(this.lstm.forward(x)[0].select(1, -1));
  }
}

export class EALSTMModel extends nn.Module {
  cell = this.registerModule("cell", new EALSTMCell({ dynamicInputs: 5, staticInputs: 27, hiddenSize: 256 }));
  head = this.registerModule("head", new nn.Linear(256, 1));
  forward(xd: Tensor, xs: Tensor): Tensor {
    return this.head.forward(this.cell.forward(xd, xs).select(1, -1));
  }
}

export { F };
