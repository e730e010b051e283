//go:build ignore

// Exercise 08-2: the parameters of one GPT-2 block.
package main

// gpt2BlockParams returns the number of parameters of one GPT-2 block of
// width d: attention, MLP (hidden width 4d) and two LayerNorms, with biases.
func gpt2BlockParams(d int) int {
	attn := 4*d*d + 4*d            // W_Q, W_K, W_V, W_O and their biases
	mlp := d*4*d + 4*d + 4*d*d + d // W_up + b_up, W_down + b_down
	norms := 2 * 2 * d             // two LayerNorms: gain and bias each
	return attn + mlp + norms
}
