// Package crossentropy holds the reference solutions of chapter 07's graded
// exercises (notebooks/07-cross-entropy.ipynb), one file per exercise, named
// by its id: 07-1 logSumExp, 07-2 crossEntropy, 07-3 crossEntropyGrad,
// 07-4 perplexity. Each function is written exactly as a learner's filled-in
// exercise cell would hold it.
package crossentropy
