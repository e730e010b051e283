//go:build amd64 && !purego

#include "textflag.h"

// Eight elements per iteration, one zmm register each; n is a positive
// multiple of 8. Every operation is one IEEE multiply, add or subtract of
// the same operands in the same order as the Go loop in vec.go (no FMA),
// so each element gets the same bits.

// func addAVX512(dst, src *float64, n int)
TEXT ·addAVX512(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $3, CX

addloop:
	VMOVUPD (DI), Z0
	VADDPD (SI), Z0, Z0
	VMOVUPD Z0, (DI)
	ADDQ $64, DI
	ADDQ $64, SI
	DECQ CX
	JNZ addloop
	VZEROUPPER
	RET

// func geluArgAVX512(u, x *float64, n int, c, k float64)
// u = k·(x + ((c·x)·x)·x)
TEXT ·geluArgAVX512(SB), NOSPLIT, $0-40
	MOVQ u+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $3, CX
	VBROADCASTSD c+24(FP), Z30
	VBROADCASTSD k+32(FP), Z31

argloop:
	VMOVUPD (SI), Z0
	VMULPD Z30, Z0, Z1 // c·x
	VMULPD Z0, Z1, Z1  // ·x
	VMULPD Z0, Z1, Z1  // ·x
	VADDPD Z1, Z0, Z1  // x + …
	VMULPD Z31, Z1, Z1 // k·(…)
	VMOVUPD Z1, (DI)
	ADDQ $64, DI
	ADDQ $64, SI
	DECQ CX
	JNZ argloop
	VZEROUPPER
	RET

// func geluOutAVX512(y, x, t *float64, n int)
// y = (0.5·x)·(1 + t)
TEXT ·geluOutAVX512(SB), NOSPLIT, $0-32
	MOVQ y+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ t+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $3, CX
	MOVQ $0x3FE0000000000000, AX // 0.5
	VPBROADCASTQ AX, Z30
	MOVQ $0x3FF0000000000000, AX // 1
	VPBROADCASTQ AX, Z31

outloop:
	VMOVUPD (SI), Z0
	VMOVUPD (DX), Z1
	VMULPD Z30, Z0, Z0 // 0.5·x
	VADDPD Z31, Z1, Z1 // 1 + t
	VMULPD Z1, Z0, Z0
	VMOVUPD Z0, (DI)
	ADDQ $64, DI
	ADDQ $64, SI
	ADDQ $64, DX
	DECQ CX
	JNZ outloop
	VZEROUPPER
	RET

// func geluGradAVX512(dx, gr, x, t *float64, n int, c3, k float64)
// dx += g·(0.5·(1 + t) + (((0.5·x)·(1 − t·t))·k)·(1 + (c3·x)·x))
TEXT ·geluGradAVX512(SB), NOSPLIT, $0-56
	MOVQ dx+0(FP), DI
	MOVQ gr+8(FP), R8
	MOVQ x+16(FP), SI
	MOVQ t+24(FP), DX
	MOVQ n+32(FP), CX
	SHRQ $3, CX
	VBROADCASTSD c3+40(FP), Z28
	VBROADCASTSD k+48(FP), Z29
	MOVQ $0x3FE0000000000000, AX // 0.5
	VPBROADCASTQ AX, Z30
	MOVQ $0x3FF0000000000000, AX // 1
	VPBROADCASTQ AX, Z31

gradloop:
	VMOVUPD (SI), Z0   // x
	VMOVUPD (DX), Z1   // t
	VMULPD Z1, Z1, Z2  // t·t
	VSUBPD Z2, Z31, Z2 // 1 − t·t
	VMULPD Z30, Z0, Z3 // 0.5·x
	VMULPD Z2, Z3, Z3  // ·(1 − t·t)
	VMULPD Z29, Z3, Z3 // ·k
	VMULPD Z28, Z0, Z4 // c3·x
	VMULPD Z0, Z4, Z4  // ·x
	VADDPD Z31, Z4, Z4 // 1 + …
	VMULPD Z4, Z3, Z3  // a·b
	VADDPD Z31, Z1, Z5 // 1 + t
	VMULPD Z30, Z5, Z5 // 0.5·(1 + t)
	VADDPD Z3, Z5, Z5  // d
	VMULPD (R8), Z5, Z5 // g·d
	VADDPD (DI), Z5, Z5 // dx + g·d
	VMOVUPD Z5, (DI)
	ADDQ $64, DI
	ADDQ $64, R8
	ADDQ $64, SI
	ADDQ $64, DX
	DECQ CX
	JNZ gradloop
	VZEROUPPER
	RET

// func adamWAVX512(theta, g, m, v *float64, n int, c *adamConsts)
// c points at decay, b1c, beta2, b2c, bc2Sqrt, eps, step.
TEXT ·adamWAVX512(SB), NOSPLIT, $0-48
	MOVQ theta+0(FP), DI
	MOVQ gr+8(FP), SI
	MOVQ m+16(FP), R8
	MOVQ v+24(FP), R9
	MOVQ n+32(FP), CX
	MOVQ c+40(FP), AX
	SHRQ $3, CX
	VBROADCASTSD 0(AX), Z24  // decay
	VBROADCASTSD 8(AX), Z25  // b1c
	VBROADCASTSD 16(AX), Z26 // beta2
	VBROADCASTSD 24(AX), Z27 // b2c
	VBROADCASTSD 32(AX), Z28 // bc2Sqrt
	VBROADCASTSD 40(AX), Z29 // eps
	VBROADCASTSD 48(AX), Z30 // step

adamloop:
	VMOVUPD (DI), Z0    // θ
	VMOVUPD (SI), Z1    // g
	VMOVUPD (R8), Z2    // m
	VMOVUPD (R9), Z3    // v
	VMULPD Z24, Z0, Z0  // θ·decay
	VSUBPD Z2, Z1, Z4   // g − m
	VMULPD Z25, Z4, Z4  // ·b1c
	VADDPD Z4, Z2, Z2   // m + …
	VMULPD Z26, Z3, Z3  // v·β₂
	VMULPD Z27, Z1, Z5  // b2c·g
	VMULPD Z1, Z5, Z5   // ·g
	VADDPD Z5, Z3, Z3   // v
	VSQRTPD Z3, Z6      // √v
	VDIVPD Z28, Z6, Z6  // / bc2Sqrt
	VADDPD Z29, Z6, Z6  // + ε
	VMULPD Z2, Z30, Z7  // step·m
	VDIVPD Z6, Z7, Z7   // / denom
	VSUBPD Z7, Z0, Z0   // θ − …
	VMOVUPD Z0, (DI)
	VMOVUPD Z2, (R8)
	VMOVUPD Z3, (R9)
	ADDQ $64, DI
	ADDQ $64, SI
	ADDQ $64, R8
	ADDQ $64, R9
	DECQ CX
	JNZ adamloop
	VZEROUPPER
	RET

// func subScalarAVX512(dst, x *float64, n int, m float64)
TEXT ·subScalarAVX512(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $3, CX
	VBROADCASTSD m+24(FP), Z31

subloop:
	VMOVUPD (SI), Z0
	VSUBPD Z31, Z0, Z0 // x − m
	VMOVUPD Z0, (DI)
	ADDQ $64, DI
	ADDQ $64, SI
	DECQ CX
	JNZ subloop
	VZEROUPPER
	RET

// func divScalarAVX512(dst *float64, n int, s float64)
TEXT ·divScalarAVX512(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ n+8(FP), CX
	SHRQ $3, CX
	VBROADCASTSD s+16(FP), Z31

divloop:
	VMOVUPD (DI), Z0
	VDIVPD Z31, Z0, Z0 // dst / s
	VMOVUPD Z0, (DI)
	ADDQ $64, DI
	DECQ CX
	JNZ divloop
	VZEROUPPER
	RET

// func mulAddAVX512(dst, a, b *float64, n int)
// dst += a·b (multiply, then add: no FMA)
TEXT ·mulAddAVX512(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $3, CX

muladdloop:
	VMOVUPD (SI), Z0
	VMULPD (DX), Z0, Z0
	VADDPD (DI), Z0, Z0
	VMOVUPD Z0, (DI)
	ADDQ $64, DI
	ADDQ $64, SI
	ADDQ $64, DX
	DECQ CX
	JNZ muladdloop
	VZEROUPPER
	RET

// func layerNormRowAVX512(h, y, x, gain, b *float64, n int, c *[2]float64)
// h = (x − mu)·rstd;  y = g·h + b   (c = {mu, rstd})
TEXT ·layerNormRowAVX512(SB), NOSPLIT, $0-56
	MOVQ h+0(FP), DI
	MOVQ y+8(FP), R8
	MOVQ x+16(FP), SI
	MOVQ gain+24(FP), R9
	MOVQ b+32(FP), R10
	MOVQ n+40(FP), CX
	MOVQ c+48(FP), AX
	SHRQ $3, CX
	VBROADCASTSD 0(AX), Z30 // mu
	VBROADCASTSD 8(AX), Z31 // rstd

lnloop:
	VMOVUPD (SI), Z0
	VSUBPD Z30, Z0, Z0   // x − mu
	VMULPD Z31, Z0, Z0   // ·rstd
	VMOVUPD Z0, (DI)
	VMULPD (R9), Z0, Z1  // g·h
	VADDPD (R10), Z1, Z1 // + b
	VMOVUPD Z1, (R8)
	ADDQ $64, DI
	ADDQ $64, R8
	ADDQ $64, SI
	ADDQ $64, R9
	ADDQ $64, R10
	DECQ CX
	JNZ lnloop
	VZEROUPPER
	RET

// func rmsNormRowAVX512(h, y, x, gain *float64, n int, rinv float64)
// h = x·rinv, y = gain·h
TEXT ·rmsNormRowAVX512(SB), NOSPLIT, $0-48
	MOVQ h+0(FP), DI
	MOVQ y+8(FP), R8
	MOVQ x+16(FP), SI
	MOVQ gain+24(FP), R9
	MOVQ n+32(FP), CX
	SHRQ $3, CX
	VBROADCASTSD rinv+40(FP), Z31

rmsloop:
	VMOVUPD (SI), Z0
	VMULPD Z31, Z0, Z0  // x·rinv
	VMOVUPD Z0, (DI)
	VMULPD (R9), Z0, Z1 // g·h
	VMOVUPD Z1, (R8)
	ADDQ $64, DI
	ADDQ $64, R8
	ADDQ $64, SI
	ADDQ $64, R9
	DECQ CX
	JNZ rmsloop
	VZEROUPPER
	RET

// func normGradRowAVX512(dx, up, gain, h *float64, n int, c *[3]float64)
// dx += ((up·g − meanG) − h·meanGH)·rs   (c = {meanG, meanGH, rs})
TEXT ·normGradRowAVX512(SB), NOSPLIT, $0-48
	MOVQ dx+0(FP), DI
	MOVQ up+8(FP), SI
	MOVQ gain+16(FP), R9
	MOVQ h+24(FP), R10
	MOVQ n+32(FP), CX
	MOVQ c+40(FP), AX
	SHRQ $3, CX
	VBROADCASTSD 0(AX), Z29  // meanG
	VBROADCASTSD 8(AX), Z30  // meanGH
	VBROADCASTSD 16(AX), Z31 // rs

ngloop:
	VMOVUPD (SI), Z0
	VMULPD (R9), Z0, Z0  // up·g
	VSUBPD Z29, Z0, Z0   // − meanG
	VMOVUPD (R10), Z1
	VMULPD Z30, Z1, Z1   // h·meanGH
	VSUBPD Z1, Z0, Z0    // (…) − h·meanGH
	VMULPD Z31, Z0, Z0   // ·rs
	VADDPD (DI), Z0, Z0  // dx + …
	VMOVUPD Z0, (DI)
	ADDQ $64, DI
	ADDQ $64, SI
	ADDQ $64, R9
	ADDQ $64, R10
	DECQ CX
	JNZ ngloop
	VZEROUPPER
	RET

// func mulScalarAVX512(dst *float64, n int, s float64)
TEXT ·mulScalarAVX512(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ n+8(FP), CX
	SHRQ $3, CX
	VBROADCASTSD s+16(FP), Z31

mulsloop:
	VMOVUPD (DI), Z0
	VMULPD Z0, Z31, Z0 // s·dst
	VMOVUPD Z0, (DI)
	ADDQ $64, DI
	DECQ CX
	JNZ mulsloop
	VZEROUPPER
	RET

// func maxAVX512(x *float64, n int) (m float64, nan bool)
//
// Two running maxima of 8 lanes each, so that consecutive VMAXPDs do not
// wait on each other. VMAXPD returns its second source when either is
// NaN, so with x there a NaN never enters the maxima; K2 collects the
// lanes where x was NaN (unordered with itself) instead.
TEXT ·maxAVX512(SB), NOSPLIT, $0-25
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	SHRQ $3, CX
	VBROADCASTSD negInf<>(SB), Z0
	VMOVAPD Z0, Z1
	KXORW K2, K2, K2
	TESTQ $1, CX
	JE maxpairs
	VMOVUPD (SI), Z2
	VMAXPD Z0, Z2, Z0 // max(x, m): m where x is NaN
	VCMPPD $3, Z2, Z2, K1 // UNORD_Q: x is NaN
	KORW K1, K2, K2
	ADDQ $64, SI
	DECQ CX
	JE maxreduce

maxpairs:
	VMOVUPD (SI), Z2
	VMOVUPD 64(SI), Z3
	VMAXPD Z0, Z2, Z0
	VMAXPD Z1, Z3, Z1
	VCMPPD $3, Z2, Z2, K1
	KORW K1, K2, K2
	VCMPPD $3, Z3, Z3, K1
	KORW K1, K2, K2
	ADDQ $128, SI
	SUBQ $2, CX
	JNE maxpairs

maxreduce:
	VMAXPD Z0, Z1, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VMAXPD Y0, Y1, Y0
	VEXTRACTF128 $1, Y0, X1
	VMAXPD X0, X1, X0
	VPERMILPD $1, X0, X1
	VMAXPD X0, X1, X0
	VMOVSD X0, m+16(FP)
	KORTESTW K2, K2
	SETNE nan+24(FP)
	VZEROUPPER
	RET

// func finiteAVX512(x *float64, n int) bool
//
// A value is ±Inf or NaN exactly when its 11 exponent bits are all ones:
// K2 gathers the lanes where x AND the exponent mask equals the mask.
TEXT ·finiteAVX512(SB), NOSPLIT, $0-17
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	SHRQ $3, CX
	VPBROADCASTQ expMask<>(SB), Z31
	KXORW K2, K2, K2

finiteloop:
	VPANDQ (SI), Z31, Z0
	VPCMPEQQ Z31, Z0, K1
	KORW K1, K2, K2
	ADDQ $64, SI
	DECQ CX
	JNZ finiteloop
	KORTESTW K2, K2
	SETEQ ret+16(FP)
	VZEROUPPER
	RET

DATA expMask<>+0(SB)/8, $0x7ff0000000000000
GLOBL expMask<>(SB), RODATA|NOPTR, $8

DATA negInf<>+0(SB)/8, $0xfff0000000000000
GLOBL negInf<>(SB), RODATA|NOPTR, $8
