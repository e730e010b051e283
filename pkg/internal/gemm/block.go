package gemm

import (
	"math"
	"sync"
	"sync/atomic"
	"unsafe"
)

// operand addresses a matrix through two strides: element (i, p) is
// data[i·rs + p·cs]. A row-major matrix has (rs, cs) = (stride, 1); its
// transpose, read in place, has (1, stride).
type operand struct {
	data   []float64
	rs, cs int
}

// microKernel is a register-blocked inner kernel. run does
// C[0:mr, 0:nr] ← C + A·B in the canonical chain for a packed mr×k panel
// of A (A(r, p) at a[p·mr + r]) and a k×nr panel of B at b[p·ldb + j]
// (ldb = nr when packed), C row-major with leading dimension ldc: C is
// loaded first, then one fused multiply-add per (r, j, p) in increasing p,
// then stored.
type microKernel struct {
	name   string
	mr, nr int
	// run's chains start from C's values, or from +0 when zero is set
	// (the first k-block of a product with beta = 0), in which case the
	// kernel does not read C. next is the offset from c of the tile the
	// driver runs after this one, a hint for kernels that fetch its C
	// ahead; a kernel may ignore it.
	run func(k int, a, b []float64, ldb int, c []float64, ldc int, zero bool, next int)
	// runStrided, if not nil, is run with A's step p at a[p·lda:] instead
	// of a[p·mr:]: a transposed op(A) (a gradient Xᵀ·G) is then read in
	// place, its mr rows of each column being contiguous, with no packing.
	runStrided func(k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, zero bool, next int)
	// narrow lists kernels for a last panel narrower than nr, narrowest
	// first, each mr rows tall with A read as runStrided reads it: an
	// edge of 8 columns (a width of 128 = 5·24 + 8) then costs 8 columns'
	// work, not nr's. Same chain, same bits.
	narrow []narrowKernel
}

// narrowKernel is a micro-kernel for mr×nr tiles with nr smaller than its
// kernel's; A is read with a stride, as microKernel.runStrided.
type narrowKernel struct {
	nr  int
	run func(k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, zero bool)
}

// clearTile zeroes rows×cols of c (leading dimension ldc): a kernel without
// its own zero start does that before it loads the tile.
func clearTile(c []float64, ldc, rows, cols int) {
	for r := range rows {
		clear(c[r*ldc : r*ldc+cols])
	}
}

// narrowFor returns the narrowest of kern's narrow kernels at least cols
// wide, or nil.
func (kern microKernel) narrowFor(cols int) *narrowKernel {
	for i := range kern.narrow {
		if kern.narrow[i].nr >= cols {
			return &kern.narrow[i]
		}
	}
	return nil
}

// active is the kernel multiply uses: the fastest of kernels that this
// CPU runs (kernels lists them fastest first; the last is pure Go).
var active = kernels[0]

// Cache blocking, in the loop order of BLIS with its two innermost loops
// swapped (see block). A kc×nc block of B is packed once and reused by
// every row block; an mc×kc block of A is packed once and reused by every
// nr-wide panel of that B block. kc is chosen so that one mr×kc panel of A
// (kc·mr·8 bytes, 16 KiB) stays in the L1 cache while the micro-kernel
// sweeps the B block, nc so that the B block (kc·nc·8 bytes, 768 KiB)
// stays in L2 next to the A block (mc·kc·8 bytes, 512 KiB), and mc = 256
// makes 256 tokens one row block. On the GPT-2-small forward pass nc = 384
// measured faster than 192, 576 and 768, alternating call by call on the
// same machine; kc = 128, 192 and 384 were no faster than 256. The sizes
// change speed, never bits: k-blocks carry each element's partial chain in
// C from one block to the next in increasing k. Tests shrink them to cross
// every boundary cheaply.
//
// direct is the number of rows of C (per goroutine) up to which full
// panels of a row-major op(B) are read in place instead of packed: with
// few rows, each panel is used too few times to repay copying it (the
// 64-row batches of training), while with many rows the packed copy's
// locality wins.
var blocks = blocking{kc: 256, mc: 256, nc: 384, direct: 64}

// blocking holds the cache-block sizes (see blocks).
type blocking struct{ kc, mc, nc, direct int }

// ncFor is nc rounded up to whole nr-wide panels of kern (at least one).
func (bl blocking) ncFor(kern microKernel) int {
	return (max(bl.nc, 1) + kern.nr - 1) / kern.nr * kern.nr
}

// parallelWork is the number of multiply-adds (about 50 µs of work) below
// which a product is not worth splitting over goroutines.
const parallelWork = 1 << 19

// multiply does C ← C + a'·op(B) (C ← a'·op(B) when fromZero, without
// reading C) in the canonical chain, where a'(i, p) =
// alpha·op(A)(i, p) rounded (op(A) itself when alpha = 1), op(A) m×k and
// op(B) k×n addressed by a and b, and C row-major m×n with leading
// dimension ldc. Large products are split over up to maxWorkers goroutines by whole
// micro-tiles of rows or of columns of C — never over k — so each element's
// chain runs in one goroutine, in order, and the bits do not depend on
// GOMAXPROCS.
func multiply(maxWorkers, m, n, k int, alpha float64, a, b operand, fromZero bool, c []float64, ldc int) {
	kern := active
	workers := min(maxWorkers, m*n*k/parallelWork)
	run := func(i0, i1, j0, j1 int) {
		ws := workspaces.Get().(*workspace)
		ws.block(kern, i0, i1, j0, j1, k, alpha, a, b, fromZero, c, ldc)
		workspaces.Put(ws)
	}
	if workers <= 1 {
		run(0, m, 0, n)
		return
	}
	var wg sync.WaitGroup
	if n >= m && m <= blocks.mc && n >= 2*workers*blocks.ncFor(kern) {
		// Many column blocks (an FFN's 3072 columns, an LM head's 50257):
		// the goroutines take them one block at a time until none is
		// left, each packing A once (keepA) for all the blocks it takes.
		// Halves fixed in advance left one core idle while the other
		// finished: on the 2-core machines one core often runs 10–20 %
		// slower than the other for a while (a noisy neighbour), and the
		// split products of a GPT-2 forward pass spent ~9 % of their two
		// cores' time so. Taken in turn, the LM head ran ~10 % faster
		// on 2 threads, alternating call by call; the FFN's widening
		// product the same. Narrower products keep fixed halves: with
		// blocks narrower than nc, to have a few per goroutine, the
		// 768-wide ones ran 5–13 % slower.
		inTurn(kern, workers, m, k, alpha, a, []part{{b, c, ldc, n}}, fromZero)
		return
	}
	// Otherwise split the longer side of C in advance, in whole tiles so
	// that no goroutine gets a padded edge tile it could have avoided.
	if n >= m {
		tiles := (n + kern.nr - 1) / kern.nr
		per := (tiles + workers - 1) / workers * kern.nr
		for j0 := 0; j0 < n; j0 += per {
			wg.Go(func() { run(0, m, j0, min(j0+per, n)) })
		}
	} else {
		tiles := (m + kern.mr - 1) / kern.mr
		per := (tiles + workers - 1) / workers * kern.mr
		for i0 := 0; i0 < m; i0 += per {
			wg.Go(func() { run(i0, min(i0+per, m), 0, n) })
		}
	}
	wg.Wait()
}

// part is one product of inTurn: op(B) k×n and its C (leading dimension
// ldc), all sharing the same op(A).
type part struct {
	b   operand
	c   []float64
	ldc int
	n   int
}

// inTurn computes C_p ← a'·op(B_p) (fromZero) or C_p + a'·op(B_p) for every
// part p, op(A) m×k with m ≤ mc rows: the column blocks of all the parts,
// nc wide, go to up to workers goroutines in turn, each taking the next
// one not yet taken, and each goroutine packs A once (keepA) for all the
// blocks it takes, whichever part they belong to.
func inTurn(kern microKernel, workers, m, k int, alpha float64, a operand, parts []part, fromZero bool) {
	nc := blocks.ncFor(kern)
	type colBlock struct{ p, j0 int }
	var todo []colBlock
	for p, pt := range parts {
		for j0 := 0; j0 < pt.n; j0 += nc {
			todo = append(todo, colBlock{p, j0})
		}
	}
	var next atomic.Int64
	work := func() {
		ws := workspaces.Get().(*workspace)
		ws.keepA = true
		for i := int(next.Add(1)) - 1; i < len(todo); i = int(next.Add(1)) - 1 {
			pt := parts[todo[i].p]
			j0 := todo[i].j0
			ws.block(kern, 0, m, j0, min(j0+nc, pt.n), k, alpha, a, pt.b, fromZero, pt.c, pt.ldc)
		}
		ws.keepA, ws.aReady = false, false
		workspaces.Put(ws)
	}
	if workers <= 1 {
		work()
		return
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(work)
	}
	wg.Wait()
}

// workspace holds one goroutine's packed panels and its edge tile. They
// are pooled, so steady-state training allocates none.
type workspace struct {
	a, b, tile []float64
	abuf, bbuf []float64
	// keepA asks block to pack all of A's rows and k-blocks at once (as
	// for one row block and several column blocks) and to keep them for
	// the next call, which then skips packing (aReady): the calls of one
	// goroutine over the column chunks of one product share A.
	keepA, aReady bool
}

var workspaces = sync.Pool{New: func() any { return new(workspace) }}

// aligned returns a slice of n values whose first element is 64-byte
// aligned (a cache line, and one zmm register), growing *buf as needed.
func aligned(buf *[]float64, n int) []float64 {
	const line = 64 / 8
	if cap(*buf) < n+line {
		*buf = make([]float64, n+line)
	}
	s := (*buf)[:cap(*buf)]
	off := int(uintptr(unsafe.Pointer(&s[0])) % 64 / 8)
	if off != 0 {
		off = line - off
	}
	return s[off : off+n]
}

// block computes C[i0:i1, j0:j1] ← C + a'·op(B) with kernel kern: column
// blocks of nc, k-blocks of kc, row blocks of mc, then mr-tall and
// nr-wide micro-tiles (nr-wide then mr-tall when B is read in place).
// Every element's chain goes through the k-blocks in increasing order,
// each one starting from the C value the previous one stored.
func (ws *workspace) block(kern microKernel, i0, i1, j0, j1, k int, alpha float64, a, b operand, fromZero bool, c []float64, ldc int) {
	mr, nr := kern.mr, kern.nr
	kc := max(blocks.kc, 1)
	mc := (max(blocks.mc, 1) + mr - 1) / mr * mr
	nc := blocks.ncFor(kern)
	mcMax := min(mc, (i1-i0+mr-1)/mr*mr)
	ncMax := min(nc, (j1-j0+nr-1)/nr*nr)
	kcMax := min(kc, k)
	// When the rows are one row block and the columns several column
	// blocks (256 tokens through a 50257-word LM head), A is packed once,
	// all its k-blocks side by side (block pc at ap[pc·mcMax:]), and
	// reused by every column block instead of packed again for each;
	// with ws.keepA also by the next calls on this workspace (multiply's
	// goroutines taking column blocks in turn), which find it ready.
	packOnce := i1-i0 <= mc && (j1-j0 > nc || ws.keepA)
	apAll := []float64(nil)
	if packOnce {
		apAll = aligned(&ws.abuf, mcMax*k)
	}
	ap := aligned(&ws.abuf, mcMax*kcMax)
	bp := aligned(&ws.bbuf, kcMax*ncMax)
	if len(ws.tile) < mr*nr {
		ws.tile = make([]float64, mr*nr)
	}
	tile := ws.tile[:mr*nr]
	direct := b.cs == 1 && i1-i0 <= blocks.direct
	for jc := j0; jc < j1; jc += nc {
		nb := min(nc, j1-jc)
		full := nb / nr * nr // columns in whole panels
		for pc := 0; pc < k; pc += kc {
			kb := min(kc, k-pc)
			// With fromZero the first k-block starts the chains from +0.
			zero := fromZero && pc == 0
			if direct { // only the partial last panel needs its zero padding
				packB(bp, b, pc, kb, jc+full, nb-full, nr)
			} else {
				packB(bp, b, pc, kb, jc, nb, nr)
			}
			for ic := i0; ic < i1; ic += mc {
				mb := min(mc, i1-ic)
				// A transposed op(A) with alpha = 1 is read in place in
				// whole panels; only a last partial panel is packed (at
				// its usual place in ap).
				directA := kern.runStrided != nil && a.rs == 1 && alpha == 1
				fullA := 0
				if directA {
					fullA = mb / mr * mr
				}
				if packOnce {
					ap = apAll[pc*mcMax:]
				}
				if !packOnce || jc == j0 && !ws.aReady {
					packA(ap[fullA*kb:], a, alpha, ic+fullA, mb-fullA, pc, kb, mr)
				}
				// tileAt runs the micro-kernel on the tile of rows ir and
				// columns jr of this block; the tile after it starts next
				// values further on in C.
				tileAt := func(jr, ir, next int) {
					cols := min(nr, nb-jr)
					bpanel, ldb := bp[jr*kb:(jr+nr)*kb], nr
					if direct && jr < full {
						bpanel, ldb = b.data[pc*b.rs+jc+jr:], b.rs
					} else if direct {
						bpanel = bp[:nr*kb]
					}
					nk := (*narrowKernel)(nil)
					if cols < nr {
						nk = kern.narrowFor(cols)
					}
					rows := min(mr, mb-ir)
					apanel, lda := ap[ir*kb:(ir+mr)*kb], mr
					strided := ir < fullA
					if strided {
						apanel, lda = a.data[(ic+ir)*a.rs+pc*a.cs:], a.cs
					}
					run := func(c []float64, ldc, next int) {
						switch {
						case nk != nil:
							nk.run(kb, apanel, lda, bpanel, ldb, c, ldc, zero)
						case strided:
							kern.runStrided(kb, apanel, lda, bpanel, ldb, c, ldc, zero, next)
						default:
							kern.run(kb, apanel, bpanel, ldb, c, ldc, zero, next)
						}
					}
					ct := c[(ic+ir)*ldc+jc+jr:]
					if rows == mr && (cols == nr || nk != nil && cols == nk.nr) {
						run(ct, ldc, next)
						return
					}
					// An edge tile runs through the same kernel on a
					// copy of its C values; the padding lanes see zero
					// rows of A or columns of B and are thrown away.
					for r := 0; r < rows; r++ {
						copy(tile[r*nr:r*nr+cols], ct[r*ldc:r*ldc+cols])
					}
					run(tile, nr, 0)
					for r := 0; r < rows; r++ {
						copy(ct[r*ldc:r*ldc+cols], tile[r*nr:r*nr+cols])
					}
				}
				// With B packed, each mr-row panel of A (mr·kc values,
				// 16 KiB) stays in L1 while the kernel sweeps the B block
				// (kc·nc, 768 KiB) panel by panel out of L2. The other
				// order, one nr-wide panel of B held while the A panels
				// stream past it, asks L1 to keep a 48 KiB panel (kc·nr)
				// in a 48 KiB cache: on the GPT-2-small forward pass it
				// ran 3–8 % slower per product and ~20 % slower on the LM
				// head. A B read in place (direct) is the operand that
				// comes from memory, so there each of its panels is held
				// and reused by the few A panels instead.
				if direct {
					for jr := 0; jr < nb; jr += nr {
						for ir := 0; ir < mb; ir += mr {
							next := mr * ldc // the tile below
							if ir+mr >= mb {
								next = nr - ir*ldc // the top of the next column
							}
							tileAt(jr, ir, next)
						}
					}
				} else {
					for ir := 0; ir < mb; ir += mr {
						for jr := 0; jr < nb; jr += nr {
							next := nr // the tile to the right
							if jr+nr >= nb {
								next = mr*ldc - jr // the start of the next row of tiles
							}
							tileAt(jr, ir, next)
						}
					}
				}
			}
		}
	}
	if packOnce && ws.keepA {
		ws.aReady = true
	}
}

// packA writes a'[i0:i0+mb, p0:p0+kb] (a' = alpha·op(A), each product
// rounded, or op(A) when alpha = 1) as panels of mr rows: the panel that
// starts at row q (a multiple of mr) holds a'(i0+q+r, p0+p) at
// ap[q·kb + p·mr + r]. Rows past mb are zero.
func packA(ap []float64, a operand, alpha float64, i0, mb, p0, kb, mr int) {
	for q := 0; q < mb; q += mr {
		panel := ap[q*kb : (q+mr)*kb]
		rows := min(mr, mb-q)
		if a.cs == 1 && rows == 8 && mr == 8 { // the AVX-512 kernel's full panels
			packA8(panel, a, alpha, i0+q, p0, kb)
			continue
		}
		if a.cs == 1 { // rows of op(A) are contiguous
			for r := 0; r < rows; r++ {
				src := a.data[(i0+q+r)*a.rs+p0:][:kb]
				if alpha == 1 {
					for p, x := range src {
						panel[p*mr+r] = x
					}
				} else {
					for p, x := range src {
						panel[p*mr+r] = alpha * x
					}
				}
			}
		} else { // op(A) = Aᵀ: its columns are contiguous
			for p := 0; p < kb; p++ {
				src := a.data[(p0+p)*a.cs+(i0+q)*a.rs:][:rows]
				dst := panel[p*mr : p*mr+rows]
				if alpha == 1 && rows == 8 {
					*(*[8]float64)(dst) = *(*[8]float64)(src)
				} else if alpha == 1 {
					copy(dst, src)
				} else {
					for r, x := range src {
						dst[r] = alpha * x
					}
				}
			}
		}
		if rows < mr {
			for p := 0; p < kb; p++ {
				clear(panel[p*mr+rows : p*mr+mr])
			}
		}
	}
}

// packA8 is packA for one full 8-row panel of a row-major op(A): it reads
// the 8 rows side by side and writes each step's 8 values as one
// contiguous group, instead of 8 passes each writing every 8th value.
func packA8(panel []float64, a operand, alpha float64, i, p0, kb int) {
	row := func(r int) []float64 { return a.data[(i+r)*a.rs+p0:][:kb] }
	s0, s1, s2, s3, s4, s5, s6, s7 := row(0), row(1), row(2), row(3), row(4), row(5), row(6), row(7)
	panel = panel[:kb*8]
	done := 0
	if alpha == 1 { // whole 8×8 blocks by vector transposes where there are any
		done = transposeBlocks(panel, 8, a.data[i*a.rs+p0:], a.rs, kb)
	}
	for p := done; p < kb; p++ {
		d := (*[8]float64)(panel[p*8:])
		d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7] = s0[p], s1[p], s2[p], s3[p], s4[p], s5[p], s6[p], s7[p]
		if alpha != 1 {
			for r := range d {
				d[r] *= alpha
			}
		}
	}
}

// packB writes op(B)[p0:p0+kb, j0:j0+nb] as panels of nr columns: the
// panel that starts at column q (a multiple of nr) holds op(B)(p0+p,
// j0+q+j) at bp[q·kb + p·nr + j]. Columns past nb are zero.
func packB(bp []float64, b operand, p0, kb, j0, nb, nr int) {
	if b.cs == 1 {
		// Rows of op(B) are contiguous: read each one once, front to
		// back, and deal it out to the panels. (Walking a panel down
		// the rows instead touches kb pages per panel and defeats the
		// hardware prefetcher.) The AVX-512 kernel's whole panels are
		// dealt in assembly: 24-value copies there cost a runtime.memmove
		// call each, and packing took about 10 % of a product.
		full := nb / nr * nr
		dealt := nr == 24 && dealPanels24(bp, kb*24, b.data[p0*b.rs+j0:], b.rs, kb, full/24)
		for p := 0; p < kb; p++ {
			row := b.data[(p0+p)*b.rs+j0:][:nb]
			for q := 0; q < full && !dealt; q += nr {
				copy(bp[q*kb+p*nr:][:nr], row[q:q+nr])
			}
			if full < nb {
				dst := bp[full*kb+p*nr:][:nr]
				copy(dst, row[full:])
				clear(dst[nb-full:])
			}
		}
		return
	}
	// op(B) = Bᵀ: its columns are contiguous
	for q := 0; q < nb; q += nr {
		panel := bp[q*kb : (q+nr)*kb]
		cols := min(nr, nb-q)
		for j := 0; j < cols; {
			done := 0
			if j+8 <= cols { // 8 columns at once, by vector transposes of 8×8 blocks
				done = transposeBlocks(panel[j:], nr, b.data[(j0+q+j)*b.cs+p0*b.rs:], b.cs, kb)
			}
			width := 1
			if done > 0 {
				width = 8
			}
			for jj := j; jj < j+width; jj++ {
				src := b.data[(j0+q+jj)*b.cs+p0*b.rs:][:kb]
				for p := done; p < kb; p++ {
					panel[p*nr+jj] = src[p]
				}
			}
			j += width
		}
		if cols < nr {
			for p := 0; p < kb; p++ {
				clear(panel[p*nr+cols : p*nr+nr])
			}
		}
	}
}

// goKernel is the pure-Go micro-kernel: 4×4 tiles through rowsFMA.
var goKernel = microKernel{name: "go", mr: 4, nr: 4, run: func(k int, a, b []float64, ldb int, c []float64, ldc int, zero bool, _ int) {
	if zero {
		clearTile(c, ldc, 4, 4)
	}
	rowsFMA(k, a, b, ldb, c, ldc)
}}

// rowsFMA is the pure-Go micro-kernel (mr = nr = 4, layouts as in
// microKernel): the 16 C values of the tile are carried through the chain
// c ← math.FMA(a, b, c) in increasing p, all 16 in each step, so that 16
// independent chains keep the FMA unit busy (one tile row at a time would
// leave 4, waiting on the FMA's latency). math.FMA rounds once on every
// architecture (a hardware instruction where there is one, exact software
// otherwise), so it gives the assembly kernels' bits.
func rowsFMA(k int, a, b []float64, ldb int, c []float64, ldc int) {
	a = a[:k*4]
	r0, r1, r2, r3 := c[0:4:4], c[ldc:ldc+4:ldc+4], c[2*ldc:2*ldc+4:2*ldc+4], c[3*ldc:3*ldc+4:3*ldc+4]
	c00, c01, c02, c03 := r0[0], r0[1], r0[2], r0[3]
	c10, c11, c12, c13 := r1[0], r1[1], r1[2], r1[3]
	c20, c21, c22, c23 := r2[0], r2[1], r2[2], r2[3]
	c30, c31, c32, c33 := r3[0], r3[1], r3[2], r3[3]
	for p := 0; p < k; p++ {
		ap := a[p*4 : p*4+4 : p*4+4]
		bp := b[p*ldb : p*ldb+4 : p*ldb+4]
		b0, b1, b2, b3 := bp[0], bp[1], bp[2], bp[3]
		x := ap[0]
		c00, c01, c02, c03 = math.FMA(x, b0, c00), math.FMA(x, b1, c01), math.FMA(x, b2, c02), math.FMA(x, b3, c03)
		x = ap[1]
		c10, c11, c12, c13 = math.FMA(x, b0, c10), math.FMA(x, b1, c11), math.FMA(x, b2, c12), math.FMA(x, b3, c13)
		x = ap[2]
		c20, c21, c22, c23 = math.FMA(x, b0, c20), math.FMA(x, b1, c21), math.FMA(x, b2, c22), math.FMA(x, b3, c23)
		x = ap[3]
		c30, c31, c32, c33 = math.FMA(x, b0, c30), math.FMA(x, b1, c31), math.FMA(x, b2, c32), math.FMA(x, b3, c33)
	}
	r0[0], r0[1], r0[2], r0[3] = c00, c01, c02, c03
	r1[0], r1[1], r1[2], r1[3] = c10, c11, c12, c13
	r2[0], r2[1], r2[2], r2[3] = c20, c21, c22, c23
	r3[0], r3[1], r3[2], r3[3] = c30, c31, c32, c33
}
