"""Check that phfa's `bn='reference'` DeepLab-v2 trains exactly as AdaptSegNet's own `DeeplabMulti` in train() mode.

Usage: git clone https://github.com/wasidennis/AdaptSegNet /tmp/AdaptSegNet
       python bench/adaptsegnet_bn.py /tmp/AdaptSegNet [--steps 3] [--size 161]

Both networks get the same random weights (non-trivial BatchNorm statistics and affine weights), then take the
same SGD steps (lr 2.5e-4, heads 10x, each tensor once, momentum 0.9, weight decay 5e-4, loss CE(main) + 0.1 CE(aux) on logits
upsampled to the label size) in train() mode on the same random batches of one image. Runs in float64 by default. Prints, per step, the
largest absolute difference of both heads' logits, then of every BatchNorm running statistic and every weight
after the last step, and of the eval-mode outputs. The reference code is imported from the clone, not shipped.
"""
import argparse
import importlib.util
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

from phfa.models import deeplab_v2, load_pretrained, param_groups, to_reference_layout

p = argparse.ArgumentParser()
p.add_argument('adaptsegnet', help='a clone of wasidennis/AdaptSegNet')
p.add_argument('--steps', type=int, default=3)
p.add_argument('--size', type=int, default=161)
p.add_argument('--dtype', default='float64', help='float64 (default) or float32')
args = p.parse_args()

spec = importlib.util.spec_from_file_location('deeplab_multi', f'{args.adaptsegnet}/model/deeplab_multi.py')
reference_module = importlib.util.module_from_spec(spec); spec.loader.exec_module(reference_module)

torch.manual_seed(0)
ours = deeplab_v2(19, backbone='resnet101', aspp_legacy=True, stride_in_1x1=True, bn='reference')
with torch.no_grad():  # BatchNorm that is not the identity, so that a wrong statistic shows
    for m in ours.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.weight.uniform_(0.5, 1.5); m.bias.normal_(0, 0.1)
            m.running_mean.normal_(0, 0.1); m.running_var.uniform_(0.5, 1.5)
reference = reference_module.DeeplabMulti(num_classes=19)
missing, unexpected = reference.load_state_dict(to_reference_layout(ours.state_dict()), strict=False)
assert not unexpected and all(k.endswith('num_batches_tracked') for k in missing), (missing, unexpected)
# In float64 the only differences left are the order of floating-point operations; a deep untrained network
# amplifies those enormously (a 3e-8 weight difference moved float32 logits by 3e-3), so float32 would hide
# nothing but would prove little.
dtype = getattr(torch, args.dtype)
reference, ours = reference.to(dtype), ours.to(dtype)

class Args: learning_rate = 2.5e-4
groups = reference.optim_parameters(Args)
for g in groups: g['params'] = list(g['params'])
listed = sum(len(g['params']) for g in groups)
# The reference's get_1x_lr_params_NOscale walks modules() and each one's (recursive) parameters(), so a backbone
# tensor is listed once per enclosing module; torch.optim's SGD then applies its update that many times per step
# (with a warning on current PyTorch). That is a separate quirk of the reference; the comparison here takes each
# tensor once, as phfa's param_groups does.
for g in groups: g['params'] = list({id(t): t for t in g['params']}.values())
opt_ref = torch.optim.SGD(groups, lr=2.5e-4, momentum=0.9, weight_decay=5e-4)
opt_ours = torch.optim.SGD(param_groups(ours, 2.5e-4, 10.0), lr=2.5e-4, momentum=0.9, weight_decay=5e-4)
print(f"trainable tensors: reference {sum(len(g['params']) for g in opt_ref.param_groups)} "
      f"(listed {listed} times by its optim_parameters), phfa {sum(len(g['params']) for g in opt_ours.param_groups)}")
reference.train(); ours.train()
H = W = args.size
for step in range(args.steps):
    x = torch.randn(1, 3, H, W, dtype=dtype)
    y = torch.randint(0, 19, (1, H, W)); y[:, :10] = 255
    up = lambda t: F.interpolate(t, size=(H, W), mode='bilinear', align_corners=True)
    aux_r, main_r = reference(x)
    out = ours(x)
    loss_r = F.cross_entropy(up(main_r), y, ignore_index=255) + 0.1 * F.cross_entropy(up(aux_r), y, ignore_index=255)
    loss_o = F.cross_entropy(up(out.main), y, ignore_index=255) + 0.1 * F.cross_entropy(up(out.aux), y, ignore_index=255)
    for opt, loss in ((opt_ref, loss_r), (opt_ours, loss_o)):
        opt.zero_grad(); loss.backward(); opt.step()
    print(f"step {step}: max |logits difference| main {(main_r - out.main).abs().max():.2e}, aux {(aux_r - out.aux).abs().max():.2e}"
          f" (logits up to {main_r.abs().max():.1f}); losses {loss_r.item():.6f} / {loss_o.item():.6f}")

mine = to_reference_layout(ours.state_dict())
theirs = reference.state_dict()
stats = max((theirs[k] - v).abs().max().item() for k, v in mine.items() if 'running' in k)
weights = max((theirs[k] - v).abs().max().item() for k, v in mine.items() if 'running' not in k and 'num_batches' not in k)
print(f"after {args.steps} steps: max |difference| of BatchNorm running statistics {stats:.2e}, of weights {weights:.2e}")
reference.eval(); ours.eval()
with torch.no_grad():
    x = torch.randn(1, 3, H, W, dtype=dtype)
    aux_r, main_r = reference(x); out = ours(x)
print(f"eval mode: max |logits difference| main {(main_r - out.main).abs().max():.2e}, aux {(aux_r - out.aux).abs().max():.2e}")
