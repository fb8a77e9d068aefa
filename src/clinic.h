/*
 * clinic.h — what a clinician sees of a simulated patient (issue 19): the
 * model's states are the truth, and the criteria read them only through
 * the tests a clinician would do, when they are done, with their published
 * accuracy and delays (docs/criteria.md, "What a clinician sees"):
 *
 *   - a marrow aspirate is an event (scenario `clinic.marrow_aspirate`,
 *     days after presentation, or not done); its hemophagocytosis finding
 *     has the published sensitivity and specificity of the aspirate;
 *   - splenomegaly and hepatomegaly are found by palpation, with its
 *     published sensitivity and specificity, from the organ's size;
 *   - NK-cell activity and sCD25 are sent once (`clinic.hlh_workup`) and
 *     their results arrive after the assays' turnaround times;
 *   - laboratory values can carry measurement error (`clinic.lab_error`):
 *     analytical and within-person biological variation per analyte;
 *   - an item whose test has not been done, or whose result has not
 *     arrived, stays missing: it never counts as met or as absent.
 *
 * Every draw is a pure function of the patient's seed (`clinic.seed`), of
 * what is drawn and of the day: a run is reproducible, and the runs of a
 * sweep differ when their seeds do.
 */
#ifndef MAS_CLINIC_H
#define MAS_CLINIC_H

#include <stdint.h>

/* The default presentation: days after the (first) trigger. */
#define MAS_CLINIC_PRESENTATION_D 14.0

/* Marrow aspirate: the finding of hemophagocytosis when the marrow truly
 * holds hemophagocytic macrophages (hemophagocytosis_index above 0.2) and
 * when it does not.  Sensitivity: hemophagocytosis was found in 60 % of
 * the sJIA-MAS patients who had an aspirate (Minoia et al., Arthritis
 * Rheumatol 2014;66:3160; 58 % of initial aspirates in pediatric HLH,
 * Gupta et al., Pediatr Blood Cancer 2008;51:402).  Specificity 0.60:
 * aspirates of patients without HLH (Ann Clin Lab Sci 2012;42,
 * "Sensitivity and specificity of bone marrow hemophagocytosis in
 * hemophagocytic lymphohistiocytosis"); hemophagocytosis is common in
 * sepsis (64.5 % of ICU non-survivors, Strauss et al., Crit Care Med
 * 2004;32:1316). */
#define MAS_MARROW_SENSITIVITY 0.60
#define MAS_MARROW_SPECIFICITY 0.60
/* The aspirate is read the day it is done: median 0 days from the
 * aspirate to the diagnosis of HLH (Gupta 2008). */
#define MAS_MARROW_TURNAROUND_D 0.0

/* Send-out tests of the HLH work-up, days from the sample to the result:
 * the reference laboratory's time from receipt plus one day of transport
 * (whole blood must arrive within 24 h).  NK-cell function (51Cr release,
 * Cincinnati Children's): 4-5 days (Stanford laboratory test guide, test
 * 11551R; 3-5 d in Seattle Children's catalogue), so 5 + 1.  sIL-2R
 * (sCD25): 4 days from receipt (UW Medicine laboratory test menu, RSIL2R;
 * 2-7 d at Seattle Children's, 2-8 d at Mayo Clinic), so 4 + 1. */
#define MAS_NK_TURNAROUND_D 6.0
#define MAS_SCD25_TURNAROUND_D 5.0

/* Palpation of the abdomen.  Spleen: sensitivity 0.58, specificity 0.92
 * (all techniques; Grover et al., JAMA 1993;270:2218).  Liver: 0.67 and
 * 0.73, from the pooled table of Naylor, JAMA 1994;271:1859 (a palpable
 * liver in 231 of 343 enlarged livers and in 303 of 1,121 normal ones). */
#define MAS_PALP_SPLEEN_SENSITIVITY 0.58
#define MAS_PALP_SPLEEN_SPECIFICITY 0.92
#define MAS_PALP_LIVER_SENSITIVITY 0.67
#define MAS_PALP_LIVER_SPECIFICITY 0.73

/* The analytes that carry measurement error, in the order of the table
 * mas_lab_errors[]. */
enum mas_lab {
    MAS_LAB_FERRITIN, MAS_LAB_PLATELETS, MAS_LAB_AST, MAS_LAB_TRIGLYCERIDES,
    MAS_LAB_FIBRINOGEN, MAS_LAB_HEMOGLOBIN, MAS_LAB_NEUTROPHILS, MAS_LAB_WBC,
    MAS_LAB_SCD25, MAS_LAB_LDH, MAS_LAB_ESR, MAS_LAB_N
};

/* One analyte's variation: analytical CV (cv_a) and within-subject
 * biological CV (cv_i), as fractions, or an absolute SD (sd_abs, in the
 * analyte's unit) where only that is published; with their source. */
struct mas_lab_error {
    const char *name;
    double cv_a, cv_i, sd_abs;
    const char *source;
};
extern const struct mas_lab_error mas_lab_errors[MAS_LAB_N];

/* The total CV of a result, sqrt(cv_a^2 + cv_i^2). */
double mas_lab_total_cv(enum mas_lab lab);

/* What is drawn (the streams of a patient's random numbers). */
enum mas_draw {
    MAS_DRAW_MARROW, MAS_DRAW_SPLEEN_TRUE, MAS_DRAW_SPLEEN_FALSE, MAS_DRAW_LIVER_TRUE,
    MAS_DRAW_LIVER_FALSE, MAS_DRAW_LAB   /* + enum mas_lab */
};

/* A uniform number in (0, 1), a pure function of (seed, stream, k). */
double mas_clinic_uniform(double seed, unsigned stream, int64_t k);
/* A standard normal number, a pure function of (seed, stream, k). */
double mas_clinic_normal(double seed, unsigned stream, int64_t k);

/* The measured value of `lab` whose true value is v, on day `day` (the
 * error of that day's sample): log-normal with median v and the total CV,
 * or v plus a normal error of SD sd_abs (not below 0); v itself when v is
 * NaN or not positive. */
double mas_lab_measured(double seed, enum mas_lab lab, double v, double day);

/* A test of sensitivity se and specificity sp on a patient for whom the
 * finding is truly present (1) or not (0): what the test shows, from the
 * uniform numbers u_true (used when present) and u_false (when absent). */
int mas_test_result(int present, double se, double sp, double u_true, double u_false);

#endif
