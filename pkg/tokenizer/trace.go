package tokenizer

// RankStep is one step of tiktoken's merge, traced: the parts of the piece
// before the step, the rank of each adjacent pair's concatenation (-1 when
// it is not in the vocabulary), and Best, the index of the pair merged
// (the lowest rank, leftmost on ties), or -1 when no pair is in the
// vocabulary and merging stops.
type RankStep struct {
	Parts []string
	Ranks []int
	Best  int
}

// Merged returns the token this step creates, Parts[Best]+Parts[Best+1],
// or "" for the final step.
func (s RankStep) Merged() string {
	if s.Best < 0 {
		return ""
	}
	return s.Parts[s.Best] + s.Parts[s.Best+1]
}

// TraceMerges encodes one pre-split piece the slow, visible way: start from
// its single bytes and merge the adjacent pair with the lowest rank until
// no pair is in the vocabulary. It returns the final parts (their ranks
// are the ids EncodeOrdinary gives for the piece) and every step, the last
// one with Best = -1. It recomputes every rank at every step, O(n²) in the
// piece's length, for chapters and tests; Encode does the same merges
// faster.
func (e *Encoding) TraceMerges(piece string) ([]string, []RankStep) {
	parts := make([]string, 0, len(piece))
	for i := 0; i < len(piece); i++ {
		parts = append(parts, piece[i:i+1])
	}
	var steps []RankStep
	for {
		st := RankStep{Parts: append([]string(nil), parts...), Ranks: make([]int, 0, len(parts)), Best: -1}
		for i := 0; i+1 < len(parts); i++ {
			r, ok := e.ranks[parts[i]+parts[i+1]]
			if !ok {
				r = -1
			}
			st.Ranks = append(st.Ranks, r)
			if r >= 0 && (st.Best < 0 || r < st.Ranks[st.Best]) {
				st.Best = i
			}
		}
		steps = append(steps, st)
		if st.Best < 0 {
			return parts, steps
		}
		parts = append(parts[:st.Best+1], parts[st.Best+2:]...)
		parts[st.Best] = st.Merged()
	}
}
