// Package attention03 holds the reference solutions of chapter 03's
// exercises (notebooks/03-attention.ipynb), one file per exercise. Each
// function is written exactly as it goes in the notebook's exercise cell;
// the tests check them against numbers worked by hand and against
// package attention.
package attention03
