package sample

import (
	"math"
	"slices"

	"llminternals/pkg/internal/panics"
	"llminternals/pkg/tensor"
)

// A NaN anywhere in a row makes every filter return a row of NaN: which
// tokens survive depends on every logit (package tensor's policy for
// row-wise ops).
func nanRow(logits []float64) ([]float64, bool) {
	for _, z := range logits {
		if math.IsNaN(z) {
			out := make([]float64, len(logits))
			for i := range out {
				out[i] = math.NaN()
			}
			return out, true
		}
	}
	return nil, false
}

// RepetitionPenalty returns the logits with every token id that occurs in
// context penalised once (repeats in context do not compound):
//
//	zᵢ ← zᵢ / θ  if zᵢ ≥ 0,   zᵢ ← zᵢ · θ  if zᵢ < 0,   for i ∈ context
//
// so that with θ > 1 a token seen before always becomes less likely,
// whatever its sign (CTRL's rule, transformers'
// RepetitionPenaltyLogitsProcessor). θ = 1 changes nothing.
// It panics if θ ≤ 0 or an id is outside [0, len(logits)); transformers
// ignores ids ≥ V instead, which a model's own ids never are.
func RepetitionPenalty(logits []float64, context []int, θ float64) []float64 {
	if err := checkPenalty(θ); err != nil {
		panics.Panicf("sample", "RepetitionPenalty", "%v", err)
	}
	out := slices.Clone(logits)
	seen := make([]bool, len(logits))
	for pos, id := range context {
		if id < 0 || id >= len(logits) {
			panics.Panicf("sample", "RepetitionPenalty", "context[%d] = %d is outside the vocabulary [0, %d)", pos, id, len(logits))
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		if z := logits[id]; z < 0 {
			out[id] = z * θ
		} else {
			out[id] = z / θ
		}
	}
	return out
}

// Temperature returns zᵢ / T. Since softmax(z/T)ᵢ ∝ exp(zᵢ)^(1/T), T < 1
// raises every probability to a power > 1 and sharpens the distribution
// towards the argmax; T > 1 flattens it towards uniform. It panics unless
// 0 < T < ∞: T → 0 is greedy decoding, which is Greedy, not a division by 0.
func Temperature(logits []float64, T float64) []float64 {
	if err := checkTemperature(T, false); err != nil {
		panics.Panicf("sample", "Temperature", "%v", err)
	}
	out := make([]float64, len(logits))
	for i, z := range logits {
		out[i] = z / T
	}
	return out
}

// TopK keeps the k largest logits and sets the rest to −Inf:
//
//	zᵢ ← −Inf  if zᵢ < z₍ₖ₎, the k-th largest logit
//
// Every logit equal to z₍ₖ₎ stays, so ties can keep more than k tokens
// (as transformers' TopKLogitsWarper does); k ≥ V keeps everything. It
// panics if k < 1 (Config uses 0 for "off"; here just don't call it).
func TopK(logits []float64, k int) []float64 {
	if k < 1 {
		panics.Panicf("sample", "TopK", "k = %d is outside [1, ∞)", k)
	}
	if out, ok := nanRow(logits); ok {
		return out
	}
	out := slices.Clone(logits)
	if k >= len(logits) {
		return out
	}
	desc := slices.Clone(logits)
	slices.Sort(desc)
	slices.Reverse(desc)
	kth := desc[k-1]
	for i, z := range out {
		if z < kth {
			out[i] = math.Inf(-1)
		}
	}
	return out
}

// TopP (nucleus sampling, Holtzman et al. 2019) keeps the most probable
// tokens whose total probability first exceeds p and removes the rest.
// Computed as transformers' TopPLogitsWarper does: sort the logits in
// ascending order, take p = softmax of the sorted row and its running sum
//
//	Cⱼ = p₍₁₎ + … + p₍ⱼ₎   (least probable first)
//
// and remove token (j) while Cⱼ ≤ 1 − p: those least probable tokens hold at
// most 1 − p of the mass, and what remains holds more than p. The most
// probable token is always kept. Among equal logits the lower id counts as
// more probable (see the package doc on ties). p = 1 leaves every
// probability unchanged; like transformers' warper it still sets to −Inf
// the logits whose probability is exactly 0 (their running sum is 0 ≤ 1 − p),
// which is why Config.Filter skips TopP at p = 1, as generate does.
// It panics unless 0 < p ≤ 1.
func TopP(logits []float64, p float64) []float64 {
	if err := checkTopP(p); err != nil {
		panics.Panicf("sample", "TopP", "%v", err)
	}
	if out, ok := nanRow(logits); ok {
		return out
	}
	out := slices.Clone(logits)
	if len(logits) == 0 {
		return out
	}
	order := make([]int, len(logits))
	for i := range order {
		order[i] = i
	}
	// Ascending by logit; on ties the higher id first, so the lower id is
	// nearer the kept end.
	slices.SortFunc(order, func(a, b int) int {
		if logits[a] != logits[b] {
			if logits[a] < logits[b] {
				return -1
			}
			return 1
		}
		return b - a
	})
	sorted := make([]float64, len(order))
	for j, i := range order {
		sorted[j] = logits[i]
	}
	probs := tensor.Softmax(sorted)
	limit := 1 - p
	c := 0.0
	for j := 0; j < len(order)-1; j++ { // the last (most probable) always stays
		c += probs[j]
		if c > limit {
			break // C only grows from here
		}
		out[order[j]] = math.Inf(-1)
	}
	return out
}

// MinP (Nguyen et al. 2024) keeps the tokens whose probability is at least
// a fraction min_p of the most probable token's, removing the rest:
//
//	zᵢ ← −Inf  if pᵢ < min_p · maxⱼ pⱼ,   p = softmax(z)
//
// Unlike a fixed top-p, the cut follows the model's confidence: a peaked
// distribution keeps few tokens, a flat one many. The most probable token
// always stays. min_p = 0 changes nothing; it panics unless 0 ≤ min_p ≤ 1.
// As in transformers' MinPLogitsWarper, the test is on the probabilities.
func MinP(logits []float64, minP float64) []float64 {
	if err := checkMinP(minP); err != nil {
		panics.Panicf("sample", "MinP", "%v", err)
	}
	if out, ok := nanRow(logits); ok {
		return out
	}
	out := slices.Clone(logits)
	if len(logits) == 0 {
		return out
	}
	probs := tensor.Softmax(logits)
	cut := minP * slices.Max(probs)
	for i, q := range probs {
		if q < cut {
			out[i] = math.Inf(-1)
		}
	}
	return out
}

// Probabilities returns softmax(z)ᵢ = exp(zᵢ − m) / Σⱼ exp(zⱼ − m), m = maxⱼ zⱼ:
// the distribution a token is drawn from. Removed (−Inf) logits get exactly 0.
func Probabilities(logits []float64) []float64 {
	return tensor.Softmax(logits)
}

// Greedy returns argmaxᵢ zᵢ, the lowest such id when several logits tie
// for the maximum (as torch.argmax). It panics on an empty row; a NaN
// logit is never chosen.
func Greedy(logits []float64) int {
	if len(logits) == 0 {
		panics.Panicf("sample", "Greedy", "the logits row is empty")
	}
	best := -1
	for i, z := range logits {
		if !math.IsNaN(z) && (best < 0 || z > logits[best]) {
			best = i
		}
	}
	if best < 0 {
		panics.Panicf("sample", "Greedy", "every one of the %d logits is NaN", len(logits))
	}
	return best
}

// Filter applies c's filters to one row of logits in transformers' order
// (see the package doc): RepetitionPenalty over the context ids, then,
// unless c.Temperature is 0 (greedy, where transformers applies only the
// penalty), Temperature, TopK, TopP and MinP, each only when it is on.
// c must be valid (Validate).
func (c Config) Filter(logits []float64, context []int) []float64 {
	z := logits
	if c.RepetitionPenalty != 1 {
		z = RepetitionPenalty(z, context, c.RepetitionPenalty)
	}
	if c.Temperature == 0 {
		return slices.Clone(z)
	}
	if c.Temperature != 1 {
		z = Temperature(z, c.Temperature)
	}
	if c.TopK > 0 {
		z = TopK(z, c.TopK)
	}
	if c.TopP < 1 {
		z = TopP(z, c.TopP)
	}
	if c.MinP > 0 {
		z = MinP(z, c.MinP)
	}
	return slices.Clone(z)
}
