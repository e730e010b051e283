// Package figure draws the course's plots with gonum/plot: attention
// heatmaps with token labels and a colour bar, line plots with several
// named series, and bar charts.
//
// Every constructor returns a *Figure. Show puts it inline in a GoNB
// notebook; outside a notebook the same call writes a PNG file, which is
// how the figures in plots/ are made. PNGs are rendered at 2× the screen
// resolution and shown at 1× width, so they stay sharp on high-density
// displays.
package figure
