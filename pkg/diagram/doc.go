// Package diagram draws the course's conceptual figures: boxes joined by
// arrows, laid out automatically, rendered as PNG images by Go code so that
// they show in JupyterLab, on GitHub and in the Docker image with no network
// and no external tool (no Graphviz, no JavaScript).
//
// A Graph holds nodes (a label, an optional detail such as a shape "3×4",
// a Kind that sets the colour) and directed edges. Layout places them in
// layers, Sugiyama style:
//
//  1. layers by longest path, so every edge goes from a lower layer to a
//     higher one (a labelled edge spans at least two layers, its label
//     taking a slot in the layer between);
//  2. edges longer than one layer are cut into chains of dummy points;
//  3. a few barycenter sweeps reorder each layer to reduce crossings, the
//     ordering with the fewest crossings being kept;
//  4. coordinates: within a layer, boxes are placed as near as possible to
//     the mean position of their neighbours, in the least-squares sense,
//     subject to never overlapping (solved exactly by pool-adjacent-
//     violators), alternately looking up and down.
//
// Text is measured with the Liberation Sans metrics of gonum/plot's font
// cache, the font family package figure draws with, so every box is wide
// enough for its text. Labels may use a small markup: "_{…}" for a
// subscript and "^{…}" for a superscript, as in "W_{Q}" or "QK^{T}".
//
// The same Graph always gives the same PNG bytes. Graph.Figure returns a
// *figure.Figure (Show puts it inline in GoNB); Graph.Text gives a
// plain-text form ("a → b" per edge) used as the image's alt text.
//
// On top of Graph: FromValue draws the computation graph of an
// autograd.Value, Tree draws a tree such as a BPE merge tree, Pipeline a
// left-to-right chain of stages, and Attention the data flow of scaled
// dot-product attention with its shapes.
package diagram
