// Package train trains the course's models (chapter 11): text → ids with a
// character vocabulary (CharVocab) or a byte-level BPE (BPE), a Dataset with
// a held-out validation tail, random batches of windows, and a Trainer that
// runs AdamW with warmup + cosine, gradient clipping, periodic validation,
// a progress display, loss curves and checkpoints that resume exactly.
//
// # One step
//
//	inputs, targets = Dataset.BatchAt(Train, B, T, seed, step)   B windows of T+1 ids
//	zero the gradients
//	L = CrossEntropy(model.ForwardBatch(inputs), targets)         mean over B·T tokens
//	L.Backward(); ClipGradNorm(‖g‖ ≤ ClipNorm)
//	AdamW step with lr = LR · WarmupCosine(step)
//
// # Determinism and exact resume
//
// Every number of a run is a function of the model's initial weights, the data
// and Config: the batch of step s comes from a generator seeded by (Seed, s)
// alone, the validation batches are fixed, and the arithmetic below is the
// engine's, which is bit-reproducible. So the sampler has no state to save:
// a checkpoint holds the parameters, AdamW's moments, the step count, the
// configurations and the History, and a run resumed from step k computes the
// same losses and parameters, bit for bit, as one that never stopped (tested).
// Timings (Trainer.Elapsed, tokens/s) are shown but kept out of History, so
// that notebooks can compare a run's committed numbers.
//
// # Progress
//
// In a GoNB notebook, Run shows one progress bar that is updated in place
// (step, loss, validation loss, tokens/s, time left); elsewhere it writes a
// plain line to Trainer.Out every Config.LogEvery steps (Status.Line).
//
// # Errors
//
// The engine's policy (package tensor) applies: data problems — an unknown
// rune, a corpus shorter than one window, a checkpoint from another model or
// run — are errors naming what and where; a Config is checked by Validate.
// Checkpoints are written atomically, so an interrupted or failed save leaves
// the previous checkpoint whole.
package train
