// Pre-activation residual network (He, Zhang, Ren & Sun 2016, "Identity mappings in deep residual
// networks") for regression on k × k patches: a 3 × 3 stem, three stages of `blocks` residual
// blocks with widths w, 2w, 4w (the second and third start with stride 2), each block
// BN–ReLU–conv3×3–BN–ReLU–conv3×3 added to its input (through a 1 × 1 projection of the
// pre-activated input where the shape changes), then BN–ReLU, global average pooling and one
// linear output. Depth 6·blocks + 2: blocks 5 and width 16 is ResNet-32, the reference of seed 003.
import * as F from "../torch/functional.js";
import { Tensor } from "../torch/tensor.js";
import { nn } from "../torch/index.js";

export interface ResNetConfig {
  inChannels: number;
  blocks: number;
  width: number;
  dropout: number;
}

class PreActBlock extends nn.Module {
  private readonly bn1: nn.BatchNorm2d;
  private readonly conv1: nn.Conv2d;
  private readonly bn2: nn.BatchNorm2d;
  private readonly conv2: nn.Conv2d;
  private readonly shortcut: nn.Conv2d | null;
  constructor(cin: number, cout: number, stride: number) {
    super();
    this.bn1 = this.registerModule("bn1", new nn.BatchNorm2d(cin));
    this.conv1 = this.registerModule("conv1", new nn.Conv2d(cin, cout, 3, { stride, padding: 1, bias: false }));
    this.bn2 = this.registerModule("bn2", new nn.BatchNorm2d(cout));
    this.conv2 = this.registerModule("conv2", new nn.Conv2d(cout, cout, 3, { padding: 1, bias: false }));
    this.shortcut = stride !== 1 || cin !== cout ? this.registerModule("shortcut", new nn.Conv2d(cin, cout, 1, { stride, bias: false })) : null;
    for (const c of [this.conv1, this.conv2, this.shortcut]) if (c) nn.init.kaimingNormal_(c.weight);
  }
  forward(x: Tensor): Tensor {
    const pre = F.relu(this.bn1.forward(x));
    const skip = this.shortcut ? this.shortcut.forward(pre) : x;
    const y = this.conv2.forward(F.relu(this.bn2.forward(this.conv1.forward(pre))));
    return y.add(skip);
  }
}

export class PreActResNet extends nn.Module {
  private readonly stem: nn.Conv2d;
  private readonly blocks: PreActBlock[] = [];
  private readonly bn: nn.BatchNorm2d;
  private readonly head: nn.Linear;
  constructor(readonly config: ResNetConfig) {
    super();
    const w = config.width;
    this.stem = this.registerModule("stem", new nn.Conv2d(config.inChannels, w, 3, { padding: 1, bias: false }));
    nn.init.kaimingNormal_(this.stem.weight);
    let cin = w;
    [w, 2 * w, 4 * w].forEach((cout, stage) => {
      for (let b = 0; b < config.blocks; b++) {
        const block = new PreActBlock(cin, cout, stage > 0 && b === 0 ? 2 : 1);
        this.blocks.push(this.registerModule(`stage${stage + 1}_${b}`, block));
        cin = cout;
      }
    });
    this.bn = this.registerModule("bn", new nn.BatchNorm2d(cin));
    this.head = this.registerModule("head", new nn.Linear(cin, 1));
  }
  /** x [N, C, k, k] → [N] */
  forward(x: Tensor): Tensor {
    let y = this.stem.forward(x);
    for (const b of this.blocks) y = b.forward(y);
    y = F.adaptiveAvgPool2d(F.relu(this.bn.forward(y)), 1).flatten(1);
    y = F.dropout(y, this.config.dropout, this.training);
    return this.head.forward(y).flatten();
  }
  get depth(): number {
    return 6 * this.config.blocks + 2;
  }
}

/** Several ResNets of one architecture (a seed ensemble) whose standardised outputs are averaged. */
export class ResNetEnsemble extends nn.Module {
  readonly members: PreActResNet[];
  constructor(members: PreActResNet[]) {
    super();
    this.members = members.map((m, i) => this.registerModule(`member${i}`, m));
  }
  forward(x: Tensor): Tensor {
    let sum = this.members[0].forward(x);
    for (const m of this.members.slice(1)) sum = sum.add(m.forward(x));
    return sum.div(this.members.length);
  }
  get depth(): number {
    return this.members[0].depth;
  }
}

export type CwscNet = PreActResNet | ResNetEnsemble;

/** One network (the state-dict keys of a plain ResNet) or an ensemble of `members`. */
export function createCwscNet(config: ResNetConfig, members = 1): CwscNet {
  return members > 1 ? new ResNetEnsemble(Array.from({ length: members }, () => new PreActResNet(config))) : new PreActResNet(config);
}
