/*
 * kinetics.h — the small rate laws the modules are built from, each with
 * its derivative (for the analytic Jacobians).  docs/model.md §1.
 */
#ifndef MAS_KINETICS_H
#define MAS_KINETICS_H

#include <math.h>
#include <stddef.h>

#include "model.h"

#define MAS_LN2 0.69314718055994530942
#define MAS_PI 3.14159265358979323846
#define MAS_G 9.80665 /* standard gravity, m/s^2 */

/* Saturating response x / (x + k) and its derivative in x. */
static inline double hill1(double x, double k) { return x / (x + k); }
static inline double dhill1(double x, double k) { return k / ((x + k) * (x + k)); }

/* Cooperative (Hill coefficient 2) response x^2 / (x^2 + k^2). */
static inline double hill2(double x, double k)
{
    return x * x / (x * x + k * k);
}
static inline double dhill2(double x, double k)
{
    double d = x * x + k * k;
    return 2.0 * x * k * k / (d * d);
}

/* Response above rest, never below: Δh(x; x0, K) = max(0, h(x) - h(x0)), and
 * its derivative in x (0 where the response is clipped).  docs/model.md §1. */
static inline double excess1(double x, double x0, double k)
{
    double d = hill1(x, k) - hill1(x0, k);
    return d > 0.0 ? d : 0.0;
}
static inline double dexcess1(double x, double x0, double k) { return x > x0 ? dhill1(x, k) : 0.0; }
static inline double excess2(double x, double x0, double k)
{
    double d = hill2(x, k) - hill2(x0, k);
    return d > 0.0 ? d : 0.0;
}
static inline double dexcess2(double x, double x0, double k) { return x > x0 ? dhill2(x, k) : 0.0; }

/* First-order rate constant (1/day) from a half-life in hours or days. */
static inline double per_day_from_half_life_h(double half_life_h)
{
    return MAS_LN2 * 24.0 / half_life_h;
}
static inline double per_day_from_half_life_d(double half_life_d)
{
    return MAS_LN2 / half_life_d;
}

/* 1:1 binding at equilibrium (law of mass action): of a total ligand L and
 * a total binder B (same molar units) with dissociation constant K, the
 * free ligand is F = L - C, C the smaller root of C^2 - (L + B + K) C + L B
 * = 0.  C = 2 L B / (S + R), S = L + B + K, R = sqrt(S^2 - 4 L B) written
 * as sqrt((L - B)^2 + K (K + 2 (L + B))) (no cancellation); by implicit
 * differentiation dC/dL = (B - C) / R and dC/dB = (L - C) / R.
 * docs/model.md §3.1. */
struct mas_free { double free, dfree_dl, dfree_db; };
static inline struct mas_free mas_bind_free(double l, double b, double k)
{
    double s = l + b + k, r = sqrt((l - b) * (l - b) + k * (k + 2.0 * (l + b)));
    double cplx = 2.0 * l * b / (s + r);
    struct mas_free f = {l - cplx, 1.0 - (b - cplx) / r, -(l - cplx) / r};
    return f;
}

/* Free IL-18 (pg/mL) of a total il18 (pg/mL) and IL-18 binding protein
 * bp (ng/mL), dissociation constant kd_pm (pM), molar masses in kDa
 * (pg/mL / kDa = pM); derivatives per pg/mL of IL-18 and per ng/mL of
 * IL-18BP. */
static inline struct mas_free mas_il18_free(double il18, double bp, double kd_pm,
                                            double mw_il18, double mw_bp)
{
    struct mas_free f = mas_bind_free(il18 / mw_il18, 1000.0 * bp / mw_bp, kd_pm);
    f.free *= mw_il18;
    f.dfree_db *= 1000.0 * mw_il18 / mw_bp;
    return f;
}

/* Jacobian accumulation, MAS_J(c, J, row, col) += v: into the dense
 * row-major J, or into the sparse values through the context's slot map
 * (struct mas_ctx, src/model.h). */
static inline double *mas_jac_entry(const struct mas_ctx *c, double *J, int row, int col)
{
    size_t k = (size_t)row * (size_t)c->n + (size_t)col;
    if (c->slot)
        return &J[c->slot[k]];
    if (c->mark)
        c->mark[k] = 1;
    return &J[k];
}
#define MAS_J(c, J, row, col) (*mas_jac_entry((c), (J), (row), (col)))

#endif
