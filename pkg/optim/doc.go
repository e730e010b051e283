// Package optim updates parameters from their gradients: SGD with
// momentum, Adam and AdamW, gradient clipping by global norm and a
// warmup + cosine learning-rate schedule — the training loop of chapter 11.
//
// Each optimizer follows PyTorch's torch.optim implementation step for
// step (the formulas are in the doc comments), and the tests check that,
// from the same start, five steps on a small MLP give the same parameters
// as PyTorch to 1e-10.
//
// A training step reads:
//
//	ps.ZeroGrad()
//	loss := model.Loss(batch)
//	loss.Backward()
//	optim.ClipGradNorm(ps.Values(), 1.0)
//	opt.SetLR(baseLR * sched.Factor(step))
//	opt.Step()
//
// Optimizers update Value.Data in place and keep their state (momentum
// buffers, moment estimates) per parameter, in the order given.
package optim
