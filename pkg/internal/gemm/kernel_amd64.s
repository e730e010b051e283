//go:build amd64 && !purego

#include "textflag.h"

// func gemm4x8(k int, a *float64, rs, cs int, b *float64, ldb int, c *float64, ldc int)
//
// C[0:4, 0:8] ← C + A[0:4, 0:k] · B[0:k, 0:8], B and C row-major with
// leading dimensions ldb and ldc, and A(r, p) at a[r·rs + p·cs] (in
// elements), so that A can be read as stored (rs = lda, cs = 1) or
// transposed (rs = 1, cs = lda) without copying. The 4×8 block of C is
// loaded into Y0–Y7 first and stays there for the whole loop over k, so
// each element is the package's canonical chain c ← fma(a, b, c) in
// increasing k, starting from C's own value (not a sum from zero added to
// C at the end, which would round differently). Each step loads one 8-wide
// row of B (Y8, Y9), broadcasts one entry of each of the 4 rows of A and
// does 8 fused multiply-adds.
TEXT ·gemm4x8(SB), NOSPLIT, $0-64
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ rs+16(FP), R8
	MOVQ cs+24(FP), AX
	MOVQ b+32(FP), DI
	MOVQ ldb+40(FP), R9
	MOVQ c+48(FP), DX
	MOVQ ldc+56(FP), R10
	SHLQ $3, R8
	SHLQ $3, AX
	SHLQ $3, R9
	SHLQ $3, R10
	LEAQ (SI)(R8*1), R11
	LEAQ (R11)(R8*1), R12
	LEAQ (R12)(R8*1), R13
	MOVQ DX, BX
	VMOVUPD (BX), Y0
	VMOVUPD 32(BX), Y1
	ADDQ R10, BX
	VMOVUPD (BX), Y2
	VMOVUPD 32(BX), Y3
	ADDQ R10, BX
	VMOVUPD (BX), Y4
	VMOVUPD 32(BX), Y5
	ADDQ R10, BX
	VMOVUPD (BX), Y6
	VMOVUPD 32(BX), Y7
	TESTQ CX, CX
	JE done

loop:
	VMOVUPD (DI), Y8
	VMOVUPD 32(DI), Y9
	VBROADCASTSD (SI), Y10
	VFMADD231PD Y8, Y10, Y0
	VFMADD231PD Y9, Y10, Y1
	VBROADCASTSD (R11), Y11
	VFMADD231PD Y8, Y11, Y2
	VFMADD231PD Y9, Y11, Y3
	VBROADCASTSD (R12), Y12
	VFMADD231PD Y8, Y12, Y4
	VFMADD231PD Y9, Y12, Y5
	VBROADCASTSD (R13), Y13
	VFMADD231PD Y8, Y13, Y6
	VFMADD231PD Y9, Y13, Y7
	ADDQ AX, SI
	ADDQ AX, R11
	ADDQ AX, R12
	ADDQ AX, R13
	ADDQ R9, DI
	DECQ CX
	JNZ loop

done:
	VMOVUPD Y0, (DX)
	VMOVUPD Y1, 32(DX)
	ADDQ R10, DX
	VMOVUPD Y2, (DX)
	VMOVUPD Y3, 32(DX)
	ADDQ R10, DX
	VMOVUPD Y4, (DX)
	VMOVUPD Y5, 32(DX)
	ADDQ R10, DX
	VMOVUPD Y6, (DX)
	VMOVUPD Y7, 32(DX)
	VZEROUPPER
	RET
