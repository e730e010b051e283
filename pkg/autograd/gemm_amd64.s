#include "textflag.h"

// func gemm4x8(k int, a *float64, rs, cs int, b *float64, ldb int, c *float64, ldc int)
//
// C[0:4, 0:8] += A[0:4, 0:k] · B[0:k, 0:8], B and C row-major with leading
// dimensions ldb and ldc, and A(r, p) at a[r·rs + p·cs] (in elements), so
// that A can be read as stored (rs = lda, cs = 1) or transposed (rs = 1,
// cs = lda) without copying. The 4×8 block of C lives in Y0–Y7 for the whole loop over
// k; each step loads one 8-wide row of B (Y8, Y9), broadcasts one entry of
// each of the 4 rows of A and does 8 fused multiply-adds.
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
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
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
	VADDPD (DX), Y0, Y0
	VMOVUPD Y0, (DX)
	VADDPD 32(DX), Y1, Y1
	VMOVUPD Y1, 32(DX)
	ADDQ R10, DX
	VADDPD (DX), Y2, Y2
	VMOVUPD Y2, (DX)
	VADDPD 32(DX), Y3, Y3
	VMOVUPD Y3, 32(DX)
	ADDQ R10, DX
	VADDPD (DX), Y4, Y4
	VMOVUPD Y4, (DX)
	VADDPD 32(DX), Y5, Y5
	VMOVUPD Y5, 32(DX)
	ADDQ R10, DX
	VADDPD (DX), Y6, Y6
	VMOVUPD Y6, (DX)
	VADDPD 32(DX), Y7, Y7
	VMOVUPD Y7, 32(DX)
	VZEROUPPER
	RET
