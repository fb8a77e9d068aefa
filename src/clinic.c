/*
 * clinic.c — the patient's random draws and the accuracy of what a
 * clinician measures (clinic.h; docs/criteria.md, "What a clinician sees").
 */
#include "clinic.h"

#include <math.h>
#include <string.h>

/* Analytical and within-subject biological variation, as fractions
 * (docs/criteria.md, "What a clinician sees").  Where a study gives no
 * analytical CV, cv_a is the desirable imprecision 0.5 x cv_i (Fraser &
 * Petersen, Clin Chem 1993;39:1447; the rule restated by Fuentes-Arderiu
 * 1992). */
const struct mas_lab_error mas_lab_errors[MAS_LAB_N] = {
    [MAS_LAB_FERRITIN] = {"ferritin", 0.0227, 0.145, 0, "cv_i: day-to-day, Pilon et al., Clin Chem "
                          "1981;27:78; cv_a: Cokluk et al., Clin Lab 2021, doi 10.7754/Clin.Lab.2021.210102"},
    [MAS_LAB_PLATELETS] = {"platelets", 0.033, 0.066, 0, "cv_i: week-to-week, Statland et al., "
                           "Am J Clin Pathol 1978;69:48"},
    [MAS_LAB_AST] = {"ast", 0.0475, 0.095, 0, "cv_i: Carobene et al. (EuBIVAS), Clin Chem "
                     "2017;63:1141"},
    [MAS_LAB_TRIGLYCERIDES] = {"triglycerides", 0.018, 0.198, 0, "EuBIVAS, Carobene et al., "
                               "Clin Chem Lab Med 2022;60:505, Table 2"},
    [MAS_LAB_FIBRINOGEN] = {"fibrinogen", 0.055, 0.11, 0, "cv_i: Zengi & Ucar, Turk J Biochem "
                            "2023 (doi 10.1515/tjb-2023-0155)"},
    [MAS_LAB_HEMOGLOBIN] = {"hemoglobin", 0.014, 0.028, 0, "cv_i: Fuentes-Arderiu, Arch Pathol "
                            "Lab Med 1992;116:825"},
    [MAS_LAB_NEUTROPHILS] = {"neutrophils", 0.13, 0.26, 0, "cv_i: week-to-week, Statland et al. "
                             "1978"},
    [MAS_LAB_WBC] = {"wbc", 0.066, 0.1325, 0, "cv_i: mean of men's 10.8 % and women's 15.7 %, "
                     "Fuentes-Arderiu 1992"},
    [MAS_LAB_SCD25] = {"scd25", 0.0775, 0.155, 0, "cv_i: middle of 11-20 %, Aziz et al., BMC "
                       "Immunol 2019;20:33"},
    [MAS_LAB_LDH] = {"ldh", 0.026, 0.052, 0, "cv_i: Carobene et al. 2017"},
    [MAS_LAB_ESR] = {"esr", 0, 0, 1.8, "ICSH (Jou et al., Int J Lab Hematol 2011;33:125): 95 % "
                     "of duplicate differences within 5 mm/h, so SD 5 / (1.96 sqrt 2) mm/h"},
};

double mas_lab_total_cv(enum mas_lab lab)
{
    const struct mas_lab_error *e = &mas_lab_errors[lab];
    return sqrt(e->cv_a * e->cv_a + e->cv_i * e->cv_i);
}

/* splitmix64's output function (Steele, Lea & Flood, OOPSLA 2014): a
 * bijection of 64-bit words whose outputs pass BigCrush for counters. */
static uint64_t mix(uint64_t z)
{
    z += 0x9e3779b97f4a7c15u;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

double mas_clinic_uniform(double seed, unsigned stream, int64_t k)
{
    uint64_t s;
    double rounded = nearbyint(seed);
    memcpy(&s, &rounded, sizeof s);               /* the seed's bits: any number works */
    uint64_t z = mix(mix(mix(s) ^ (uint64_t)stream) ^ (uint64_t)k);
    return ((double)(z >> 11) + 0.5) * 0x1.0p-53;  /* 53 bits, never 0 or 1 */
}

double mas_clinic_normal(double seed, unsigned stream, int64_t k)
{
    double u1 = mas_clinic_uniform(seed, stream, 2 * k), u2 = mas_clinic_uniform(seed, stream, 2 * k + 1);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);   /* Box & Muller 1958 */
}

double mas_lab_measured(double seed, enum mas_lab lab, double v, double day)
{
    double cv = mas_lab_total_cv(lab), sd = mas_lab_errors[lab].sd_abs;
    if (!(v > 0) || (cv == 0 && sd == 0))
        return v;
    double z = mas_clinic_normal(seed, MAS_DRAW_LAB + (unsigned)lab, (int64_t)floor(day + 1e-9));
    if (sd > 0)
        return fmax(v + sd * z, 0.0);
    return v * exp(sqrt(log1p(cv * cv)) * z);            /* log-normal with that CV */
}

int mas_test_result(int present, double se, double sp, double u_true, double u_false)
{
    return present ? u_true < se : u_false < 1.0 - sp;
}
