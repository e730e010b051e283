// Package sample turns a model's logits into the next token: the decoding
// strategies of chapter 12, each equal to Hugging Face transformers' own.
//
// A language model gives one row of logits z (length V) per step. Decoding
// is a sequence of small transformations of that row, each an exported
// function a chapter can apply on its own, followed by one choice:
//
//	RepetitionPenalty  zᵢ ← zᵢ/θ if zᵢ ≥ 0, zᵢ·θ if zᵢ < 0, for ids already in the context
//	Temperature        zᵢ ← zᵢ / T
//	TopK               keep the k largest logits
//	TopP               keep the smallest set of most probable tokens whose mass exceeds p
//	MinP               keep tokens with pᵢ ≥ min_p · maxⱼ pⱼ
//	Probabilities      pᵢ = softmax(z)ᵢ
//	Greedy / Draw      argmax, or one draw from p by the inverse CDF
//
// A filter removes a token by setting its logit to −Inf, so that Softmax
// gives it probability exactly 0, as transformers does (filter_value=−inf).
// Filters return new rows and never modify their argument.
//
// # The order, as transformers applies it
//
// Config.Filter and Generate apply the filters in the order of
// GenerationMixin._get_logits_processor in transformers 5.23.0
// (generation/utils.py), checked by reading it and by the fixtures, whose
// combined chain is the list that function builds for the same settings:
// the repetition penalty first (a "logits processor", applied in greedy
// decoding too), then, only when sampling, the former "logits warpers" in
// the order temperature, top-k, top-p, min-p. Min-p coming after the
// temperature means that T changes which tokens survive it.
//
// Hugging Face's defaults differ in one place: GenerationConfig sets
// top_k = 50 unless told otherwise, while Config's TopK = 0 means no top-k;
// give transformers top_k=0 (or ours TopK = 50) to compare the two.
//
// # Ties
//
// Greedy picks the lowest id among equal maxima (torch.argmax does the
// same). TopK keeps every logit equal to the k-th largest, so a tie can keep
// more than k tokens, as TopKLogitsWarper does. TopP ranks equal logits by id,
// the lower id counting as more probable; transformers' order among ties is
// whatever torch.sort returns, which is not specified (it is not stable
// for long rows), so the fixtures only pin rows whose result does not depend
// on it.
//
// # Determinism
//
// Draws come from package rng (a PCG stream fixed by its seed) and the
// softmax uses package detmath's Exp, so the same Config and seed give the
// same tokens on every run, CPU and architecture.
package sample
